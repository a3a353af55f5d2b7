/**
 * Fuzzing (issue 7): random API calls with wrong types through both transports, the HTTP
 * server (web mode) and the Electron IPC adapter (registerApi + preload, with main's path
 * allow-list). Each call must succeed or reject with a clear error (a stable code other
 * than INTERNAL, a plain message), never a crash, a 500, a hang or unbounded memory, and
 * the backend must still answer afterwards. The backend is the real one with the scripted
 * trainer of test/core/api/fakes.ts; files go to a scratch folder only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CHANNELS, type Channel, type WiregradApi } from '../../core/api/contract';
import { createHttpClient } from '../../core/api/httpClient';
import { startServer } from '../../core/api/server/server';
import type { Rng } from '../../core/util/rng';
import { registerApi } from '../../electron/ipc';
import { guardPaths, PathAllowList } from '../../electron/pathGuard';
import { createPreloadApi } from '../../electron/preloadApi';
import { forwardTrainEvents } from '../../electron/trainEvents';
import { makeBackend, type TestBackend } from '../core/api/fakes';
import { FakeIpcMain, FakeIpcRenderer } from '../electron/fakeElectron';
import { fuzz, summary } from './harness';
import { hostileValue, mutateJson, pick } from './mutators';

interface Call {
  channel: Channel;
  args: unknown[];
}

/** Well-formed calls of every channel, for the mutators to start from (paths inside `dir`). */
function validCalls(dir: string, doc: unknown): Call[] {
  const p = (name: string) => join(dir, name);
  const per: { [C in Channel]: unknown[][] } = {
    getInfo: [[]],
    listTemplates: [[]],
    openProject: [[p('a.wiregrad.json')], ['a.wiregrad.json']],
    saveProject: [[p('a.wiregrad.json'), doc]],
    saveProjectAs: [[doc, 'name']],
    recentFiles: [[]],
    autosave: [[doc, p('a.wiregrad.json')], [doc]],
    recoverAutosave: [[]],
    discardAutosave: [[]],
    startTraining: [[doc, { steps: 2 }], [doc]],
    stopTraining: [['run-x']],
    exportOnnx: [[doc], [doc, { path: p('m.onnx') }], [doc, { runId: 'run-x' }]],
    importOnnx: [[{ path: p('m.onnx') }], [{ base64: 'CAgSBHRlc3Q=', fileName: 'x.onnx' }]],
    listDevices: [[]],
    getSamples: [['test', [0, 1]], ['train', [3], { kind: 'mnist' }], ['train', [0], { kind: 'random', samples: 4 }, { inputShape: [1, 2, 2], augment: { hflip: 1, rotation: 0 } }]],
    describeDataset: [[{ kind: 'mnist' }], [{ kind: 'images', dir: p('imgs') }, { inputShape: [3, 8, 8] }]],
    exportBlock: [[{ format: 'wiregrad-block', version: 1, name: 'B', blocks: {} }], [{ format: 'wiregrad-block', version: 1, name: 'B', blocks: {} }, p('b.wiregrad-block.json')]],
    importBlock: [[p('b.wiregrad-block.json')]],
    listBlockLibrary: [[]],
    pickFile: [[], [{ title: 'Open' }]],
    pickSavePath: [[{ defaultPath: 'x.wiregrad.json' }]],
    listRuns: [[p('a.wiregrad.json')]],
    readRun: [[p('a.wiregrad.json'), '20261202-000000-abcdef']],
    renameRun: [[p('a.wiregrad.json'), '20261202-000000-abcdef', 'baseline']],
    deleteRun: [[p('a.wiregrad.json'), '20261202-000000-000000']],
    exportRunCsv: [[p('a.wiregrad.json'), '20261202-000000-abcdef']],
  };
  return CHANNELS.flatMap((channel) => per[channel].map((args) => ({ channel, args })));
}

/** Wrong types anywhere: a mutated argument, a hostile one, one too many or too few, another channel's arguments. */
function mutateCall(c: Call, rng: Rng, all: Call[]): Call {
  const args = [...c.args];
  switch (rng.int(6)) {
    case 0:
      args.push(hostileValue(rng));
      break;
    case 1:
      args.pop();
      break;
    case 2:
      return { channel: c.channel, args: pick(rng, all).args };
    case 3:
      if (args.length) args[rng.int(args.length)] = hostileValue(rng);
      break;
    default: {
      const m = mutateJson(args, rng);
      return { channel: c.channel, args: Array.isArray(m) ? m : [m] };
    }
  }
  return { channel: c.channel, args };
}

/** The scratch folder is the only place calls may write: anything else is not sent at all. */
function staysInside(call: Call, dir: string, workDir: string): boolean {
  const strings: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 4) return;
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x, depth + 1);
  };
  for (const a of call.args) if (typeof a === 'string' || (a && typeof a === 'object' && !('nodes' in a))) walk(a, 0);
  return strings.every((s) => s.startsWith('~') === false && (resolve(workDir, s) + sep).startsWith(dir + sep));
}

