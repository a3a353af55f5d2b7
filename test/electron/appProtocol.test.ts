import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, ELECTRON_CSP } from '../../electron/appProtocol';

const dir = mkdtempSync(join(tmpdir(), 'wiregrad-proto-'));
const renderer = join(dir, 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'secret');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  const handler = createAppProtocolHandler(renderer);

  it('serves the renderer with a strict CSP', async () => {
    const r = await handler(new Request('app://wiregrad/index.html'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(ELECTRON_CSP).toContain("default-src 'none'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|https?:|ws:/);
    const js = await handler(new Request('app://wiregrad/assets/app.js'));
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('answers malformed %-escapes and NUL bytes with 400 instead of throwing (issue 7)', async () => {
    for (const u of ['app://wiregrad/%E0%A4%A', 'app://wiregrad/%', 'app://wiregrad/assets/%ZZ.js', 'app://wiregrad/index.html%00.js']) {
      const r = await handler(new Request(u));
      expect(r.status, u).toBe(400);
    }
  });

  it('serves nothing outside the renderer folder or for other hosts', async () => {
    for (const u of ['app://wiregrad/../secret.txt', 'app://wiregrad/%2e%2e/secret.txt', 'app://wiregrad/..%2fsecret.txt', 'app://other/index.html']) {
      const r = await handler(new Request(u));
      expect(r.status, u).not.toBe(200);
    }
  });
});
