/** Binds the action table's keys (shortcuts.ts) to window keydown, and copy/paste events, only while the editor is shown. */
import { useEffect } from 'react';
import { shortcutFor } from '../shortcuts';
import { runActionFrom } from '../actions/bindings';
import { placementContext, revealAdded } from '../actions/edit';
import { canvas } from '../canvas/controller';
import { IS_MAC } from './platform';
import { editor } from '../store/editorStore';
import { clipFromText, clipToText } from '../store/clipboard';


function hasTextSelection(): boolean {
  const sel = window.getSelection();
  return !!sel && !sel.isCollapsed && sel.toString().trim().length > 0;
}

export function isTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

export function useShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // The dialogs own their keys (Escape closes them).
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const action = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        shiftKey: e.shiftKey,
        altKey: e.altKey,
        inTextField: isTextField(e.target),
        isMac: IS_MAC,
      });
      // Copy and paste go through the browser's own copy/paste events (below): they reach the system
      // clipboard, and in Electron the Edit menu's roles fire them too.
      if (!action || action === 'copy' || action === 'paste' || action === 'cut') return;
      e.preventDefault();
      runActionFrom('key', action);
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTextField(e.target) || hasTextSelection()) return;
      const clip = editor.copy();
      if (!clip) return;
      e.clipboardData?.setData('text/plain', clipToText(clip));
      e.preventDefault();
    };
    const onCut = (e: ClipboardEvent) => {
      onCopy(e);
      if (e.defaultPrevented) editor.deleteSelection();
    };
    // In Electron one Ctrl+V can arrive twice (the page's own paste, then the Edit menu's paste role):
    // pastes closer together than a keystroke can be are the same paste.
    let lastPaste = 0;
    const onPaste = (e: ClipboardEvent) => {
      if (isTextField(e.target)) return;
      e.preventDefault();
      if (e.timeStamp - lastPaste < 80) return;
      lastPaste = e.timeStamp;
      revealAdded(editor.paste(clipFromText(e.clipboardData?.getData('text/plain')) ?? undefined, { at: canvas()?.pointer(), ...placementContext() }));
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [enabled]);
}
