import type { RunLauncher } from '../core/train/launcher';
import type { ElectronMain } from './electronTypes';

/**
 * Training runs in an Electron utility process: killable at any moment (Stop while a big
 * session is being built, or a native crash, cannot take the app down), and allowed under
 * the packaged app's fuses, which forbid running the Electron binary as plain Node (so
 * child_process.fork is not an option here). The runner script detects process.parentPort.
 */
export function utilityLauncher(utilityProcess: ElectronMain['utilityProcess']): RunLauncher {
  return (script) => {
    const child = utilityProcess.fork(script, [], { serviceName: 'Wiregrad training', stdio: 'inherit' });
    let alive = true;
    return {
      killable: true,
      send: (m) => {
        if (alive) child.postMessage(m);
      },
      onMessage: (cb) => void child.on('message', cb),
      onExit: (cb) =>
        void child.on('exit', (code) => {
          alive = false;
          cb(code, code === 0 ? undefined : `exit code ${code}`);
        }),
      kill: () => {
        if (alive) child.kill();
      },
    };
  };
}
