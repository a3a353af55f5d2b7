import type { CheckResult } from '../check/types';
import { buildProgram, type CompiledProgram, type ProgramKind } from '../compile/programs';
import type { ProjectDocument } from '../graph/document';
import { emitModel } from '../onnx/emit';
import { emitLoopModel } from '../onnx/loop';
import type { TrainExecutor } from './executor';
import { createSession, ort, type SessionOptions } from './session';

export interface StepResult {
  loss: number;
  correct: number;
}

export interface EvalResult extends StepResult {
  prediction?: BigInt64Array;
}

/**
 * Owns the parameters and optimizer state of one model replica in host memory and the ORT
 * sessions that update them: one per program kind and batch size (the last, smaller batch
 * of an epoch gets its own session, compiled on first use).
 */
export class ModelRunner implements TrainExecutor {
  readonly deviceLabel: string;
  readonly fusesSteps = true;
  private sessions = new Map<string, Promise<{ session: ort.InferenceSession; compiled: CompiledProgram }>>();
  readonly state: Float32Array[];
  /** Number of optimizer updates applied so far. */
  step = 0;

  constructor(
    private readonly doc: ProjectDocument,
    private readonly check: CheckResult,
    public params: Float32Array,
    readonly stateNames: string[],
    private readonly sessionOptions: SessionOptions = {},
  ) {
    this.state = stateNames.map(() => new Float32Array(params.length));
    this.deviceLabel = sessionOptions.provider === 'cuda' ? `cuda:${sessionOptions.deviceId ?? 0}` : 'cpu';
  }

  /** k > 1: the K-step Loop model over a block of k batches. */
  private session(kind: ProgramKind, batch: number, k = 1) {
    const key = `${kind}:${batch}:${k}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = (async () => {
        const compiled = buildProgram(this.doc, kind, batch, this.check);
        const model = k > 1 ? emitLoopModel(compiled.program, k) : emitModel(compiled.program);
        const session = await createSession(model, this.sessionOptions);
        return { session, compiled };
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
   * K steps in one run: `xs` holds K batches back to back. Returns each step's loss and
   * number correct, exactly as K single steps would.
   */
  async trainSteps(xs: Float32Array, ys: BigInt64Array, batch: number, k: number): Promise<StepResult[]> {
    if (k === 1) return [await this.trainStep(xs, ys, batch)];
    const { session, compiled } = await this.session('train', batch, k);
    const P = this.params.length;
    const feeds: Record<string, ort.Tensor> = {
      params: new ort.Tensor('float32', this.params, [P]),
      step: new ort.Tensor('float32', new Float32Array([this.step]), []),
      xs: new ort.Tensor('float32', xs, [k, batch, ...compiled.sampleShape]),
      ys: new ort.Tensor('int64', ys, [k, batch]),
    };
    this.stateNames.forEach((n, i) => (feeds[`state.${n}`] = new ort.Tensor('float32', this.state[i], [P])));
    const out = await session.run(feeds);
    this.params = out.params_out.data as Float32Array;
    this.stateNames.forEach((n, i) => (this.state[i] = out[`state_out.${n}`].data as Float32Array));
    this.step += k;
    const losses = out.losses.data as Float32Array;
    const corrects = out.corrects ? (out.corrects.data as Float32Array) : undefined;
    return Array.from(losses, (loss, i) => ({ loss, correct: corrects ? corrects[i] : NaN }));
  }

  async trainStep(x: Float32Array, y: BigInt64Array, batch: number): Promise<StepResult> {
    const { session, compiled } = await this.session('train', batch);
    const feeds = this.dataFeeds(compiled, x, y, batch);
    feeds.step = new ort.Tensor('float32', new Float32Array([this.step]), []);
    this.stateNames.forEach((n, i) => (feeds[`state.${n}`] = new ort.Tensor('float32', this.state[i], [this.params.length])));
    const out = await session.run(feeds);
    this.params = out.params_out.data as Float32Array;
    this.stateNames.forEach((n, i) => (this.state[i] = out[`state_out.${n}`].data as Float32Array));
    this.step++;
    return { loss: scalar(out.loss), correct: out.correct ? scalar(out.correct) : NaN };
  }

  async evaluate(x: Float32Array, y: BigInt64Array, batch: number): Promise<EvalResult> {
    const { session, compiled } = await this.session('eval', batch);
    const out = await session.run(this.dataFeeds(compiled, x, y, batch));
    return {
      loss: scalar(out.loss),
      correct: out.correct ? scalar(out.correct) : NaN,
      prediction: out.prediction ? (out.prediction.data as BigInt64Array) : undefined,
    };
  }

  private dataFeeds(c: CompiledProgram, x: Float32Array, y: BigInt64Array, batch: number): Record<string, ort.Tensor> {
    return {
      params: new ort.Tensor('float32', this.params, [this.params.length]),
      x: new ort.Tensor('float32', x, [batch, ...c.sampleShape]),
      y: new ort.Tensor('int64', y, [batch]),
    };
  }

  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).session.release();
    this.sessions.clear();
  }
}

function scalar(t: ort.Tensor): number {
  return Number((t.data as Float32Array)[0]);
}
