import type { z } from 'zod';

/**
 * Turns the first zod issue into the plain sentence the file parser has always written:
 * "training.optimizer.lr must be a number ≥ 0, got "x"". The path is returned too, so the
 * caller can point at the node or line it belongs to.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): { message: string; path: PropertyKey[] } {
  const issue = issues[0];
  const path = issue.path;
  const where = [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '[');
  // Custom checks that already name their field ("training.dataset.kind must be ...") keep their words.
  if (issue.code === 'custom' && (issue.params as { whole?: boolean } | undefined)?.whole) return { message: issue.message, path };
  let input: unknown = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof input === 'object' && input !== null) {
    input = (input as Record<string, unknown>)[String(issue.discriminator)];
  }
  const got = input === undefined ? 'it is missing' : `got ${shortJson(input)}`;
  return { message: `${where} ${issue.message}, ${got}`, path };
}

function shortJson(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
