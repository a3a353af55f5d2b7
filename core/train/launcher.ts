import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';

/**
 * Where a training run executes, behind one small interface:
 * - a worker thread (the CLI: lowest start-up cost; Ctrl+C ends the whole process anyway);
 * - a child process (the app and `wiregrad serve`): ONNX Runtime's session creation is
 *   synchronous native code that can run for many seconds on a big graph, and a worker
 *   thread terminated during it aborts the whole process ("terminate called after throwing
 *   an instance of 'Napi::Error'", reproduced), so a run that must be stoppable at any moment
 *   — and whose native crash must not take the backend down — lives in a process that can be
 *   killed. Electron injects its own launcher (utilityProcess), since the packaged app's
 *   fuses forbid running its binary as plain Node.
 */
export interface RunChannel {
  send(message: unknown): void;
  onMessage(cb: (message: unknown) => void): void;
  /** Called once when the runner ends, however it ended; `why` for crashes. */
  onExit(cb: (code: number | null, why?: string) => void): void;
  /** Ends it now, whatever it is doing. */
  kill(): void;
  /** Whether kill() is safe at any moment (a process) or would abort us (a thread). */
  readonly killable: boolean;
}

export type RunLauncher = (script: string) => RunChannel;

export const threadLauncher: RunLauncher = (script) => {
  const worker = new Worker(script);
  let exited = false;
  return {
    killable: false,
    send: (m) => worker.postMessage(m),
    onMessage: (cb) => worker.on('message', cb),
    onExit: (cb) => {
      let why: string | undefined;
      worker.on('error', (e) => (why = e.message));
      worker.on('exit', (code) => {
        if (exited) return;
        exited = true;
        cb(code, why);
      });
    },
    kill: () => void worker.terminate(),
  };
};

export const processLauncher: RunLauncher = (script) => {
  // 'advanced' serialization: typed arrays cross the pipe as typed arrays (structured clone).
  const child = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  return {
    killable: true,
    send: (m) => {
      if (child.connected) child.send(m as never);
    },
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => {
      let why: string | undefined;
      child.on('error', (e) => (why = e.message));
      child.once('exit', (code, signal) => cb(code, why ?? (signal ? `killed by ${signal}` : undefined)));
    },
    kill: () => void child.kill('SIGKILL'),
  };
};
