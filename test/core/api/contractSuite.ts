/**
 * One behavioural suite for the API contract, run against every transport (HTTP/WS in
 * http.test.ts, Electron IPC in test/electron/ipcTransport.test.ts): the renderer must
 * not be able to tell them apart.
 */

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, WiregradApi } from '../../../core/api/contract';
import { emptyDocument, type ProjectDocument } from '../../../core/graph/document';
import { fileStem } from '../../../core/graph/title';
import { checkDocument } from '../../../core/check/check';
import { bufferLayout, paramLayout } from '../../../core/compile/paramLayout';
import { EXPORT_FORMATS } from '../../../core/export/formatList';
import { readWeightsFile, weightsPathFor, writeWeightsFile } from '../../../core/project/weightsFile';
import { importOnnx } from '../../../core/import/onnx/importer';
import { modelBytes, tinyConvNet } from '../import/onnx/build';

export interface TransportFixture {
  api: WiregradApi;
  /** A scratch directory for project files. */
  dir: string;
  home: string;
  nativeDialogs: boolean;
  teardown(): Promise<void>;
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message?: string };
  }
  throw new Error('expected a rejection');
}

function collect(api: WiregradApi): { events: RunEvent[]; until(pred: (e: RunEvent) => boolean, ms?: number): Promise<RunEvent>; stop(): void } {
  const events: RunEvent[] = [];
  const waiters: { pred: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }[] = [];
  const stop = api.onTrainEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) if (w.pred(e)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  return {
    events,
    stop,
    until(pred, ms = 10_000) {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for a training event')), ms);
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
      });
    },
  };
}

