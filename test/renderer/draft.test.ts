/** Issue 7 (16): an invalid draft is never committed; leaving the field restores the last valid value. */
import { describe, expect, it } from 'vitest';
import { edit, leave } from '../../renderer/inspector/draft';
import { parseParam } from '../../renderer/inspector/paramParse';

const int = (t: string) => parseParam('int', t, { name: 'out_features', min: 1 });

/** Types `typed` one key at a time into a field showing `shown`, then leaves it. */
function typeAndLeave(shown: string, typed: string) {
  const errors: (string | null)[] = [];
  let d = { text: '', error: null as string | null };
  for (let i = 1; i <= typed.length; i++) {
    d = edit(typed.slice(0, i), int);
    errors.push(d.error);
  }
  return { errors, ...leave(d, shown, int) };
}

describe('field drafts', () => {
  it.each(['2.5', '1e3', '12a', ''])('"%s" in an integer field shows the error and commits nothing', (typed) => {
    const r = typeAndLeave('128', typed);
    if (typed) expect(r.errors.at(-1)).toMatch(/whole number/);
    expect(r.commit).toBeUndefined();
    expect(r.next).toEqual({ text: '128', error: null });
  });

  it('a valid draft is committed once, when leaving', () => {
    const r = typeAndLeave('128', '256');
    expect(r.errors).toEqual([null, null, null]);
    expect(r.commit).toBe(256);
  });

  it('leaving an unchanged field commits nothing', () => {
    expect(leave({ text: '128', error: null }, '128', int).commit).toBeUndefined();
  });
});
