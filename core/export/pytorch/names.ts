/**
 * Python names from canvas names: a node labelled "Hidden 1" becomes `self.hidden_1`, one
 * with id `fc1` stays `self.fc1`; a project called "MNIST MLP" becomes `class MnistMlp`.
 */

const KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield match case').split(' '),
);

/**
 * Names a node attribute or forward variable must not take: the forward argument, the
 * modules the script imports, and nn.Module's own members (an attribute `self.train`
 * would shadow Module.train()).
 */
const RESERVED = new Set(
  ('x self torch nn F math os sys json time super ' +
    'training forward train eval to cuda cpu float double half type apply modules children parameters buffers ' +
    'named_modules named_children named_parameters named_buffers state_dict load_state_dict zero_grad ' +
    'register_buffer register_parameter add_module get_submodule get_parameter requires_grad_ extra_repr dump_patches').split(' '),
);

/** A snake_case Python identifier from free text; '' when nothing usable is left. */
export function snakeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** `MnistMlp` from "MNIST MLP"; `fallback` when the text has no letters or digits. */
export function className(text: string, fallback: string): string {
  const words = snakeName(text).split('_').filter(Boolean);
  const name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return !name ? fallback : /^[0-9]/.test(name) ? `${fallback}${name}` : name;
}

/** Hands out distinct identifiers: reserved words and names already taken get `_2`, `_3`, … */
export class NameScope {
  private readonly taken = new Set<string>();

  claim(wanted: string, fallback = 'node'): string {
    let base = snakeName(wanted) || fallback;
    if (/^[0-9]/.test(base)) base = `${fallback}_${base}`;
    let name = base;
    for (let i = 2; this.taken.has(name) || KEYWORDS.has(name) || RESERVED.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }
}
