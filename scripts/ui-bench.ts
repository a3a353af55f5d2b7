// UI benchmark (developer script, not a test): trains a template in the app (web mode,
// Chromium through the e2e harness, Training dock with its charts visible) and the same
// project with the CLI, alternating, and reports the app's time against the CLI's, the
// longest frame, frames over 50 ms, long tasks, and how many progress messages reached the
// page in one animation frame at most.
//
//   npm run build && npx tsx scripts/ui-bench.ts [mlp,lenet] [--rounds 1] [--epochs N]
//     --loaf     where the long animation frames' time went (scripts by name, rendering)
//     --profile  the page's CPU profile (self time by function) during the app run
//     --trace    a Chromium performance trace of the app run (open it in DevTools)
//     --no-cli   the app only
//     --no-frame-loop  no requestAnimationFrame loop in the page: the loop that times every frame
//                makes Chromium run a frame each vsync (a tenth of a core here), so this measures
//                the app's time as a user's page spends it; long frames then come from LoAF only
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BENCH_MODELS } from '../core/bench/models';
import { launchBrowser, openApp, REPO, startServe, type ServeHandle } from '../test/e2e/helpers';

const TEMPLATE_BUTTON: Record<string, RegExp> = { mlp: /Template MNIST MLP/, lenet: /Template MNIST LeNet/, convnet: /Template CIFAR ConvNet/ };

interface UiRun {
  model: string;
  app_s: number;
  cli_s: number;
  longest_frame_ms: number;
  frames_over_50ms: number;
  frames_over_100ms: number;
  /** When the frames over 100 ms began, seconds after the Train click, and how long they were. */
  long_frames_at: string[];
  frames: number;
  /** The longest animation frame the page itself spent (LoAF): work of its own, not waits for a CPU. */
  longest_loaf_ms: number;
  /** CPU seconds of Chromium (all its processes) and of the backend (server and its training process) during the app run. */
  browser_cpu_s: number;
  backend_cpu_s: number;
  long_tasks: number;
  longest_task_ms: number;
  max_messages_per_frame: number;
  messages: number;
}

/** Installed before the app loads: frame gaps, long tasks, and WebSocket messages per frame. */
function instrument(frameLoop: boolean): void {
  const w = window as unknown as Record<string, unknown>;
  const gaps: number[] = [];
  const gapAt: number[] = [];
  const tasks: number[] = [];
  // Long animation frames (LoAF) with their scripts: where a long frame's time went.
  const loafs: { duration: number; script: number; render: number; layout: number; scripts: { name: string; duration: number; forced: number }[] }[] = [];
  let messagesThisFrame = 0;
  let maxPerFrame = 0;
  let messages = 0;
  let last = 0;
  w.__bench = { gaps, gapAt, tasks, loafs, get maxPerFrame() { return maxPerFrame; }, get messages() { return messages; }, reset() { gaps.length = 0; gapAt.length = 0; tasks.length = 0; loafs.length = 0; maxPerFrame = 0; messages = 0; last = 0; } };
  const tick = (t: number) => {
    if (last) {
      gaps.push(t - last);
      gapAt.push(last);
    }
    last = t;
    maxPerFrame = Math.max(maxPerFrame, messagesThisFrame);
    messagesThisFrame = 0;
    requestAnimationFrame(tick);
  };
  if (frameLoop) requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
  } catch {
    /* no long-task timing in this browser */
  }
  try {
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => {
        const f = e as PerformanceEntry & { renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; duration: number; forcedStyleAndLayoutDuration: number }[] };
        const end = f.startTime + f.duration;
        loafs.push({
          duration: f.duration,
          script: f.scripts.reduce((a, s) => a + s.duration, 0),
          render: f.renderStart ? end - f.renderStart : 0,
          layout: f.styleAndLayoutStart ? end - f.styleAndLayoutStart : 0,
          scripts: f.scripts.map((s) => ({ name: `${s.invoker} ${s.sourceFunctionName}@${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}`, duration: s.duration, forced: s.forcedStyleAndLayoutDuration })),
        });
      }),
    ).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    /* no LoAF timing in this browser */
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', () => {
        messagesThisFrame++;
        messages++;
      });
    }
  } as typeof WebSocket;
}

type Loaf = { duration: number; script: number; render: number; layout: number; scripts: { name: string; duration: number; forced: number }[] };

