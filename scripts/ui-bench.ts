// UI benchmark (developer script, not a test): trains a template in the app (web mode,
// Chromium through the e2e harness, Training dock with its charts visible) and the same
// project with the CLI, alternating, and reports the app's time against the CLI's, the
// longest frame, frames over 50 ms, long tasks, and how many progress messages reached the
// page in one animation frame at most.
//
//   npm run build && npx tsx scripts/ui-bench.ts [mlp,lenet] [--rounds 1] [--epochs N]
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BENCH_MODELS } from '../core/bench/models';
import { launchBrowser, openApp, REPO, startServe } from '../test/e2e/helpers';

const TEMPLATE_BUTTON: Record<string, RegExp> = { mlp: /Template MNIST MLP/, lenet: /Template MNIST LeNet/, convnet: /Template CIFAR ConvNet/ };

interface UiRun {
  model: string;
  app_s: number;
  cli_s: number;
  longest_frame_ms: number;
  frames_over_50ms: number;
  frames: number;
  long_tasks: number;
  longest_task_ms: number;
  max_messages_per_frame: number;
  messages: number;
}

/** Installed before the app loads: frame gaps, long tasks, and WebSocket messages per frame. */
function instrument(): void {
  const w = window as unknown as Record<string, unknown>;
  const gaps: number[] = [];
  const tasks: number[] = [];
  let messagesThisFrame = 0;
  let maxPerFrame = 0;
  let messages = 0;
  let last = 0;
  w.__bench = { gaps, tasks, get maxPerFrame() { return maxPerFrame; }, get messages() { return messages; }, reset() { gaps.length = 0; tasks.length = 0; maxPerFrame = 0; messages = 0; last = 0; } };
  const tick = (t: number) => {
    if (last) gaps.push(t - last);
    last = t;
    maxPerFrame = Math.max(maxPerFrame, messagesThisFrame);
    messagesThisFrame = 0;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
  } catch {
    /* no long-task timing in this browser */
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

async function appRun(page: Page, model: string, epochs?: number): Promise<Omit<UiRun, 'cli_s'>> {
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
  await page.evaluate(() => (window as unknown as { __bench: { reset(): void } }).__bench.reset());
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === 'Completed', undefined, { timeout: 1_800_000, polling: 250 });
  const app_s = (Date.now() - t0) / 1000;
  const b = await page.evaluate(() => {
    const x = (window as unknown as { __bench: { gaps: number[]; tasks: number[]; maxPerFrame: number; messages: number } }).__bench;
    return { gaps: [...x.gaps], tasks: [...x.tasks], maxPerFrame: x.maxPerFrame, messages: x.messages };
  });
  return {
    model, app_s, frames: b.gaps.length, longest_frame_ms: Math.round(Math.max(0, ...b.gaps)), frames_over_50ms: b.gaps.filter((g) => g > 50).length,
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
  const serve = await startServe();
  const browser = await launchBrowser();
  const runs: UiRun[] = [];
  try {
    const { page, errors } = await openApp(browser, serve.url);
    // tsx compiles with keepNames: the function's text calls esbuild's __name helper.
    await page.addInitScript({ content: `globalThis.__name = (f) => f; (${instrument.toString()})();` });
    await page.reload();
    await page.getByRole('button', { name: 'Empty canvas' }).click();
    for (let r = 1; r <= rounds; r++) {
      for (const model of models) {
        const app = await appRun(page, model, epochs);
        const cli_s = await cliRun(model, epochs);
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
    process.stderr.write(`${r.model}: app ${r.app_s.toFixed(1)} s vs CLI ${r.cli_s.toFixed(1)} s (${(r.app_s / r.cli_s).toFixed(2)}x); longest frame ${r.longest_frame_ms} ms, ${r.frames_over_50ms} of ${r.frames} frames over 50 ms, ${r.long_tasks} long tasks (longest ${r.longest_task_ms} ms); ≤ ${r.max_messages_per_frame} messages per frame (${r.messages} in all)\n`);
  }
}

void main().catch((e) => {
  process.stderr.write(`ui-bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
