import { onnx } from 'onnx-proto';
import type { Program, Value } from '../ir/ir';
import { buildGraph, modelProto, tensorProto, valueInfo } from './emit';

/**
 * Fuses K training steps into one ONNX model: a Loop whose body is the single-step graph,
 * reading batch k from a block of K batches (`xs`, `ys`). Parameters, optimizer state and
 * the step counter are loop-carried, so they cross the host/device boundary once per K
 * steps instead of every step; each step's loss and number correct come out as [K] scans.
 */
export function emitLoopModel(step: Program, k: number): Uint8Array {
  const P = 'body/';
  const body = buildGraph(step, { prefix: P });
  const input = (name: string) => step.inputs.find((v) => v.name === name)!;
  const output = (name: string) => step.outputs.find((o) => o.name === name);
  const x = input('x');
  const y = input('y');
  const carried = step.inputs.filter((v) => v.name === 'params' || v.name!.startsWith('state.'));
  const stepIn = input('step');

  // Body inputs: (iteration, condition, carried..., step); x and y come from the block.
  body.input = [
    valueInfo(`${P}iter`, scalar('int64')),
    valueInfo(`${P}cond`, scalar('bool')),
    ...body.input!.filter((vi) => vi.name !== `${P}x` && vi.name !== `${P}y`),
  ];
  const one = `${P}const_one`;
  body.initializer = [...(body.initializer ?? []), tensorProto(one, 'float32', [], [1])];
  body.node = [
    { opType: 'Gather', input: ['xs', `${P}iter`], output: [`${P}x`], attribute: [axis0()], name: 'loop/gather_x' },
    { opType: 'Gather', input: ['ys', `${P}iter`], output: [`${P}y`], attribute: [axis0()], name: 'loop/gather_y' },
    ...body.node!,
    { opType: 'Identity', input: [`${P}cond`], output: [`${P}cond_out`], name: 'loop/cond' },
    { opType: 'Add', input: [`${P}step`, one], output: [`${P}step_out`], name: 'loop/step' },
  ];
  const outInfo = (name: string) => body.output!.find((o) => o.name === P + name)!;
  const scans = ['loss', 'correct'].filter((n) => output(n));
  body.output = [
    valueInfo(`${P}cond_out`, scalar('bool')),
    outInfo('params_out'),
    ...carried.filter((v) => v.name !== 'params').map((v) => outInfo(v.name!.replace('state.', 'state_out.'))),
    valueInfo(`${P}step_out`, stepIn),
    ...scans.map(outInfo),
  ];

  const carriedOuter = carried.map((v) => v.name!);
  const outerOutputs = [
    'params_out',
    ...carriedOuter.filter((n) => n !== 'params').map((n) => n.replace('state.', 'state_out.')),
    'step_out',
    ...scans.map((n) => SCAN_NAMES[n]),
  ];
  const graph: onnx.IGraphProto = {
    name: 'wiregrad_k_steps',
    initializer: [tensorProto('loop_k', 'int64', [], [k]), tensorProto('loop_true', 'bool', [], [1])],
    input: [
      ...carried.map((v) => valueInfo(v.name!, v)),
      valueInfo('step', stepIn),
      valueInfo('xs', { ...x, shape: [k, ...x.shape] }),
      valueInfo('ys', { ...y, shape: [k, ...y.shape] }),
    ],
    node: [
      {
        opType: 'Loop',
        name: 'loop/steps',
        input: ['loop_k', 'loop_true', ...carriedOuter, 'step'],
        output: outerOutputs,
        attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: body }],
      },
    ],
    output: outerOutputs.map((name, i) => {
      if (i < carriedOuter.length) return valueInfo(name, carried[i]);
      if (name === 'step_out') return valueInfo(name, stepIn);
      return valueInfo(name, { id: -1, shape: [k], dtype: 'float32' });
    }),
  };
  return onnx.ModelProto.encode(modelProto(graph)).finish();
}

/** Per-step scalars stacked by the Loop into [K] outputs. */
export const SCAN_NAMES: Record<string, string> = { loss: 'losses', correct: 'corrects' };

function scalar(dtype: Value['dtype']): Value {
  return { id: -1, shape: [], dtype };
}

function axis0(): onnx.IAttributeProto {
  return { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 };
}
