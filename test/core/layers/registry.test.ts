/**
 * Registry-driven: for every registered layer, in a small sample project, the lowered IR (in
 * train and eval mode) produces exactly the per-sample shape the checker announced, the
 * checker's parameter count is the number of trainable scalars the layer declares, every
 * layer has a palette category and every parameter a doc line. Adding a layer adds its case.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { lowerForward } from '../../../core/compile/forward';
import { bufferLayout, paramLayout } from '../../../core/compile/paramLayout';
import { Builder } from '../../../core/ir/builder';
import { numel } from '../../../core/ir/ir';
import { validateProgram } from '../../../core/ir/validate';
import { LAYER_CATEGORIES } from '../../../core/layers/categories';
import { layerCatalog } from '../../../core/layers/index';
import type { LayerDef, LoweringMode } from '../../../core/layers/types';
import { sampleProject } from '../../helpers/layerSamples';

const BATCH = 3;
const layers = layerCatalog.filter((d) => d.category !== 'input' && d.category !== 'loss');

/** Lowers the sample up to the layer alone (its output is the program's result) and returns that value's shape. */
function loweredShape(def: LayerDef, mode: LoweringMode): { checked: number[]; lowered: number[] } {
  const full = sampleProject(def)!;
  // The layer as the model's last node: no head, no loss.
  const doc = { ...full, nodes: full.nodes.filter((n) => n.id === 'input' || n.id === 'layer'), edges: full.edges.filter((e) => e.to.node === 'layer') };
  const check = checkDocument(doc);
  const runnable = { ...check, diagnostics: check.diagnostics.filter((d) => d.code !== 'GRAPH_NO_LOSS') };
  const b = new Builder();
  const sample = doc.nodes.find((n) => n.id === 'input')!.params.shape as number[];
  const layouts = { params: paramLayout(doc, check), buffers: bufferLayout(doc, check) };
  const out = lowerForward(b, doc, runnable, layouts, {
    x: b.input('x', [BATCH, ...sample]),
    weight: (s) => b.input(s.name, s.shape),
    buffer: (s) => b.input(s.name, s.shape),
    randomness: () => ({ seed: b.input('seed', [], 'int64'), step: b.input('step', []) }),
  }, { withLoss: false, mode });
  b.output('out', out.logits);
  validateProgram(b.program());
  return { checked: check.nodes.layer.outputs[def.outputs[0].name]!.shape, lowered: out.logits.shape };
}

describe('every registered layer: checker = lowering', () => {
  it.each(layers.map((d) => [d.type, d]))('%s: lowered shape is the checked shape, train and eval', (_t, def) => {
    for (const mode of ['train', 'eval'] as const) {
      const { checked, lowered } = loweredShape(def, mode);
      expect(lowered, `${def.type} (${mode})`).toEqual([BATCH, ...checked]);
    }
  });

  it.each(layers.map((d) => [d.type, d]))('%s: parameter count = declared trainable scalars', (_t, def) => {
    const doc = sampleProject(def)!;
    const check = checkDocument(doc);
    const declared = def.parameters?.(check.nodes.layer.params) ?? [];
    expect(check.nodes.layer.paramCount).toBe(declared.reduce((a, t) => a + numel(t.shape), 0));
    expect(paramLayout(doc, check).slots.filter((s) => s.nodeId === 'layer').length).toBe(declared.length);
  });

  it('every layer has a palette category and documented parameters', () => {
    const known = new Set(LAYER_CATEGORIES.map((c) => c.category));
    for (const def of layerCatalog) {
      expect(known.has(def.category), `${def.type}: category ${def.category}`).toBe(true);
      for (const p of def.params) expect(p.doc.length, `${def.type}.${p.name}`).toBeGreaterThan(5);
    }
  });
});
