/** The web-mode stack with the real core in a temp folder: HTTP client → server → backend. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createBackend } from '../../../core/api/backend';
import { coreDeps } from '../../../core/api/coreDeps';
import { createHttpClient, type HttpClient } from '../../../core/api/httpClient';
import { startServer } from '../../../core/api/server/server';
import { REPO } from './fakes';

export interface RealStack {
  dir: string;
  api: HttpClient;
  close(): Promise<void>;
}

export async function startRealStack(prefix: string, opts: { workDir?: boolean } = {}): Promise<RealStack> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const backend = createBackend({ home: join(dir, 'home'), templatesDir: join(REPO, 'assets', 'templates'), deps: coreDeps, shell: 'web', version: 'test', ...(opts.workDir ? { workDir: dir } : {}) });
  const server = await startServer({ backend, staticDir: join(dir, 'none'), port: 0 });
  const api = createHttpClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: server.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  return {
    dir,
    api,
    async close() {
      api.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
