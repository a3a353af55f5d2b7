import { onnx } from 'onnx-proto';
import type { Program, Value } from '../ir/ir';
import { carriedPairs, isPerStepInput, isPerStepOutput, type Port, type ProgramSignature } from '../compile/signature';
import { buildGraph, modelProto, valueInfo, type EmitOptions, type StepKernels } from './emit';

/** The K-step model's signature: per-step inputs arrive stacked, per-step outputs leave stacked. */
export interface LoopSignature {
  /** Carried state: same names as the single step (e.g. params → params_out). */
  carried: { input: Port; output: Port }[];
  /** Inputs read once per run (the rng seed): same names as the single step. */
  perRun: Port[];
  /** Per-step inputs as [K, ...] blocks, named `<name>_steps` (x_steps, y_steps, lr_steps). */
  perStep: { port: Port; name: string }[];
  /** Per-step results as [K, ...] scans, named `<name>_steps` (loss_steps, correct_steps). */
  scans: { port: Port; name: string }[];
}

export function stackedName(port: Port): string {
  return `${port.name}_steps`;
}

export function loopSignature(sig: ProgramSignature): LoopSignature {
  const carried = carriedPairs(sig);
  const carriedInputs = new Set(carried.map((c) => c.input.name));
  return {
    carried,
    perRun: sig.inputs.filter((p) => !carriedInputs.has(p.name) && !isPerStepInput(p.role)),
    perStep: sig.inputs.filter((p) => isPerStepInput(p.role)).map((port) => ({ port, name: stackedName(port) })),
    scans: sig.outputs.filter((p) => isPerStepOutput(p.role)).map((port) => ({ port, name: stackedName(port) })),
  };
}

/**
 * Fuses K training steps into one ONNX model: a Loop whose body is the single-step graph.
 * Everything the signature marks as carried state (parameters, buffers, optimizer state,
 * the step counter) is loop-carried, so it crosses the host/device boundary once per K
 * steps instead of every step; per-step inputs (batch, labels, learning rate) are read
 * from [K, ...] blocks at the iteration index; per-step results come out as [K] scans.
 * Per-run inputs (the rng seed) are read from the outer scope.
 */
export function emitLoopModel(step: Program, sig: ProgramSignature, k: number, options: Pick<EmitOptions, 'fastKernels'> & StepKernels = {}): Uint8Array {
  const P = 'body/';
  const body = buildGraph(step, { prefix: P, ...options });
  const ls = loopSignature(sig);
  const bodyName = (p: Port) => P + p.name;
  const perRunBody = new Set(ls.perRun.map(bodyName));

  // Body inputs: (iteration, condition, carried...). Per-step values are gathered from the
  // outer blocks; per-run values are renamed to read the outer graph input directly.
  const carriedBodyInputs = ls.carried.map((c) => body.input!.find((vi) => vi.name === bodyName(c.input))!);
  body.input = [valueInfo(`${P}iter`, scalar('int64')), valueInfo(`${P}cond`, scalar('bool')), ...carriedBodyInputs];
  const gathers: onnx.INodeProto[] = ls.perStep.map((s) => ({
    opType: 'Gather',
    input: [s.name, `${P}iter`],
    output: [bodyName(s.port)],
    attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
    name: `loop/gather_${s.port.name}`,
  }));
  const renamePerRun = (name: string) => (perRunBody.has(name) ? name.slice(P.length) : name);
  for (const n of body.node!) n.input = n.input!.map(renamePerRun);
  body.node = [...gathers, ...body.node!, { opType: 'Identity', input: [`${P}cond`], output: [`${P}cond_out`], name: 'loop/cond' }];

  const outInfo = (p: Port) => body.output!.find((o) => o.name === bodyName(p))!;
  body.output = [valueInfo(`${P}cond_out`, scalar('bool')), ...ls.carried.map((c) => outInfo(c.output)), ...ls.scans.map((s) => outInfo(s.port))];

  const outerOutputs = [...ls.carried.map((c) => c.output.name), ...ls.scans.map((s) => s.name)];
  const stacked = (p: Port): Value => ({ id: -1, shape: [k, ...p.shape], dtype: p.dtype });
  const graph: onnx.IGraphProto = {
    name: 'wiregrad_k_steps',
    initializer: [
      { name: 'loop_k', dataType: onnx.TensorProto.DataType.INT64, dims: [], rawData: new Uint8Array(new BigInt64Array([BigInt(k)]).buffer) },
      { name: 'loop_true', dataType: onnx.TensorProto.DataType.BOOL, dims: [], rawData: new Uint8Array([1]) },
    ],
    input: [
      ...ls.carried.map((c) => valueInfo(c.input.name, portValue(c.input))),
      ...ls.perRun.map((p) => valueInfo(p.name, portValue(p))),
      ...ls.perStep.map((s) => valueInfo(s.name, stacked(s.port))),
    ],
    node: [
      {
        opType: 'Loop',
        name: 'loop/steps',
        input: ['loop_k', 'loop_true', ...ls.carried.map((c) => c.input.name)],
        output: outerOutputs,
        attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: body }],
      },
    ],
    output: [...ls.carried.map((c) => valueInfo(c.output.name, portValue(c.output))), ...ls.scans.map((s) => valueInfo(s.name, stacked(s.port)))],
  };
  return onnx.ModelProto.encode(modelProto(graph)).finish();
}

function portValue(p: Port): Value {
  return { id: -1, shape: p.shape, dtype: p.dtype };
}

function scalar(dtype: Value['dtype']): Value {
  return { id: -1, shape: [], dtype };
}
