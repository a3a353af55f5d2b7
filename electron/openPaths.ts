/**
 * Projects the OS asks the app to open: double-clicked files (fileAssociations in
 * package.json), `wiregrad my.wiregrad.json` on the command line, a second launch, and
 * macOS's `open-file` event (which can fire before the window exists). Paths are queued
 * until the renderer has asked for them (getInfo's `openPaths`), then pushed as events.
 */
import { resolve } from 'node:path';

export const PROJECT_SUFFIX = '.wiregrad.json';

/** Project files named on a command line (the executable, Electron's own flags and the app folder are not). */
export function projectPathsFromArgv(argv: readonly string[], cwd = process.cwd()): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith(PROJECT_SUFFIX))
    .map((a) => resolve(cwd, a));
}

export class OpenPathQueue {
  private pending: string[] = [];
  private ready = false;

  constructor(private readonly push: (path: string) => void) {}

  open(path: string): void {
    if (this.ready) this.push(path);
    else this.pending.push(path);
  }

  /** The renderer asked (at start-up): it gets what is queued, and later paths are pushed. */
  drain(): string[] {
    this.ready = true;
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** A new window starts over (it must ask again). */
  reset(): void {
    this.ready = false;
  }
}
