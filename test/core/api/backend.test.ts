/** Backend behaviour that is the same on every transport, tested directly. */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDocument } from '../../../core/graph/document';
import { makeBackend, type TestBackend } from './fakes';

let t: TestBackend | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

describe('backend', () => {
  it('resolves relative paths against workDir and ~ against the home folder', async () => {
    t = makeBackend();
    const b = makeBackend({ workDir: t.dir });
    try {
      const saved = await b.backend.saveProject('typed.wiregrad.json', emptyDocument('T'));
      expect(saved.path).toBe(join(t.dir, 'typed.wiregrad.json'));
      expect(existsSync(saved.path)).toBe(true);
      expect((await b.backend.getInfo()).workDir).toBe(t.dir);
      await expect(b.backend.openProject('~/definitely-not-here.wiregrad.json')).rejects.toMatchObject({
        // Raw fs error here; the transports turn ENOENT into NOT_FOUND.
        code: 'ENOENT',
        message: expect.stringContaining(homedir()),
      });
    } finally {
      await b.cleanup();
    }
  });

  it('keeps the recent list short, newest first, without duplicates', async () => {
    t = makeBackend();
    for (let i = 0; i < 15; i++) await t.backend.saveProject(join(t.dir, `p${i % 13}.wiregrad.json`), emptyDocument(`P${i}`));
    const recent = await t.backend.recentFiles();
    expect(recent).toHaveLength(12);
    expect(recent[0].path).toBe(join(t.dir, 'p1.wiregrad.json'));
    expect(new Set(recent.map((r) => r.path)).size).toBe(12);
  });

  it('treats a corrupt autosave or recent list as empty instead of failing', async () => {
    t = makeBackend();
    await t.backend.autosave(emptyDocument('A'));
    writeFileSync(join(t.home, 'autosave.json'), '{"savedAt":"x","document":{"version":99}}');
    expect(await t.backend.recoverAutosave()).toBeNull();
    writeFileSync(join(t.home, 'recent.json'), 'garbage');
    expect(await t.backend.recentFiles()).toEqual([]);
  });

  it('writes the project as the core serialises it', async () => {
    t = makeBackend();
    const path = join(t.dir, 'x.wiregrad.json');
    await t.backend.saveProject(path, emptyDocument('X'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: 1, name: 'X' });
  });

  it('a second start while a run is in progress is refused, even while it is stopping', async () => {
    t = makeBackend({ trainer: { defaultSteps: 10_000, stepMs: 2, starts: 0 } });
    const reasons: string[] = [];
    t.backend.onTrainEvent((e) => {
      if (e.event.kind === 'done') reasons.push(`${e.runId}:${e.event.reason}`);
    });
    const a = await t.backend.startTraining(emptyDocument('A'));
    await expect(t.backend.startTraining(emptyDocument('B'), { steps: 2 })).rejects.toMatchObject({ code: 'RUN_IN_PROGRESS' });
    const stopping = t.backend.stopTraining(a.runId);
    await expect(t.backend.startTraining(emptyDocument('B'), { steps: 2 })).rejects.toMatchObject({ code: 'RUN_IN_PROGRESS' });
    await stopping;
    expect(reasons).toEqual([`${a.runId}:stopped`]);
    expect(t.trainer.starts).toBe(1);
    const b = await t.backend.startTraining(emptyDocument('B'), { steps: 2 });
    expect(b.runId).not.toBe(a.runId);
  });
});
