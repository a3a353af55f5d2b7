import type { CheckResult } from '../check/types';
import { buildProgram, type CompiledProgram, type ProgramKind } from '../compile/programs';
import { carriedPairs } from '../compile/signature';
import type { ProjectDocument } from '../graph/document';
import { emitModel, type StepKernels } from '../onnx/emit';
import { emitLoopModel, loopSignature, type LoopSignature } from '../onnx/loop';
import { absorbOutputs, feedsFor, loopFeeds, scalarOutput, type StepBlock, type Targets } from './bind';
import type { TrainExecutor } from './executor';
import { createStepSession, ort, type SessionOptions } from './session';
import type { TrainState } from './trainState';

export interface StepResult {
  loss: number;
  correct: number;
}

export interface EvalResult extends StepResult {
  prediction?: BigInt64Array;
}

interface Compiled {
  session: ort.InferenceSession;
  compiled: CompiledProgram;
  /** Set for the K-step Loop model. */
  loop?: LoopSignature;
}

/**
 * Owns the training state of one model replica in host memory and the ORT sessions that
 * update it: one per program kind and batch size (the last, smaller batch of an epoch gets
 * its own session, compiled on first use). Inputs and outputs are bound by role through
 * the programs' signatures (./bind.ts).
 */
export class ModelRunner implements TrainExecutor {
  readonly deviceLabel: string;
  readonly fusesSteps = true;
  private sessions = new Map<string, Promise<Compiled>>();

  constructor(
    private readonly doc: ProjectDocument,
    private readonly check: CheckResult,
    /** Carried from step to step; replaced wholesale by outputs (ORT returns new arrays). */
    readonly state: TrainState,
    private readonly sessionOptions: SessionOptions = {},
    /** This replica's stream of randomness (Dropout masks). */
    private readonly rngSeed = 0,
  ) {
    this.deviceLabel = sessionOptions.provider === 'cuda' ? `cuda:${sessionOptions.deviceId ?? 0}` : 'cpu';
  }

  get params(): Float32Array {
    return this.state.params;
  }

  /** k > 1: the K-step Loop model over a block of k batches. */
  private session(kind: ProgramKind, batch: number, k = 1): Promise<Compiled> {
    const key = `${kind}:${batch}:${k}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = (async () => {
        const compiled = buildProgram(this.doc, kind, batch, this.check);
        const fastKernels = kind !== 'eval';
        const loop = k > 1 ? loopSignature(compiled.signature) : undefined;
        const emit = (kernels: StepKernels) => (k > 1 ? emitLoopModel(compiled.program, compiled.signature, k, { fastKernels, ...kernels }) : emitModel(compiled.program, { fastKernels, ...kernels, ortOrder: true }));
        const session = await createStepSession(emit, this.sessionOptions);
        return { session, compiled, loop };
      })();
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Compiles the sessions for a batch size ahead of time (so the first step is not slow). */
  async prepare(batch: number, k = 1): Promise<void> {
    await this.session('train', batch, k);
  }

  /**
   * K steps in one run: `xs` holds K batches back to back, `lrs` one learning rate per step.
   * Returns each step's loss and number correct, exactly as K single steps would.
   */
  async trainSteps(block: StepBlock, batch: number): Promise<StepResult[]> {
    const { k } = block;
    if (k === 1) return [await this.trainStep(block.xs, block.ys, batch, block.lrs[0])];
    const { session, loop } = await this.session('train', batch, k);
    const out = await session.run(loopFeeds(loop!, this.state, block, this.rngSeed));
    absorbOutputs(loop!.carried, this.state, out);
    const scan = (role: string) => loop!.scans.find((s) => s.port.role === role);
    const losses = out[scan('loss')!.name].data as Float32Array;
    const correctScan = scan('correct');
    const corrects = correctScan ? (out[correctScan.name].data as Float32Array) : undefined;
    return Array.from(losses, (loss, i) => ({ loss, correct: corrects ? corrects[i] : NaN }));
  }

  async trainStep(x: Float32Array, y: Targets, batch: number, lr: number): Promise<StepResult> {
    const { session, compiled } = await this.session('train', batch);
    const sig = compiled.signature;
    const out = await session.run(feedsFor(sig, this.state, { x, y, lr, rngSeed: this.rngSeed }));
    absorbOutputs(carriedPairs(sig), this.state, out);
    return { loss: scalarOutput(out, sig, 'loss'), correct: scalarOutput(out, sig, 'correct') };
  }

  async evaluate(x: Float32Array, y: Targets, batch: number): Promise<EvalResult> {
    const { session, compiled } = await this.session('eval', batch);
    const sig = compiled.signature;
    const out = await session.run(feedsFor(sig, this.state, { x, y, rngSeed: this.rngSeed }));
    const prediction = sig.outputs.find((p) => p.role === 'prediction');
    return {
      loss: scalarOutput(out, sig, 'loss'),
      correct: scalarOutput(out, sig, 'correct'),
      prediction: prediction ? (out[prediction.name].data as BigInt64Array) : undefined,
    };
  }

  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).session.release();
    this.sessions.clear();
  }
}