export function contractSuite(name: string, setup: () => Promise<TransportFixture>): void {
  describe(`API contract over ${name}`, () => {
    let f: TransportFixture;
    let mlp: ProjectDocument;

    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f?.teardown();
    });

    it('reports the shell', async () => {
      const info = await f.api.getInfo();
      expect(info.version).toBe('0.0.0-test');
      expect(info.nativeDialogs).toBe(f.nativeDialogs);
      expect(info.home).toBe(f.home);
    });

    it('lists the templates with their documents', async () => {
      const t = await f.api.listTemplates();
      expect(t.map((x) => x.id)).toEqual(expect.arrayContaining(['mnist-mlp', 'mnist-lenet', 'cifar-convnet']));
      mlp = t.find((x) => x.id === 'mnist-mlp')!.doc;
      expect(mlp.nodes.length).toBeGreaterThan(2);
    });

    it('saves atomically, reopens the same graph and records it as recent', async () => {
      const path = join(f.dir, 'mlp.wiregrad.json');
      const saved = await f.api.saveProject(path, mlp);
      expect(saved.path).toBe(path);
      expect(saved.size).toBe(readFileSync(path).length);
      // The temp file was renamed, not left behind.
      expect(readdirSync(f.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      const opened = await f.api.openProject(path);
      expect(opened.doc).toEqual(mlp);
      const recent = await f.api.recentFiles();
      expect(recent[0].path).toBe(path);
      // Saving again over the file keeps one entry.
      await f.api.saveProject(path, { ...mlp, name: 'Renamed' });
      expect((await f.api.recentFiles()).filter((r) => r.path === path)).toHaveLength(1);
      expect((await f.api.openProject(path)).doc.name).toBe('Renamed');
    });

    it('reports missing and corrupt files with stable codes', async () => {
      const missing = await rejection(f.api.openProject(join(f.dir, 'nope.wiregrad.json')));
      expect(missing.code).toBe('NOT_FOUND');
      const bad = join(f.dir, 'bad.wiregrad.json');
      writeFileSync(bad, '{\n  "version": 1,\n  "nodes": [\n');
      const corrupt = await rejection(f.api.openProject(bad));
      expect(corrupt.code).toBe('DOC_BAD_JSON');
      expect(corrupt.message).toContain('bad.wiregrad.json');
    });

    it('refuses malformed arguments before they reach the backend', async () => {
      const e1 = await rejection((f.api.openProject as (p: unknown) => Promise<unknown>)(42));
      expect(e1.code).toBe('BAD_ARGUMENT');
      const e2 = await rejection(f.api.saveProject(join(f.dir, 'x.json'), { nodes: 'no' } as unknown as ProjectDocument));
      expect(e2.code).toBe('DOC_NO_NODES');
      const e4 = await rejection(f.api.saveProject(join(f.dir, 'x.json'), null as unknown as ProjectDocument));
      expect(e4.code).toBe('BAD_ARGUMENT');
      expect(existsSync(join(f.dir, 'x.json'))).toBe(false);
      const e3 = await rejection(f.api.openProject('relative/path.json'));
      expect(e3.code).toBe('BAD_ARGUMENT');
    });

    it('autosaves and recovers the graph, then discards it', async () => {
      expect(await f.api.recoverAutosave()).toBeNull();
      const doc = { ...emptyDocument('Scratch'), nodes: mlp.nodes, edges: mlp.edges };
      await f.api.autosave(doc, join(f.dir, 'scratch.wiregrad.json'));
      const rec = await f.api.recoverAutosave();
      expect(rec?.doc.nodes).toEqual(mlp.nodes);
      expect(rec?.path).toBe(join(f.dir, 'scratch.wiregrad.json'));
      await f.api.discardAutosave();
      expect(await f.api.recoverAutosave()).toBeNull();
    });

    it('exports the seeded initial weights before any training', async () => {
      const r = await f.api.exportOnnx(mlp);
      expect(r.trained).toBe(false);
      expect(r.untrainedReason).toMatch(/not finished a training run/);
      expect(r.bytes).toBeInstanceOf(Uint8Array);
      expect(r.size).toBe(r.bytes!.length);
      expect(r.fileName).toMatch(/\.onnx$/);
      expect(new TextDecoder().decode(r.bytes)).toContain('"weights":null');
    });

    it('streams training events, then exports the trained weights', async () => {
      const c = collect(f.api);
      const { runId } = await f.api.startTraining(mlp, { steps: 4 });
      const done = await c.until((e) => e.runId === runId && e.event.kind === 'done');
      c.stop();
      const kinds = c.events.filter((e) => e.runId === runId).map((e) => e.event.kind);
      expect(kinds[0]).toBe('start');
      expect(kinds.filter((k) => k === 'step')).toHaveLength(4);
      if (done.event.kind !== 'done') throw new Error('unreachable');
      expect(done.event.reason).toBe('completed');
      // Typed arrays arrive as plain arrays on every transport.
      expect(done.event.test?.predictions).toEqual([1, 0, 2]);

      // stopTraining on a finished run is harmless and waits for nothing.
      await f.api.stopTraining(runId);
      const path = join(f.dir, 'mlp.onnx');
      const r = await f.api.exportOnnx({ ...mlp, name: 'moved nodes do not matter' }, { path, runId });
      expect(r).toMatchObject({ path, trained: true, runId, fileName: 'mlp.onnx' });
      expect(readFileSync(path, 'utf8')).toContain('n1.weight');

      // Weights belong to a run, never to a graph shape: without the run id (another project
      // with the same graph, e.g. the template opened afresh) the initial weights are exported.
      const fresh = await f.api.exportOnnx(mlp);
      expect(fresh).toMatchObject({ trained: false });
      expect(new TextDecoder().decode(fresh.bytes)).toContain('"weights":null');
      // The run's weights do not fit a changed graph: initial weights, and the result says why.
      const changed = { ...mlp, nodes: mlp.nodes.map((n) => (n.id === 'fc1' ? { ...n, params: { ...n.params, out_features: 64 } } : n)) };
      const other = await f.api.exportOnnx(changed, { runId });
      expect(other).toMatchObject({ trained: false });
      expect(other.untrainedReason).toMatch(/graph changed since/);
      const unknown = await f.api.exportOnnx(mlp, { runId: 'run-nope' });
      expect(unknown.untrainedReason).toMatch(/no longer held/);
    });

    it('exports every format of the list, beside a path or as bytes, from the project weights file when it fits', async () => {
      // The project's weights file (training or import writes it): every tensor 0.25.
      const projectPath = join(f.dir, 'weighted.wiregrad.json');
      writeFileSync(projectPath, JSON.stringify(mlp));
      const check = checkDocument(mlp);
      const slots = [...paramLayout(mlp, check).slots, ...bufferLayout(mlp, check).slots];
      await writeWeightsFile(weightsPathFor(projectPath), { tensors: new Map(slots.map((s) => [s.name, { shape: s.shape, data: new Float32Array(s.size).fill(0.25) }])), metadata: {} });
      for (const format of EXPORT_FORMATS) {
        const path = join(f.dir, `out-${format.name}${format.extension}`);
        const written = await f.api.exportOnnx(mlp, { path, format: format.name, projectPath });
        expect(written, format.name).toMatchObject({ path, fileName: `out-${format.name}${format.extension}`, trained: true, weightsFile: weightsPathFor(projectPath) });
        expect(existsSync(path), format.name).toBe(true);
        const downloaded = await f.api.exportOnnx(mlp, { format: format.name, projectPath });
        expect(downloaded.fileName, format.name).toBe(`${fileStem(mlp.name)}${format.extension}`);
        if (format.name === 'onnx') {
          expect(downloaded.bytes).toBeInstanceOf(Uint8Array);
          continue;
        }
        // The script or notebook with its weights beside it: each file's bytes, the main one last.
        expect(written.files!.map((x) => x.path)).toEqual(written.files!.map((x) => join(f.dir, x.name)));
        expect(downloaded.files!.map((x) => x.name)).toEqual(written.files!.map((x) => x.name.replace(`out-${format.name}`, fileStem(mlp.name))));
        for (const [i, x] of downloaded.files!.entries()) {
          expect(x.bytes, `${format.name} ${x.name}`).toBeInstanceOf(Uint8Array);
          expect(x.bytes!.length).toBe(x.size);
          // The same contents as written beside the path, but for the file names the main file mentions.
          if (i < downloaded.files!.length - 1) expect(Buffer.from(x.bytes!).equals(readFileSync(written.files![i].path!)), x.name).toBe(x.name.endsWith('.bin'));
        }
      }
      const script = readFileSync(join(f.dir, 'out-pytorch.py'), 'utf8');
      expect(script).toContain("the project's weights (weighted.wiregrad.weights)");
      const bin = readFileSync(join(f.dir, 'out-pytorch.weights.bin'));
      expect(new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length))).toEqual(new Float32Array(bin.length / 4).fill(0.25));
      // A weights file of another graph is not used, and the result says why.
      const changed = { ...mlp, nodes: mlp.nodes.map((n) => (n.id === 'fc1' ? { ...n, params: { ...n.params, out_features: 64 } } : n.id === 'fc2' ? { ...n, params: { ...n.params, in_features: 64 } } : n)) };
      const other = await f.api.exportOnnx(changed, { format: 'pytorch', projectPath });
      expect(other.trained).toBe(false);
      expect(other.untrainedReason).toMatch(/weighted\.wiregrad\.weights gives fc1\.weight 100352 values but the graph needs 50176/);
      const none = await f.api.exportOnnx(mlp, { format: 'notebook', projectPath: join(f.dir, 'unsaved.wiregrad.json') });
      expect(none.untrainedReason).toMatch(/not finished a training run in this session, and the project has no saved weights yet/);
    });

    it('runs one training at a time: concurrent starts get RUN_IN_PROGRESS', async () => {
      const c = collect(f.api);
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => f.api.startTraining(mlp, { steps: 10_000 })));
      const started = outcomes.filter((o): o is PromiseFulfilledResult<{ runId: string }> => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as { code?: string; message?: string });
      expect(started).toHaveLength(1);
      expect(refused.map((r) => r.code)).toEqual(['RUN_IN_PROGRESS', 'RUN_IN_PROGRESS', 'RUN_IN_PROGRESS', 'RUN_IN_PROGRESS']);
      expect(refused[0].message).toMatch(/a run is in progress/i);
      const { runId } = started[0].value;
      await f.api.stopTraining(runId);
      await c.until((e) => e.runId === runId && e.event.kind === 'done');
      // Only the one run ever reported a start.
      expect(new Set(c.events.filter((e) => e.event.kind === 'start').map((e) => e.runId))).toEqual(new Set([runId]));
      c.stop();
      // Once it has finished, the next one starts.
      const next = await f.api.startTraining(mlp, { steps: 1 });
      await collect(f.api).until((e) => e.runId === next.runId && e.event.kind === 'done');
    });

    it('validates every document with the file parser\'s rules', async () => {
      const dangling = { ...mlp, edges: [...mlp.edges, { id: 'eX', from: { node: 'fc1', port: 'out' }, to: { node: 'ghost', port: 'in' } }] };
      const path = join(f.dir, 'dangling.wiregrad.json');
      const e1 = await rejection(f.api.saveProject(path, dangling));
      expect(e1.code).toBe('DOC_DANGLING_EDGE');
      expect(e1.message).toContain('ghost');
      expect(existsSync(path)).toBe(false);
      const badLr = { ...mlp, training: { ...mlp.training, optimizer: { ...mlp.training.optimizer, lr: 'x' } } } as unknown as ProjectDocument;
      for (const call of [() => f.api.startTraining(badLr), () => f.api.exportOnnx(badLr), () => f.api.autosave(badLr), () => f.api.saveProject(path, badLr)]) {
        const e = await rejection(call());
        expect(e.code).toBe('DOC_TRAINING');
        expect(e.message).toMatch(/training\.optimizer\.lr must be a number/);
      }
      const badDevice = { ...mlp, training: { ...mlp.training, device: 5 } } as unknown as ProjectDocument;
      expect(await rejection(f.api.startTraining(badDevice))).toMatchObject({ code: 'DOC_TRAINING', message: expect.stringMatching(/training\.device must be a string/) });
      // A null options argument is "no options", not a crash.
      const c = collect(f.api);
      const { runId } = await f.api.startTraining(mlp, null as unknown as undefined);
      await c.until((e) => e.runId === runId && e.event.kind === 'done');
      c.stop();
      // What is saved, opens: unknown fields and all.
      const kept = { ...mlp, futureField: { a: [1, { b: 2 }] } };
      await f.api.saveProject(path, kept);
      expect((await f.api.openProject(path)).doc.futureField).toEqual({ a: [1, { b: 2 }] });
    });

    it('refuses documents nested deeper than the limit with a clear message', async () => {
      let deep: Record<string, unknown> = {};
      const top = deep;
      for (let i = 0; i < 2_600; i++) {
        const next = {};
        deep.a = next;
        deep = next;
      }
      const doc = { ...mlp, futureField: top };
      const path = join(f.dir, 'deep.wiregrad.json');
      const e = await rejection(f.api.saveProject(path, doc));
      // Refused where it is first seen: the server's body scan (HTTP), the preload (IPC) or the parser.
      expect(['DOC_TOO_DEEP', 'BAD_REQUEST', 'BAD_ARGUMENT']).toContain(e.code);
      expect(e.message).toMatch(/nested deeper than \d+ levels/);
      expect(existsSync(path)).toBe(false);
      expect((await rejection(f.api.autosave(doc))).message).toMatch(/nested deeper than/);
      // Such files written by hand (or an older version) are refused on open, and an autosave like that is no autosave.
      const deepText = `{"version":1,"nodes":[],"edges":[],"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      writeFileSync(path, deepText);
      expect(await rejection(f.api.openProject(path))).toMatchObject({ code: 'DOC_TOO_DEEP', message: expect.stringContaining('deep.wiregrad.json:1') });
      writeFileSync(join(f.home, 'autosave.json'), `{"savedAt":"2026-01-01T00:00:00Z","document":${deepText}}`);
      expect(await f.api.recoverAutosave()).toBeNull();
      await f.api.discardAutosave();
      // The connection survives: the next call works.
      expect((await f.api.getInfo()).version).toBe('0.0.0-test');
    });

    it('stops a run midway', async () => {
      const c = collect(f.api);
      const { runId } = await f.api.startTraining(mlp, { steps: 10_000 });
      await c.until((e) => e.runId === runId && e.event.kind === 'step' && e.event.step >= 2);
      await f.api.stopTraining(runId);
      const done = await c.until((e) => e.runId === runId && e.event.kind === 'done');
      c.stop();
      expect(done.event.kind === 'done' && done.event.reason).toBe('stopped');
      expect(done.event.kind === 'done' && done.event.steps).toBeLessThan(10_000);
    });

    it('serves sample images for the evaluation grid', async () => {
      const s = await f.api.getSamples('test', [0, 3]);
      expect(s.map((x) => x.index)).toEqual([0, 3]);
      expect(s[1]).toMatchObject({ label: 0, shape: [1, 2, 2] });
      expect(s[1].pixels).toHaveLength(4);
      const e = await rejection(f.api.getSamples('test', [99]));
      expect(e.code).toBe('BAD_ARGUMENT');
    });

    it('lists the CPU as a device', async () => {
      const d = await f.api.listDevices();
      expect(d[0]).toMatchObject({ id: 'cpu', kind: 'cpu' });
    });

    it("saving an imported project writes its weights beside it (atomically, Save and Save As); a changed graph or a forgotten import writes none", async () => {
      const model = modelBytes(tinyConvNet());
      const r = await f.api.importOnnx({ base64: Buffer.from(model).toString('base64'), fileName: 'tiny.onnx' });
      const path = join(f.dir, 'imported.wiregrad.json');
      const saved = await f.api.saveProject(path, r.doc, { importId: r.runId });
      expect(saved.weights).toBe(weightsPathFor(path));
      expect(readdirSync(f.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      // The file holds exactly the model's tensors, and says where they came from.
      const expected = (await importOnnx(model, { name: 'tiny' })).weights;
      const file = (await readWeightsFile(saved.weights!))!;
      expect([...file.tensors.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [k, t] of expected) expect(file.tensors.get(k), k).toEqual({ shape: t.shape, data: t.data });
      expect(file.metadata).toMatchObject({ source: 'onnx-import', model: 'tiny.onnx' });
      expect(file.metadata.run_id).toBeUndefined();
      // Reopened (a later session: no import id), the project has weights that fit, and exports them.
      const opened = await f.api.openProject(path);
      expect(opened.weights).toMatchObject({ file: saved.weights, fits: true });
      const exported = await f.api.exportOnnx(opened.doc, { projectPath: path });
      expect(exported).toMatchObject({ trained: true, weightsFile: saved.weights });
      // Save As (native dialogs) writes them beside the chosen path too.
      if (f.nativeDialogs) {
        const as = await f.api.saveProjectAs(r.doc, 'Copy', { importId: r.runId });
        expect(as?.weights).toBe(weightsPathFor(as!.path));
        expect((await readWeightsFile(as!.weights!))!.tensors.size).toBe(expected.size);
      }
      // A graph the weights no longer fit: the project is saved, its weights are not, and the result says why.
      const changed = { ...r.doc, nodes: r.doc.nodes.map((n) => (n.type === 'Conv2d' ? { ...n, params: { ...n.params, out_channels: 3 } } : n)) };
      const other = join(f.dir, 'changed.wiregrad.json');
      const skipped = await f.api.saveProject(other, changed, { importId: r.runId });
      expect(skipped.weights).toBeUndefined();
      expect(skipped.weightsSkipped).toMatch(/graph changed since the import/);
      expect(existsSync(other)).toBe(true);
      expect(existsSync(weightsPathFor(other))).toBe(false);
      expect((await f.api.saveProject(other, r.doc, { importId: 'import-999' })).weightsSkipped).toMatch(/no longer held/);
      // Not an import's id: refused before anything is written.
      const never = join(f.dir, 'never.wiregrad.json');
      expect((await rejection(f.api.saveProject(never, r.doc, { importId: 'run-1' }))).code).toBe('BAD_ARGUMENT');
      expect(existsSync(never)).toBe(false);
      expect((await rejection(f.api.saveProject(never, r.doc, { importId: 7 } as never))).code).toBe('BAD_ARGUMENT');
    });

    it('uses the native dialogs, or says there are none', async () => {
      if (f.nativeDialogs) {
        expect(await f.api.pickFile({ title: 'Open' })).toBe(join(f.dir, 'picked.wiregrad.json'));
        const saved = await f.api.saveProjectAs(mlp, 'Copy');
        expect(saved?.path).toBe(join(f.dir, 'saved-as.wiregrad.json'));
      } else {
        expect((await rejection(f.api.pickFile())).code).toBe('NO_NATIVE_DIALOG');
        expect((await rejection(f.api.saveProjectAs(mlp))).code).toBe('NO_NATIVE_DIALOG');
      }
    });
  });
}
