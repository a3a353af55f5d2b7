/**
 * The state of the current training run, folded from the trainer's event stream
 * (core/train/events.ts). Events are applied in batches (one per animation frame), so
 * the per-step arrays are copied once per frame, not once per event.
 */
import type { DoneEvent, EpochEvent, ErrorEvent, StartEvent, StepEvent, TrainEvent } from '../../core/train/events';

/** 'lost': the backend went away mid-run (killed, crashed, tunnel dropped); nothing more will arrive. */
export type RunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'completed' | 'stopped' | 'error' | 'lost';

export interface StepSeries {
  step: number[];
  loss: number[];
  accuracy: (number | null)[];
}

export interface RunState {
  status: RunStatus;
  start?: StartEvent;
  steps: StepSeries;
  epochs: EpochEvent[];
  last?: StepEvent;
  done?: DoneEvent;
  error?: ErrorEvent;
  /** performance.now() at the Train click and at the first step: the "time to first point" figure. */
  clickedAt?: number;
  firstPointAt?: number;
}

export const IDLE_RUN: RunState = { status: 'idle', steps: { step: [], loss: [], accuracy: [] }, epochs: [] };

export function isActiveStatus(status: RunStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'stopping';
}

export function isActive(s: RunState): boolean {
  return isActiveStatus(s.status);
}

export function startRun(now: number): RunState {
  return { ...IDLE_RUN, status: 'starting', clickedAt: now };
}

export function reduceRun(state: RunState, events: TrainEvent[], now = 0): RunState {
  if (!events.length) return state;
  let s = state;
  const newSteps: StepEvent[] = [];
  for (const ev of events) {
    switch (ev.kind) {
      case 'start':
        s = { ...s, status: s.status === 'stopping' ? 'stopping' : 'running', start: ev };
        break;
      case 'step':
        newSteps.push(ev);
        s = { ...s, last: ev, status: s.status === 'starting' ? 'running' : s.status };
        break;
      case 'epoch':
        s = { ...s, epochs: [...s.epochs, ev] };
        break;
      case 'done':
        s = { ...s, done: ev, status: ev.reason === 'stopped' ? 'stopped' : 'completed' };
        break;
      case 'error':
        s = { ...s, error: ev, status: 'error' };
        break;
    }
  }
  if (newSteps.length) {
    s = {
      ...s,
      steps: {
        step: s.steps.step.concat(newSteps.map((e) => e.step)),
        loss: s.steps.loss.concat(newSteps.map((e) => e.loss)),
        accuracy: s.steps.accuracy.concat(newSteps.map((e) => e.accuracy ?? null)),
      },
      firstPointAt: s.firstPointAt ?? now,
    };
  }
  return s;
}

/** The backend is gone: an active run ends here, as lost (its curves stay). */
export function loseRun(state: RunState): RunState {
  if (!isActive(state)) return state;
  return { ...state, status: 'lost', error: { kind: 'error', code: 'BACKEND_LOST', message: 'The connection to the Wiregrad backend was lost, and the run with it' } };
}

/** Test accuracy from whichever event carried it last. */
export function testAccuracy(s: RunState): number | undefined {
  return s.done?.test?.accuracy ?? s.done?.test_accuracy ?? s.epochs.at(-1)?.test_accuracy;
}

export function progress(s: RunState): number {
  const total = s.start?.totalSteps ?? 0;
  if (s.status === 'completed') return 1;
  return total > 0 && s.last ? Math.min(1, s.last.step / total) : 0;
}
