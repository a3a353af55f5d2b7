import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createHttpClient } from '../../../core/api/httpClient';
import { startServer } from '../../../core/api/server/server';
import { contractSuite } from './contractSuite';
import { makeBackend } from './fakes';

contractSuite('HTTP + WebSocket (web mode)', async () => {
  const t = makeBackend({ shell: 'web' });
  const staticDir = join(t.dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const server = await startServer({ backend: t.backend, staticDir, port: 0 });
  const api = createHttpClient({
    baseUrl: `http://127.0.0.1:${server.port}`,
    token: server.token,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const dir = join(t.dir, 'projects');
  mkdirSync(dir);
  return {
    api,
    dir,
    home: t.home,
    nativeDialogs: false,
    async teardown() {
      api.close();
      await server.close();
      await t.cleanup();
    },
  };
});