/** Where the long frames' time went: script vs rendering, and the scripts that took most of it. */
function loafReport(loafs: Loaf[]): string {
  const sum = (f: (l: Loaf) => number) => Math.round(loafs.reduce((a, l) => a + f(l), 0));
  const byScript = new Map<string, { ms: number; forced: number; n: number }>();
  for (const l of loafs)
    for (const s of l.scripts) {
      const e = byScript.get(s.name) ?? { ms: 0, forced: 0, n: 0 };
      e.ms += s.duration;
      e.forced += s.forced;
      e.n++;
      byScript.set(s.name, e);
    }
  const top = [...byScript].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
  return [
    `  ${loafs.length} long animation frames, ${sum((l) => l.duration)} ms: scripts ${sum((l) => l.script)} ms, rendering (rAF, style, layout, paint) ${sum((l) => l.render)} ms of which style+layout+paint ${sum((l) => l.layout)} ms`,
    ...top.map(([name, e]) => `    ${Math.round(e.ms)} ms (${e.n}x, forced layout ${Math.round(e.forced)} ms) ${name}`),
  ].join('\n');
}

/** A CPU profile's self time by function, largest first. */
function profileReport(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples?: number[]; timeDeltas?: number[] }): string {
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0)));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const us = self.get(n.id) ?? 0;
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([name, us]) => `    ${(us / 1000).toFixed(0)} ms ${name}`).join('\n');
}

/** CPU seconds (user + system, reaped children included) of a process tree, from /proc (Linux). */
function cpuSplit(servePid: number): { browser: number; backend: number } {
  const tick = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the name: state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based from pid.
      procs.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / tick });
    } catch {
      /* gone meanwhile */
    }
  }
  const under = (root: number, skip?: number): number => {
    let sum = 0;
    const walk = (pid: number) => {
      if (pid === skip) return;
      sum += procs.get(pid)?.cpu ?? 0;
      for (const [c, p] of procs) if (p.ppid === pid) walk(c);
    };
    walk(root);
    return sum;
  };
  const backend = under(servePid);
  // Chromium is a child of this script, beside the server.
  const browser = under(process.pid, servePid) - (procs.get(process.pid)?.cpu ?? 0);
  return { browser, backend };
}

async function appRun(page: Page, serve: ServeHandle, model: string, epochs?: number, opts: { loaf?: boolean; profile?: boolean; trace?: boolean } = {}): Promise<Omit<UiRun, 'cli_s'>> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('button', { name: TEMPLATE_BUTTON[model] }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-node-id]').length > 3);
  const tab = page.getByRole('tab', { name: 'Training' });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  if (epochs) {
    const field = page.getByRole('form', { name: 'Training settings' }).getByLabel('Epochs', { exact: true });
    await field.fill(String(epochs));
    await field.press('Tab');
  }
  // The run's time as the page sees it: from the Train click (a capturing listener) to the
  // frame that shows "Completed" (a mutation observer), not the harness's polling.
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { reset(): void }; __clickAt?: number; __doneAt?: number };
    w.__bench.reset();
    w.__clickAt = undefined;
    w.__doneAt = undefined;
    document.addEventListener('click', () => (w.__clickAt ??= performance.now()), { capture: true, once: true });
    const mo = new MutationObserver(() => {
      if (document.querySelector('[data-testid="run-status"]')?.textContent !== 'Completed') return;
      w.__doneAt = performance.now();
      mo.disconnect();
    });
    mo.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const cpu0 = cpuSplit(serve.proc.pid!);
  const cdp = opts.profile ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const tracing = opts.trace ? page.context().browser() : null;
  if (tracing) await tracing.startTracing(page, { path: path.join(os.tmpdir(), `ui-bench-${model}.trace.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz', 'v8'] });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => (window as unknown as { __doneAt?: number }).__doneAt !== undefined, undefined, { timeout: 1_800_000, polling: 250 });
  const { clickAt, doneAt } = await page.evaluate(() => {
    const w = window as unknown as { __clickAt: number; __doneAt: number };
    return { clickAt: w.__clickAt, doneAt: w.__doneAt };
  });
  const app_s = (doneAt - clickAt) / 1000;
  if (tracing) {
    await tracing.stopTracing();
    process.stderr.write(`${model}: trace in ${path.join(os.tmpdir(), `ui-bench-${model}.trace.json`)}\n`);
  }
  const cpu1 = cpuSplit(serve.proc.pid!);
  const b = await page.evaluate(() => {
    const x = (window as unknown as { __bench: { gaps: number[]; gapAt: number[]; tasks: number[]; loafs: Loaf[]; maxPerFrame: number; messages: number } }).__bench;
    return { gaps: [...x.gaps], gapAt: [...x.gapAt], tasks: [...x.tasks], loafs: [...x.loafs], maxPerFrame: x.maxPerFrame, messages: x.messages };
  });
  const long = b.gaps.map((g, i) => [g, b.gapAt[i]]).filter(([g]) => g > 100);
  if (opts.loaf) process.stderr.write(`${model}:\n${loafReport(b.loafs)}\n`);
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const file = path.join(os.tmpdir(), `ui-bench-${model}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`${model}: CPU profile in ${file} (open in Chrome DevTools' Performance panel)\n`);
    process.stderr.write(`${model}: page CPU self time\n${profileReport(profile)}\n`);
    await cdp.detach();
  }
  return {
    model, app_s, frames: b.gaps.length, longest_frame_ms: Math.round(Math.max(0, ...b.gaps)), frames_over_50ms: b.gaps.filter((g) => g > 50).length,
    frames_over_100ms: long.length, long_frames_at: long.map(([g, at]) => `+${((at - clickAt) / 1000).toFixed(1)}s:${Math.round(g)}ms`),
    longest_loaf_ms: Math.round(Math.max(0, ...b.loafs.map((l) => l.duration))),
    browser_cpu_s: +(cpu1.browser - cpu0.browser).toFixed(1), backend_cpu_s: +(cpu1.backend - cpu0.backend).toFixed(1),
    long_tasks: b.tasks.length, longest_task_ms: Math.round(Math.max(0, ...b.tasks)), max_messages_per_frame: b.maxPerFrame, messages: b.messages,
  };
}

