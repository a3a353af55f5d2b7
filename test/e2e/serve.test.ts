/**
 * Web mode in a real browser, independent of the UI: the page origin can call the API with
 * the printed token and receive training events; a foreign page cannot, even knowing the
 * token (Origin check), and a page without the token gets 403.
 */

import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2eUnavailable, launchBrowser, REPO, startServe, type ServeHandle } from './helpers';

const why = e2eUnavailable(['dist/cli.cjs']);
if (why) console.warn(`e2e serve tests skipped: ${why}`);

describe.skipIf(!!why)('wiregrad serve in Chromium', () => {
  let serve: ServeHandle;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('lets the page call the API with the token from its URL', async () => {
    const page = await browser.newPage();
    await page.goto(serve.url);
    const result = await page.evaluate(async () => {
      const token = new URL(location.href).searchParams.get('token')!;
      const call = async (headers: Record<string, string>) =>
        (await fetch('/api/listDevices', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '[]' })).status;
      return { withToken: await call({ 'x-wiregrad-token': token }), without: await call({}) };
    });
    expect(result).toEqual({ withToken: 200, without: 403 });
    await page.close();
  });

  it('runs the browser HTTP client: calls, training events over the WebSocket, ONNX bytes', async () => {
    // The real client module, bundled as the renderer would bundle it.
    const bundle = await build({
      entryPoints: [join(REPO, 'core/api/httpClient.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'WiregradHttp',
      platform: 'browser',
      write: false,
    });
    // bypassCSP: the served page's CSP (rightly) forbids the injected inline script.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(serve.url);
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const r = await page.evaluate(async () => {
      const api = (window as any).WiregradHttp.createHttpClient();
      const templates = await api.listTemplates();
      const mlp = templates.find((t: any) => t.id === 'mnist-mlp').doc;
      const kinds: string[] = [];
      const done = new Promise<void>((resolve) =>
        api.onTrainEvent((e: any) => {
          kinds.push(e.event.kind);
          if (e.event.kind === 'done' || e.event.kind === 'error') resolve();
        }),
      );
      const { runId } = await api.startTraining(mlp, { steps: 3 });
      await done;
      const onnx = await api.exportOnnx(mlp, { runId });
      let code = '';
      try {
        await api.openProject('/definitely/missing.wiregrad.json');
      } catch (e: any) {
        code = e.code;
      }
      api.close();
      return { ids: templates.map((t: any) => t.id), kinds, trained: onnx.trained, isBytes: onnx.bytes instanceof Uint8Array, size: onnx.size, code };
    });
    expect(r.ids).toContain('mnist-mlp');
    expect(r.kinds[0]).toBe('start');
    expect(r.kinds).toContain('step');
    expect(r.kinds.at(-1)).toBe('done');
    expect(r).toMatchObject({ trained: true, isBytes: true, code: 'NOT_FOUND' });
    expect(r.size).toBeGreaterThan(100_000);
    await context.close();
  });

  it('refuses a foreign page that knows the token', async () => {
    const page = await browser.newPage();
    // A data: page stands in for an attacker's site: its Origin is "null".
    await page.goto('data:text/html,<title>evil</title>');
    const outcome = await page.evaluate(async (url) => {
      const u = new URL(url);
      try {
        const r = await fetch(`${u.origin}/api/listDevices?token=${u.searchParams.get('token')}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: '[]',
          mode: 'no-cors',
        });
        return `status ${r.status} type ${r.type}`;
      } catch (e) {
        return `blocked: ${(e as Error).message}`;
      }
    }, serve.url);
    // no-cors gives an opaque response: the page can read nothing, and the server refused anyway.
    expect(outcome).toMatch(/blocked|type opaque/);
    const ws = await page.evaluate(async (url) => {
      const u = new URL(url);
      return new Promise<string>((r) => {
        const s = new WebSocket(`ws://${u.host}/api/events?token=${u.searchParams.get('token')}`);
        s.onopen = () => r('open');
        s.onerror = () => r('refused');
      });
    }, serve.url);
    expect(ws).toBe('refused');
    await page.close();
  });
});
