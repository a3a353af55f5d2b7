/**
 * The editing state every text-like field shares: the draft text follows the document while
 * the field is not focused (undo, a fix, another window), each focus starts a new edit
 * session (one undo step per focus), and the draft rules of draft.ts: validated on every
 * keystroke, committed only when valid and only on Enter or blur (or on every keystroke
 * for free text, `live`), restored to the last valid value otherwise. Escape restores.
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { nextEditSession } from './editSession';
import { edit, leave, type Parsed } from './draft';

const always = (t: string): Parsed<string> => ({ ok: true, value: t });

export function useFieldDraft<T = string>(
  shown: string,
  commit: (value: T, session: number) => void,
  parse: (text: string) => Parsed<T> = always as unknown as (text: string) => Parsed<T>,
  opts: { live?: boolean } = {},
) {
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const session = useRef(0);
  // The latest draft for blur handlers (state in their closure may be a render behind).
  const draft = useRef({ text: shown, error: null as string | null });
  const cancelled = useRef(false);
  const set = (d: { text: string; error: string | null }) => {
    draft.current = d;
    setText(d.text);
    setError(d.error);
  };
  useEffect(() => {
    if (!focused) set({ text: shown, error: null });
  }, [shown, focused]);
  return {
    text,
    error,
    onFocus: () => {
      session.current = nextEditSession();
      cancelled.current = false;
      setFocused(true);
    },
    onChange: (value: string) => {
      const d = edit(value, parse);
      set(d);
      const r = opts.live ? parse(value) : null;
      if (r?.ok) commit(r.value, session.current);
    },
    onBlur: () => {
      setFocused(false);
      if (cancelled.current || opts.live) return set({ text: shown, error: null });
      const { commit: value, next } = leave(draft.current, shown, parse);
      set(next);
      if (value !== undefined) commit(value, session.current);
    },
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') e.currentTarget.blur();
      if (e.key === 'Escape') {
        cancelled.current = true;
        e.currentTarget.blur();
      }
    },
  };
}
