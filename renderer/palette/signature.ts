/**
 * A layer's PyTorch signature for the palette's tooltip, from the registry: constructor
 * parameters in order (bare where PyTorch has no default: marked `torchRequired`, and every
 * size Wiregrad can infer, `"auto"`, which PyTorch must be told; `name=default` otherwise,
 * in Python spelling) and, for layers with several inputs, the call's arguments.
 */
import type { ParamValue } from '../../core/graph/document';
import type { LayerDef } from '../../core/layers/types';

function python(v: ParamValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (Array.isArray(v)) return `(${v.join(', ')})`;
  if (typeof v === 'string') return `'${v}'`;
  // Python writes small floats with a two-digit exponent: 1e-05.
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

export function torchSignature(def: LayerDef): string {
  if (def.category === 'input') {
    const out = def.outputs.map((p) => p.name).join(', ');
    return `${out} = next(iter(loader))  # ${def.params.map((p) => `${p.name}=${python(p.default)}`).join(', ')}`;
  }
  const args = def.params.map((p) => (p.torchRequired || p.kind === 'intOrAuto' ? p.name : `${p.name}=${python(p.default)}`)).join(', ');
  const call = def.inputs.length > 1 ? `(${def.inputs.map((p) => p.name).join(', ')})` : '';
  return `nn.${def.type}(${args})${call}`;
}
