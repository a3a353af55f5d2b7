/**
 * What the layer search understands besides a name: a layer written as in PyTorch,
 * `Conv2d(3, 32, 3, padding=1)` or `nn.Linear(2048, 10)`, adds the layer with those
 * parameters. Positional arguments follow the layer's parameter order, which is
 * PyTorch's; `Input(3, 32, 32)` gives the sample shape. Pure.
 */
import type { ParamValue } from '../../core/graph/document';
import type { LayerDef } from '../../core/layers/types';
import { parseParamText, validateParam } from '../../core/layers/params';

export interface LayerQuery {
  /** The name part, for matching (`Conv2d` in `nn.Conv2d(3, 32, 3)`). */
  name: string;
  /** Written as a call: the arguments, not yet checked against a layer. */
  args?: string;
}

export function parseQuery(text: string): LayerQuery {
  const m = /^\s*(?:(?:torch\.)?nn\.)?([A-Za-z_]\w*)\s*\((.*)\)?\s*$/s.exec(text);
  if (!m) return { name: text.trim() };
  return { name: m[1], args: m[2].replace(/\)\s*$/, '') };
}

/** Splits `3, (3, 3), padding=1` at top-level commas. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((a) => a.trim()).filter(Boolean);
}

/** Python spellings to the inspector's: `True` → `true`, `(3, 3)` → `3, 3`, `None` → empty. */
function pythonToText(v: string): string {
  if (v === 'True') return 'true';
  if (v === 'False') return 'false';
  if (v === 'None') return '';
  return v.replace(/^\(|\)$/g, '');
}

/** The parameters a call sets, checked against the layer; or what is wrong, in words. */
export function paramsFromCall(def: LayerDef, args: string): { params: Record<string, ParamValue> } | { error: string } {
  const params: Record<string, ParamValue> = {};
  const list = splitArgs(args);
  const positional = list.filter((a) => !/^\w+\s*=/.test(a));
  const named = list.filter((a) => /^\w+\s*=/.test(a));
  // Input(3, 32, 32): a layer whose first parameter is a shape takes its positional numbers as
  // that shape, as torch.randn(3, 32, 32) does; the rest go by name (target_shape=…).
  const shapeOnly = def.params[0]?.kind === 'shape' && positional.every((a) => /^\d+$/.test(a));
  if (shapeOnly && positional.length) {
    // Input(3, 32, 32): the sample shape, as torch.randn(3, 32, 32) takes it.
    const parsed = parseParamText(def.params[0], positional.join(','));
    if ('error' in parsed) return { error: parsed.error };
    params[def.params[0].name] = parsed.value;
  } else {
    if (positional.length > def.params.length) return { error: `${def.type} takes at most ${def.params.length} arguments here, not ${positional.length}` };
    positional.forEach((a, i) => {
      params[def.params[i].name] = a as unknown as ParamValue;
    });
  }
  for (const a of named) {
    const [k, ...rest] = a.split('=');
    const key = k.trim();
    if (!def.params.some((p) => p.name === key)) {
      const known = def.params.map((p) => p.name).join(', ');
      return { error: `${def.type} has no parameter “${key}”${known ? `; it has ${known}` : ''}` };
    }
    params[key] = rest.join('=').trim() as unknown as ParamValue;
  }
  for (const spec of def.params) {
    const raw = params[spec.name];
    if (typeof raw !== 'string') continue;
    const parsed = parseParamText(spec, pythonToText(raw));
    if ('error' in parsed) return { error: parsed.error };
    params[spec.name] = parsed.value;
  }
  for (const spec of def.params) {
    if (!(spec.name in params)) continue;
    const error = validateParam(spec, params[spec.name]);
    if (error) return { error };
  }
  return { params };
}