function cliRun(model: string, epochs?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const project = path.join(REPO, 'assets', 'templates', BENCH_MODELS[model]);
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'wiregrad.js'), 'train', project, '--json', ...(epochs ? ['--epochs', String(epochs)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('close', (code) => (code === 0 ? resolve((Date.now() - t0) / 1000) : reject(new Error(`wiregrad train exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const models = (positional[0] ?? 'mlp,lenet').split(',');
  const rounds = Number(flag('--rounds') ?? 1);
  const epochs = flag('--epochs') ? Number(flag('--epochs')) : undefined;
  const opts = { loaf: argv.includes('--loaf'), profile: argv.includes('--profile'), trace: argv.includes('--trace') };
  const skipCli = argv.includes('--no-cli');
  const frameLoop = !argv.includes('--no-frame-loop');
  const serve = await startServe();
  const browser = await launchBrowser();
  const runs: UiRun[] = [];
  try {
    const { page, errors } = await openApp(browser, serve.url);
    // tsx compiles with keepNames: the function's text calls esbuild's __name helper.
    await page.addInitScript({ content: `globalThis.__name = (f) => f; (${instrument.toString()})(${frameLoop});` });
    await page.reload();
    await page.getByRole('button', { name: 'Empty canvas' }).click();
    for (let r = 1; r <= rounds; r++) {
      for (const model of models) {
        const app = await appRun(page, serve, model, epochs, opts);
        const cli_s = skipCli ? NaN : await cliRun(model, epochs);
        const run = { ...app, cli_s };
        runs.push(run);
        process.stdout.write(JSON.stringify(run) + '\n');
      }
    }
    if (errors.length) process.stderr.write(`page errors: ${errors.join(' | ')}\n`);
  } finally {
    await browser.close();
    await serve.stop();
  }
  for (const r of runs) {
    process.stderr.write(
      `${r.model}: app ${r.app_s.toFixed(1)} s vs CLI ${r.cli_s.toFixed(1)} s (${(r.app_s / r.cli_s).toFixed(2)}x); longest frame ${r.longest_frame_ms} ms (longest LoAF ${r.longest_loaf_ms} ms), ` +
        `${r.frames_over_50ms} / ${r.frames_over_100ms} of ${r.frames} frames over 50 / 100 ms, ${r.long_tasks} long tasks (longest ${r.longest_task_ms} ms); ≤ ${r.max_messages_per_frame} messages per frame (${r.messages} in all); ` +
        `CPU: browser ${r.browser_cpu_s} s, backend ${r.backend_cpu_s} s\n`,
    );
  }
}

void main().catch((e) => {
  process.stderr.write(`ui-bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
