/**
 * Issue 7 (14): saves as an editor should make them. Real files, real permission bits,
 * real symlinks, and a real writer killed with SIGKILL mid-save.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { atomicWrite } from '../../../core/api/fsutil';
import { REPO } from './fakes';

const dir = mkdtempSync(join(tmpdir(), 'wiregrad-fsutil-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const temps = (d: string) => readdirSync(d).filter((n) => n.endsWith('.tmp'));

describe('atomicWrite', () => {
  it('keeps the file mode (600 stays 600)', async () => {
    const f = join(dir, 'private.wiregrad.json');
    writeFileSync(f, 'old');
    chmodSync(f, 0o600);
    await atomicWrite(f, 'new');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(f, 'utf8')).toBe('new');
  });

  it('writes through a symlink to its target, which stays a symlink', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    const target = join(real, 'target.wiregrad.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.wiregrad.json');
    symlinkSync(join('real', 'target.wiregrad.json'), link);
    await atomicWrite(link, 'through the link');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('through the link');
    expect(temps(dir)).toEqual([]);
    expect(temps(real)).toEqual([]);
  });

  it('removes the temp files a dead writer left for this target, and only those', async () => {
    const f = join(dir, 'swept.wiregrad.json');
    writeFileSync(f, 'old');
    const dead = join(dir, '.swept.wiregrad.json.999999.deadbeef.tmp');
    const otherTarget = join(dir, '.other.wiregrad.json.999999.deadbeef.tmp');
    const alive = join(dir, `.swept.wiregrad.json.${process.ppid}.cafe0123.tmp`);
    for (const p of [dead, otherTarget, alive]) writeFileSync(p, 'leftover');
    await atomicWrite(f, 'new');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(otherTarget)).toBe(true);
    // A live process may be writing it right now.
    expect(existsSync(alive)).toBe(true);
  });

  it('a failed rename leaves no temp file behind', async () => {
    const d = join(dir, 'is-a-dir.wiregrad.json');
    mkdirSync(join(d, 'child'), { recursive: true });
    await expect(atomicWrite(d, 'x')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(temps(dir).filter((n) => n.includes('is-a-dir'))).toEqual([]);
  });

  it('after writers are killed with SIGKILL mid-save, the next save leaves a whole file and no temp files', async () => {
    const f = join(dir, 'killed.wiregrad.json');
    const big = 'x'.repeat(8 * 1024 * 1024);
    writeFileSync(f, big);
    const script = join(dir, 'writer.mts');
    writeFileSync(script, `import { atomicWrite } from ${JSON.stringify(join(REPO, 'core/api/fsutil.ts'))};\nconst data = Buffer.alloc(8 * 1024 * 1024, 'y');\nprocess.stdout.write('ready\\n');\nfor (;;) await atomicWrite(${JSON.stringify(f)}, data);\n`);
    // Each new writer sweeps the temp file its killed predecessor left; the last one's is swept by the final save.
    let left = 0;
    for (let kill = 0; kill < 3; kill++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((r, reject) => {
        child.stdout!.once('data', () => r());
        child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, 150 + kill * 70));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      left += temps(dir).filter((n) => n.includes('killed')).length;
    }
    // Each kill left the old file or a new one, whole, plus (usually) its writer's temp file.
    expect(['x', 'y']).toContain(readFileSync(f, 'utf8')[0]);
    expect(readFileSync(f).length).toBe(big.length);
    console.log(`SIGKILLed writers left a temp file ${left} of 3 times`);
    await atomicWrite(f, 'final');
    expect(readFileSync(f, 'utf8')).toBe('final');
    expect(temps(dir).filter((n) => n.includes('killed'))).toEqual([]);
  }, 60_000);
});