function transports(): { name: string; setup(): Promise<{ api: WiregradApi; dir: string; workDir: string; teardown(): Promise<void> }> }[] {
  return [
    {
      name: 'http',
      async setup() {
        // Relative paths resolve a few levels down, so "../../x" stays inside the scratch folder too.
        const dir = mkdtempSync(join(tmpdir(), 'wiregrad-fuzz-http-'));
        const workDir = join(dir, 'a', 'b', 'c', 'd');
        mkdirSync(workDir, { recursive: true });
        const t: TestBackend = makeBackend({ shell: 'web', workDir, trainer: { defaultSteps: 3, stepMs: 1, starts: 0 } });
        const server = await startServer({ backend: t.backend, staticDir: join(dir, 'none'), port: 0 });
        const api = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
        api.onTrainEvent(() => {});
        return {
          api,
          dir,
          workDir,
          async teardown() {
            api.close();
            await server.close();
            await t.cleanup();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'ipc',
      async setup() {
        let dir = '';
        const t = makeBackend({
          shell: 'electron',
          trainer: { defaultSteps: 3, stepMs: 1, starts: 0 },
          dialogs: { pickFile: async () => join(dir, 'picked.wiregrad.json'), pickSavePath: async () => join(dir, 'saved.wiregrad.json') },
        });
        dir = join(t.dir, 'scratch');
        mkdirSync(dir, { recursive: true });
        const ipcMain = new FakeIpcMain();
        const allowed = new PathAllowList();
        allowed.allow(join(dir, 'a.wiregrad.json'));
        const unregister = registerApi(ipcMain, guardPaths(t.backend, allowed));
        const renderer = new FakeIpcRenderer(ipcMain);
        const off = forwardTrainEvents(t.backend, ipcMain, (ch, payload) => renderer.deliver(ch, payload));
        return {
          api: createPreloadApi(renderer),
          dir,
          workDir: dir,
          async teardown() {
            off();
            unregister();
            await t.cleanup();
          },
        };
      },
    },
  ];
}

describe.each(transports())('fuzz: API calls over $name', ({ name, setup }) => {
  let f: Awaited<ReturnType<typeof setup>>;
  let seeds: Call[];
  beforeAll(async () => {
    f = await setup();
    const mlp = (await f.api.listTemplates()).find((t) => t.id === 'mnist-mlp')!.doc;
    seeds = validCalls(f.dir, mlp);
    // A recorded run beside a.wiregrad.json, so the runs channels' valid calls can succeed.
    const run = join(f.dir, 'runs', '20261202-000000-abcdef');
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'run.json'), JSON.stringify({ format: 'wiregrad-run', version: 1, id: '20261202-000000-abcdef', name: 'r', project: 'a.wiregrad.json', created_at: '2026-12-02T00:00:00Z', status: 'completed', graph: '', training: mlp.training, document: mlp }));
  });
  afterAll(() => f?.teardown());

  it('every call ends in success or a clear error, and the backend keeps answering', async () => {
    let skipped = 0;
    const r = await fuzz<Call>(
      {
        name: `api-${name}`,
        seeds: validCallsProxy(),
        mutate: (c, rng) => mutateCall(c, rng, seeds),
        describe: (c) => `${c.channel}(${JSON.stringify(c.args, (_k, v) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 60)}…` : v))?.slice(0, 300)})`,
        async run(c) {
          if (!staysInside(c, f.dir, f.workDir)) return void skipped++;
          try {
            await (f.api[c.channel] as (...a: unknown[]) => Promise<unknown>)(...c.args);
          } finally {
            // Whatever happened, the backend must still be there.
            const info = await f.api.getInfo();
            if (!info.version) throw new Error('the backend stopped answering');
          }
        },
      },
      // A fixed number of cases, not a time budget: the cases come from the seed, so what is
      // asserted below is the same on a slow machine as on a fast one. HTTP costs ~10x IPC per case.
      { seed: name === 'http' ? 7101 : 7102, runs: name === 'http' ? 200 : 600, caseTimeoutMs: 10_000 },
    );
    console.log(summary(r), `; ${skipped} not sent (would write outside the scratch folder)`);
    expect(r.failures).toEqual([]);
    expect(r.clearErrors).toBeGreaterThan(50);
    expect(r.successes).toBeGreaterThan(20);
  }, 60_000);

  /** Seeds are read once the backend is up (they hold its template document). */
  function validCallsProxy(): Call[] {
    return new Proxy([] as Call[], { get: (_t, k) => (seeds as unknown as Record<PropertyKey, unknown>)[k] });
  }
});
