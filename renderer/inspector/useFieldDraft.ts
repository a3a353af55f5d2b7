/**
 * The editing state every text-like field shares: the draft text follows the document while
 * the field is not focused (undo, a fix, another window), each focus starts a new edit
 * session (one undo step per focus), and leaving a field with an invalid entry restores the
 * last valid value rather than keeping a lie on screen.
 */
import { useEffect, useRef, useState } from 'react';
import { nextEditSession } from './editSession';

export function useFieldDraft(shown: string) {
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const session = useRef(0);
  useEffect(() => {
    if (!focused) {
      setText(shown);
      setError(null);
    }
  }, [shown, focused]);
  const restore = () => {
    setText(shown);
    setError(null);
  };
  return {
    text,
    setText,
    error,
    setError,
    restore,
    session,
    onFocus: () => {
      session.current = nextEditSession();
      setFocused(true);
    },
    onBlur: () => {
      setFocused(false);
      if (error) restore();
    },
  };
}
