/** Input shapes to start from: the sample shapes the templates use (1×28×28 digits, 3×32×32 colour images). Pure. */
import type { TemplateInfo } from '../../core/api/contract';

export interface InputPreset {
  shape: number[];
  label: string;
  usedBy: string[];
}

export function inputPresets(templates: readonly Pick<TemplateInfo, 'name' | 'doc'>[]): InputPreset[] {
  const byShape = new Map<string, InputPreset>();
  for (const t of templates) {
    for (const n of t.doc.nodes) {
      const shape = n.type === 'Input' ? n.params.shape : undefined;
      if (!Array.isArray(shape)) continue;
      const label = shape.join('×');
      const p = byShape.get(label) ?? { shape: [...shape], label, usedBy: [] };
      if (!p.usedBy.includes(t.name)) p.usedBy.push(t.name);
      byShape.set(label, p);
    }
  }
  return [...byShape.values()];
}
