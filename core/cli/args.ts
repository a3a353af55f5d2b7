/** A small, strict argument parser: unknown flags are errors, never silently ignored. */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (`--lr 0.01`) or is a switch (`--json`). */
  value: boolean;
  alias?: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const aliases = new Map(Object.entries(spec).filter(([, s]) => s.alias).map(([k, s]) => [s.alias!, k]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    let [name, inline] = a.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
    name = aliases.get(name) ?? name;
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option ${a}`);
    if (!s.value) {
      flags.set(name, true);
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new UsageError(`option --${name} needs a value`);
    flags.set(name, v);
  }
  return { positional, flags };
}

export function intFlag(args: ParsedArgs, name: string, min = 1): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${v}"`);
  return n;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}
