/**
 * A saved project's runs and weights through the HTTP transport with the real core: a run
 * records itself in runs/ beside the project and saves the weights beside it; after a
 * backend restart the project opens with its weights, Export exports them, the runs panel
 * lists, reads, renames, exports CSV and deletes runs, and Resume continues a run's checkpoint.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBackend } from '../../../core/api/backend';
import type { RunEvent } from '../../../core/api/contract';
import { coreDeps } from '../../../core/api/coreDeps';
import { createHttpClient, type HttpClient } from '../../../core/api/httpClient';
import { startServer, type RunningServer } from '../../../core/api/server/server';
import type { ProjectDocument } from '../../../core/graph/document';
import { MNIST_NORMALIZE, mnistSubset } from '../../helpers/mnist';
import { REPO } from './fakes';

const workerBuilt = existsSync(join(REPO, 'dist', 'train-worker.cjs'));

describe.skipIf(!workerBuilt)('project runs and weights over HTTP', () => {
  let dir: string;
  let project: string;
  let doc: ProjectDocument;
  let servers: RunningServer[] = [];

  async function connect(): Promise<HttpClient> {
    const backend = createBackend({ home: join(dir, 'home'), templatesDir: join(REPO, 'assets', 'templates'), deps: coreDeps, shell: 'web', version: 'test' });
    const server = await startServer({ backend, staticDir: join(dir, 'none'), port: 0 });
    servers.push(server);
    return createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  }

  async function trainToEnd(api: HttpClient, opts: Parameters<HttpClient['startTraining']>[1]): Promise<{ runId: string; events: RunEvent['event'][] }> {
    const events: RunEvent[] = [];
    let settle!: () => void;
    const over = new Promise<void>((r) => (settle = r));
    const off = api.onTrainEvent((e) => {
      events.push(e);
      if (e.event.kind === 'done' || e.event.kind === 'error') settle();
    });
    const { runId } = await api.startTraining(doc, opts);
    await over;
    off();
    const mine = events.filter((e) => e.runId === runId).map((e) => e.event);
    expect(mine.at(-1)?.kind, JSON.stringify(mine.at(-1))).toBe('done');
    return { runId, events: mine };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wiregrad-runs-'));
    const raw = JSON.parse(readFileSync(join(REPO, 'assets/templates/mnist-mlp.wiregrad.json'), 'utf8'));
    raw.training = { ...raw.training, dataset: mnistSubset(join(dir, 'data'), { train: 2000, test: 500 }), normalize: MNIST_NORMALIZE, epochs: 1, optimizer: { type: 'adam', lr: 0.002 } };
    project = join(dir, 'digits.wiregrad.json');
    writeFileSync(project, JSON.stringify(raw));
  });

  afterAll(async () => {
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records runs, keeps the weights across a restart, lists/reads/renames/exports/deletes runs, and resumes', async () => {
    let api = await connect();
    doc = (await api.openProject(project)).doc;
    const first = await trainToEnd(api, { projectPath: project, fromSavedWeights: false });
    const second = await trainToEnd(api, { projectPath: project, epochs: 2 });
    expect(existsSync(join(dir, 'digits.wiregrad.weights'))).toBe(true);

    // Restart: a new backend knows no runs in memory, but the project's weights are saved.
    api.close();
    api = await connect();
    const opened = await api.openProject(project);
    expect(opened.weights).toMatchObject({ fits: true, runId: second.runId });
    const exported = await api.exportOnnx(opened.doc, { path: join(dir, 'm.onnx'), projectPath: project });
    expect(exported).toMatchObject({ trained: true, weightsFile: join(dir, 'digits.wiregrad.weights') });
    const untrained = await api.exportOnnx(opened.doc, { path: join(dir, 'u.onnx') });
    expect(untrained.trained).toBe(false);

    const runs = await api.listRuns(project);
    expect(runs.map((r) => r.id).sort()).toEqual([first.runId, second.runId].sort());
    expect(runs.find((r) => r.id === second.runId)).toMatchObject({ status: 'completed', training: { epochs: 2 }, summary: { epochs: 2 } });
    const details = await api.readRun(project, second.runId);
    expect(details.steps.length).toBe(second.events.filter((e) => e.kind === 'step').length);
    expect(details.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(details.record.document.nodes.length).toBe(doc.nodes.length);
    expect((await api.renameRun(project, first.runId, 'baseline')).name).toBe('baseline');
    const csv = await api.exportRunCsv(project, second.runId);
    expect(csv.text.split('\n')[0]).toBe('step,epoch,loss,accuracy,lr,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy');
    expect(csv.text.trim().split('\n')).toHaveLength(details.steps.length + 1);
    await expect(api.readRun(project, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.readRun(project, '../etc')).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });

    // Resume the first run (1 epoch) to 2 epochs: it continues at epoch 2 from its checkpoint.
    const resumed = await trainToEnd(api, { projectPath: project, epochs: 2, resume: { runId: first.runId } });
    expect(resumed.events.find((e) => e.kind === 'start')).toMatchObject({ firstEpoch: 2 });
    expect(resumed.events.filter((e) => e.kind === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([2]);
    expect((await api.listRuns(project)).find((r) => r.id === resumed.runId)?.resumed_from).toMatch(/last\.wiregrad\.ckpt$/);

    await api.deleteRun(project, first.runId);
    expect((await api.listRuns(project)).map((r) => r.id)).not.toContain(first.runId);
    api.close();
  }, 240_000);
});
