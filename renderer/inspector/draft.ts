/**
 * What a text field does with its draft, as pure functions: every keystroke is validated
 * (the error shows at once), but only a valid draft is committed, and only when the user
 * is done with it (Enter or leaving the field). Committing on each keystroke put prefixes
 * into the document: "2.5" committed 2 at the first key and kept it; "1e3" left 1.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface DraftState {
  text: string;
  error: string | null;
}

export function edit<T>(text: string, parse: (t: string) => Parsed<T>): DraftState {
  const r = parse(text);
  return { text, error: r.ok ? null : r.error };
}

/**
 * Leaving the field: a valid draft that differs from what the document shows is committed;
 * anything else goes back to the document's (last valid) value.
 */
export function leave<T>(draft: DraftState, shown: string, parse: (t: string) => Parsed<T>): { commit?: T; next: DraftState } {
  const r = parse(draft.text);
  if (r.ok && draft.text !== shown) return { commit: r.value, next: { text: draft.text, error: null } };
  return { next: { text: shown, error: null } };
}
