/**
 * Issue 7 (4): weights belong to a project and a run. The editor remembers the run that
 * trained the open project; New, Open or a template start without one, and a run that
 * finishes after another project was opened is not recorded for it.
 */
import { describe, expect, it } from 'vitest';
import { editor, editorStore } from '../../renderer/store/editorStore';
import { chain } from './fixtures';

describe('the project’s last run', () => {
  it('is recorded for the project that started it, and cleared by loading another', () => {
    editor.load(chain(), '/p/a.wiregrad.json');
    const started = editor.generation;
    editor.rememberRun('run-1', started);
    expect(editorStore.get().lastRunId).toBe('run-1');
    // New / Open / template: a fresh state, no run.
    editor.load(chain(), null);
    expect(editorStore.get().lastRunId).toBeNull();
  });

  it('a run that finishes after another project was loaded is not recorded for it', () => {
    editor.load(chain(), '/p/a.wiregrad.json');
    const started = editor.generation;
    // Same graph, same template object even: still another project.
    editor.load(chain(), null);
    editor.rememberRun('run-2', started);
    expect(editorStore.get().lastRunId).toBeNull();
  });

  it('survives saving and edits of the same project', () => {
    editor.load(chain(), null);
    editor.rememberRun('run-3', editor.generation);
    editor.markSaved('/p/b.wiregrad.json');
    editor.commit({ kind: 'rename', name: 'b' }, { label: 'Rename' });
    expect(editorStore.get().lastRunId).toBe('run-3');
  });
});
