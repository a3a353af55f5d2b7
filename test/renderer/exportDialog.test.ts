/** The in-app path prompt with a choice (web mode's Export dialog: the format), as a promise. */
import { describe, expect, it } from 'vitest';
import { askChoosing, dialogStore } from '../../renderer/actions/dialog';

const choice = { label: 'Format', initial: 'onnx', options: [{ value: 'onnx', label: 'ONNX', extension: '.onnx' }, { value: 'pytorch', label: 'PyTorch', extension: '.py' }] };

describe('export prompt', () => {
  it('answers the path and the chosen format, or the format alone for a download', async () => {
    const saved = askChoosing({ title: 'Export', action: 'Save to path', initial: 'mlp.onnx', secondary: 'Download', choice });
    expect(dialogStore.get()!.choice).toEqual(choice);
    dialogStore.get()!.resolve('  out/mlp.py ', 'pytorch');
    expect(await saved).toEqual({ via: 'path', path: 'out/mlp.py', choice: 'pytorch' });
    expect(dialogStore.get()).toBeNull();

    const downloaded = askChoosing({ title: 'Export', action: 'Save to path', initial: 'mlp.onnx', secondary: 'Download', choice });
    dialogStore.get()!.secondary!.choose('notebook');
    expect(await downloaded).toEqual({ via: 'secondary', choice: 'notebook' });

    const cancelled = askChoosing({ title: 'Export', action: 'Save to path', initial: 'mlp.onnx', choice });
    dialogStore.get()!.resolve(null);
    expect(await cancelled).toBeNull();
  });
});
