import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyInput } from '../../renderer/shortcuts';

const k = (key: string, o: Partial<KeyInput> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  inTextField: false,
  isMac: false,
  ...o,
});

describe('shortcutFor', () => {
  it('maps the editor shortcuts on Windows/Linux', () => {
    expect(shortcutFor(k('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutFor(k('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutFor(k('y', { ctrlKey: true }))).toBe('redo');
    expect(shortcutFor(k('c', { ctrlKey: true }))).toBe('copy');
    expect(shortcutFor(k('v', { ctrlKey: true }))).toBe('paste');
    expect(shortcutFor(k('d', { ctrlKey: true }))).toBe('duplicate');
    expect(shortcutFor(k('a', { ctrlKey: true }))).toBe('selectAll');
    expect(shortcutFor(k('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutFor(k('S', { ctrlKey: true, shiftKey: true }))).toBe('saveAs');
    expect(shortcutFor(k('n', { ctrlKey: true }))).toBe('new');
    expect(shortcutFor(k('o', { ctrlKey: true }))).toBe('open');
    expect(shortcutFor(k('Enter', { ctrlKey: true }))).toBe('train');
    expect(shortcutFor(k('k', { ctrlKey: true }))).toBe('focusPalette');
    expect(shortcutFor(k('Delete'))).toBe('delete');
    expect(shortcutFor(k('Backspace'))).toBe('delete');
    expect(shortcutFor(k('f'))).toBe('fitView');
    expect(shortcutFor(k('l'))).toBe('autoLayout');
    expect(shortcutFor(k('/'))).toBe('focusPalette');
    expect(shortcutFor(k('Escape'))).toBe('clearSelection');
  });

  it('uses Cmd on a Mac and leaves Ctrl alone there', () => {
    expect(shortcutFor(k('z', { metaKey: true, isMac: true }))).toBe('undo');
    expect(shortcutFor(k('z', { ctrlKey: true, isMac: true }))).toBeNull();
    expect(shortcutFor(k('y', { metaKey: true, isMac: true }))).toBeNull();
  });

  it('leaves plain keys and editing combos to text fields', () => {
    const f = { inTextField: true };
    expect(shortcutFor(k('Backspace', f))).toBeNull();
    expect(shortcutFor(k('f', f))).toBeNull();
    expect(shortcutFor(k('/', f))).toBeNull();
    expect(shortcutFor(k('z', { ...f, ctrlKey: true }))).toBeNull();
    expect(shortcutFor(k('a', { ...f, ctrlKey: true }))).toBeNull();
    expect(shortcutFor(k('s', { ...f, ctrlKey: true }))).toBe('save');
    expect(shortcutFor(k('Enter', { ...f, ctrlKey: true }))).toBe('train');
  });

  it('ignores Alt combos and unknown keys', () => {
    expect(shortcutFor(k('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(k('q'))).toBeNull();
  });
});
