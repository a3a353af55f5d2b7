/**
 * The training run: start, stop, and the event stream folded into RunState. Events are
 * queued and applied at most once per animation frame and four times a second
 * (./frameQueue.ts), so a fast trainer cannot flood React nor the page take the CPU the
 * training needs.
 */
import { isImportId } from '../../core/api/contract';
import { EVENT_BATCH_MS } from '../../core/api/eventBatcher';
import type { TrainEvent } from '../../core/train/events';
import { createStore } from '../store/createStore';
import { editor, editorStore, setLocked } from '../store/editorStore';
import { canvas } from '../canvas/controller';
import { checkFor } from '../store/derived';
import { ui, uiStore } from '../store/uiStore';
import { getApi, errorMessage } from '../api';
import { IDLE_RUN, isActive, loseRun, reduceRun, startRun, type RunState } from './runState';
import { formatPercent } from '../util/format';
import { frameQueue } from './frameQueue';

export const runStore = createStore<RunState>(IDLE_RUN);

/** Run options that are not part of the document: whether a saved project's run starts from its saved weights. */
export const runOptionsStore = createStore<{ fromSavedWeights: boolean }>({ fromSavedWeights: true });

let runId: string | null = null;
/** editor.generation when the run started: its weights belong to that project only. */
let runProject = -1;
/** Events that arrive before startTraining resolves with the run id (the socket can be faster). */
let early: { runId: string; event: TrainEvent }[] = [];
let subscribed = false;

/** How often step events reach the run's state (and its charts) at most: as often as the backend sends them. */
export const RUN_UPDATE_MS = EVENT_BATCH_MS;

const queue = frameQueue<TrainEvent>(apply, { minIntervalMs: RUN_UPDATE_MS, urgent: (e) => e.kind !== 'step' });

function apply(events: TrainEvent[]): void {
  const before = runStore.get();
  runStore.set((s) => reduceRun(s, events, performance.now()));
  const after = runStore.get();
  if (before.firstPointAt === undefined && after.firstPointAt !== undefined && after.clickedAt !== undefined) {
    ui.log('info', `First chart point ${Math.round(after.firstPointAt - after.clickedAt)} ms after the Train click`);
  }
  if (isActive(before) && !isActive(after)) finished(after);
}

function finished(s: RunState): void {
  setLocked(false);
  if (runId && (s.status === 'completed' || s.status === 'stopped')) editor.rememberRun(runId, runProject);
  if (s.status === 'lost') {
    ui.toast('error', 'Lost the connection to the backend: the run is lost. The graph is editable again; use Reconnect in the status bar.');
    ui.log('error', 'Training lost: the backend went away');
    return;
  }
  if (s.status === 'error') {
    ui.toast('error', s.error?.message ?? 'Training failed');
    ui.log('error', `Training failed: ${s.error?.code} ${s.error?.message}`);
    ui.showDock('training');
    // Runtime errors name the canvas node they come from (ONNX node names point back to it): show it.
    const nodeId = s.error?.nodeId;
    if (nodeId && editorStore.get().doc.nodes.some((n) => n.id === nodeId)) {
      editor.select([nodeId]);
      canvas()?.centerNode(nodeId);
    }
    return;
  }
  const acc = s.done?.test?.accuracy ?? s.done?.test_accuracy;
  ui.log('info', `Training ${s.status}: ${s.done?.steps ?? 0} steps${acc !== undefined ? `, test accuracy ${formatPercent(acc)}` : ''}`);
  // No automatic tab switch: it would yank the curves away from someone reading them. A toast and a dot on the tab instead.
  if (acc !== undefined) {
    uiStore.set((u) => ({ ...u, evaluationUnseen: !(u.dockOpen && u.dockTab === 'evaluation') }));
    if (s.status === 'completed') ui.toast('success', `Training complete: test accuracy ${formatPercent(acc)}. Details in the Evaluation tab.`);
  }
}

/** Subscribes once at start-up so the event socket is open before the first Train click. */
export function connectTrainingEvents(): void {
  const api = getApi();
  if (!api || subscribed) return;
  subscribed = true;
  api.onTrainEvent(({ runId: id, event }) => {
    if (runId === null) {
      if (isActive(runStore.get())) early.push({ runId: id, event });
      return;
    }
    if (id === runId) queue.push(event);
  });
}

/**
 * Starts a run. A saved project's run is recorded in runs/ beside it and saves its weights
 * there; `resume` continues a recorded run from its checkpoint.
 */
export async function train(opts: { resume?: { runId: string; checkpoint?: 'last' | 'best' }; fromSavedWeights?: boolean } = {}): Promise<void> {
  const api = getApi();
  if (!api) {
    ui.toast('error', 'Training needs the Wiregrad backend: start the desktop app or `wiregrad serve`.');
    return;
  }
  if (isActive(runStore.get())) return;
  const doc = editor.project;
  const { filePath } = editorStore.get();
  // The checker already knows whether this graph can train: say so here rather than after a round trip.
  const errors = checkFor(doc).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    ui.toast('error', `Fix ${errors.length === 1 ? 'the problem' : `the ${errors.length} problems`} in the graph first: ${errors[0].message}`);
    ui.showDock('problems');
    return;
  }
  connectTrainingEvents();
  runId = null;
  runProject = editor.generation;
  early = [];
  runStore.set(startRun(performance.now()));
  setLocked(true);
  // The click's own frame only locks the canvas and turns Train into Stop; the Training tab
  // (its charts mount) comes in the next task, so the click is not one long frame (issue #11).
  setTimeout(() => {
    if (isActive(runStore.get())) ui.showDock('training');
  }, 0);
  ui.log('info', `Training ${opts.resume ? `resumed from ${opts.resume.runId}` : 'started'}: ${doc.training.epochs} epoch(s), batch ${doc.training.batch_size}, ${doc.training.optimizer.type}, ${doc.training.device}`);
  try {
    // A freshly imported model trains from its imported weights (held by the backend under the import's id).
    const from = editorStore.get().lastRunId;
    const started = await api.startTraining(doc, {
      ...(filePath ? { projectPath: filePath, fromSavedWeights: runOptionsStore.get().fromSavedWeights } : {}),
      ...(isImportId(from) ? { initialRunId: from } : {}),
      ...opts,
    });
    runId = started.runId;
    for (const e of early) if (e.runId === runId) queue.push(e.event);
    early = [];
    // Stop pressed while the run was still starting: deliver it now that it has an id.
    if (runStore.get().status === 'stopping') await api.stopTraining(runId);
  } catch (e) {
    runStore.set((s) => reduceRun(s, [{ kind: 'error', code: 'START_FAILED', message: errorMessage(e) }]));
    finished(runStore.get());
  }
}

/** The backend went away: a run in progress will never report again; end it as lost and unlock the graph. */
export function backendLost(): void {
  const before = runStore.get();
  if (!isActive(before)) return;
  queue.clear();
  runStore.set(loseRun(before));
  finished(runStore.get());
}

export async function stop(): Promise<void> {
  const api = getApi();
  const s = runStore.get();
  if (!api || !isActive(s)) return;
  runStore.set({ ...s, status: 'stopping' });
  try {
    if (runId) await api.stopTraining(runId);
  } catch (e) {
    ui.toast('error', `Could not stop: ${errorMessage(e)}`);
  }
}
