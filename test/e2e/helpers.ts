/**
 * End-to-end harness: the real `wiregrad serve` (built CLI) on a free port with a
 * throw-away WIREGRAD_HOME, driven by Debian's Chromium through playwright-core, as a
 * user would drive the app. Screenshots go to test-artifacts/ for people to look at.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = resolve(__dirname, '..', '..');
export const ARTIFACTS = join(REPO, 'test-artifacts');
export const CHROMIUM = process.env.WIREGRAD_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why e2e tests cannot run here, or null. Tests use it with describe.skipIf and print it.
 * Under CI (CI=true, where .ci/run installs Chromium) a missing prerequisite is an error,
 * never a silent skip.
 */
export function e2eUnavailable(needs: string[] = ['dist/cli.cjs', 'dist/train-worker.cjs', 'dist/renderer/index.html']): string | null {
  let why: string | null = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`;
  for (const f of needs) {
    if (!why && !existsSync(join(REPO, f))) why = `${f} is missing: run \`npm run build\``;
  }
  if (why && process.env.CI) throw new Error(`end-to-end tests cannot run under CI: ${why}`);
  return why;
}

export interface ServeHandle {
  /** Full URL with the token, as printed. */
  url: string;
  origin: string;
  port: number;
  token: string;
  home: string;
  /** The server's working directory (relative paths resolve here). */
  work: string;
  proc: ChildProcess;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `wiregrad serve --port 0 --no-browser` and resolves once it printed its URL. */
export async function startServe(opts: { home?: string; timeoutMs?: number; staticDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<ServeHandle> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'wiregrad-e2e-home-'));
  const ownHome = !opts.home;
  // The server's cwd is where relative paths typed in the app land: keep it inside the temp home.
  const work = join(home, 'work');
  mkdirSync(work, { recursive: true });
  // WIREGRAD_E2E_STATIC serves another renderer build (e.g. one under test elsewhere).
  const staticDir = opts.staticDir ?? process.env.WIREGRAD_E2E_STATIC;
  const args = ['serve', '--port', String(opts.port ?? 0), '--no-browser', ...(staticDir ? ['--static', staticDir] : [])];
  const proc = spawn(process.execPath, [join(REPO, 'bin', 'wiregrad.js'), ...args], {
    cwd: work,
    env: { ...process.env, WIREGRAD_HOME: home, DISPLAY: '', WAYLAND_DISPLAY: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`wiregrad serve printed no URL within ${opts.timeoutMs ?? 20000} ms:\n${out}`)), opts.timeoutMs ?? 20000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wiregrad serve exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    home,
    work,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Opens the app in a fresh context; page errors are collected so tests can assert none happened. */
export async function openApp(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Drags a palette item (a button named after the layer type, draggable with dataTransfer
 * type application/wiregrad-layer) onto the canvas at a point relative to the canvas.
 * Synthetic drag events, because HTML5 drag and drop is not driven by mouse events in
 * headless Chromium.
 */
export async function dragFromPalette(page: Page, layerType: string, at: { x: number; y: number }): Promise<void> {
  const source = page.getByRole('button', { name: layerType, exact: true }).first();
  const pane = page.locator('.react-flow__pane').first();
  const box = await pane.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await source.dispatchEvent('dragstart', { dataTransfer });
  const point = { clientX: box.x + at.x, clientY: box.y + at.y };
  await pane.dispatchEvent('dragenter', { dataTransfer, ...point });
  await pane.dispatchEvent('dragover', { dataTransfer, ...point });
  await pane.dispatchEvent('drop', { dataTransfer, ...point });
  await source.dispatchEvent('dragend', { dataTransfer });
}

/** Node ids of the canvas nodes of a layer type, in DOM order. */
export async function nodeIds(page: Page, layerType: string): Promise<string[]> {
  return page.locator(`[data-testid="node-${layerType}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? ''));
}

/** Wires an output handle to an input handle with the mouse, as a user does. */
export async function connect(page: Page, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  const handle = (n: { node: string; port: string }) => page.locator(`[data-node-id="${n.node}"] [data-handleid="${n.port}"]`).first();
  const a = await handle(from).boundingBox();
  const b = await handle(to).boundingBox();
  if (!a || !b) throw new Error(`handle not found: ${from.node}.${from.port} → ${to.node}.${to.port}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Calls the HTTP API as the page would (for setup and checks that need no clicking). */
export async function apiCall<T>(serve: ServeHandle, method: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`${serve.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wiregrad-token': serve.token },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
  return body.value as T;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The on-screen box of the first element matching `selector`; throws when it is not visible. */
export async function boxOf(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * A point on a wire's drawn path (client pixels), `at` of the way along it. The middle of the
 * path's bounding box is on a bezier, but not on a wire stepping between wrapped rows.
 */
export async function pointOnWire(page: Page, edgeId: string, at = 0.5): Promise<{ x: number; y: number }> {
  const path = page.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`).first();
  return path.evaluate((el, f) => {
    const p = el as SVGPathElement;
    const q = p.getPointAtLength(p.getTotalLength() * f);
    const m = p.getScreenCTM()!;
    return { x: m.a * q.x + m.c * q.y + m.e, y: m.b * q.x + m.d * q.y + m.f };
  }, at);
}

/** Boxes of every node on the canvas (client pixels). */
export async function nodeBoxes(page: Page): Promise<Box[]> {
  return page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    }),
  );
}

/** A point of the canvas where a click lands on the empty pane (no layer, wire, label or overlay there). */
export async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const pane = page.locator('.react-flow__pane').first();
  const b = await pane.boundingBox();
  if (!b) throw new Error('the canvas is not visible');
  const spots = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95].flatMap((fy) => [0.3, 0.5, 0.7, 0.1, 0.9].map((fx) => ({ x: b.x + b.width * fx, y: b.y + b.height * fy })));
  const found = await page.evaluate((pts) => pts.find((p) => document.elementFromPoint(p.x, p.y)?.classList.contains('react-flow__pane')) ?? null, spots);
  if (!found) throw new Error('no empty spot on the canvas');
  return found;
}

/**
 * Waits until the view stops moving (fit view, auto-layout and the zoom buttons animate it):
 * two reads of the viewport's transform 300 ms apart agree. Plain Playwright, so scripts can use it too.
 */
export async function viewportSettled(page: Page, timeoutMs = 10_000): Promise<void> {
  const read = () => page.locator('.react-flow__viewport').first().getAttribute('style');
  const end = Date.now() + timeoutMs;
  let last = await read();
  for (;;) {
    await page.waitForTimeout(300);
    const now = await read();
    if (now === last) return;
    if (Date.now() > end) throw new Error(`the view kept moving for ${timeoutMs} ms`);
    last = now;
  }
}

/**
 * Waits for a training run to finish and returns the test accuracy the Evaluation tab shows
 * (at the end the app may switch to that tab by itself; either way the figure must appear there).
 */
export async function awaitTestAccuracy(page: Page, timeoutMs = 240_000): Promise<string> {
  const showEvaluation = async () => {
    const tab = page.getByRole('tab', { name: 'Evaluation' });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  };
  let shown = '';
  await expectPoll(async () => {
    const status = page.getByTestId('run-status');
    if ((await status.count()) && (await status.innerText()) === 'Completed') await showEvaluation();
    const acc = page.getByTestId('test-accuracy');
    shown = (await acc.count()) ? await acc.innerText() : '';
    return /\d/.test(shown);
  }, timeoutMs);
  return shown;
}

async function expectPoll(f: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await f())) {
    if (Date.now() > end) throw new Error(`no test accuracy within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
