/**
 * ConvTranspose2d, ReLU6 and Hardtanh against PyTorch itself: for several configurations the
 * checker's output shape, parameter count, weight shape and init bound equal what
 * nn.ConvTranspose2d reports (its output on a zero tensor, its parameters' numel, and
 * 1/√fan_in from torch.nn.init._calculate_fan_in_and_fan_out, which reset_parameters uses);
 * and the diagnostics a user meets, with their fixes.
 */
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../core/check/check';
import { emptyDocument, type DocNode, type ProjectDocument } from '../../../core/graph/document';
import { getLayer } from '../../../core/layers/index';
import { python, pythonUnavailable } from '../export/pytorch/python';

function project(shape: number[], type: string, params: DocNode['params']): ProjectDocument {
  const doc = emptyDocument('convT');
  const node = (id: string, t: string, p: DocNode['params']): DocNode => ({ id, type: t, params: p, position: { x: 0, y: 0 } });
  return { ...doc, nodes: [node('input', 'Input', { shape }), node('layer', type, params)], edges: [{ id: 'e0', from: { node: 'input', port: 'x' }, to: { node: 'layer', port: 'in' } }] };
}

const CONFIGS: { shape: number[]; params: DocNode['params'] }[] = [
  { shape: [4, 5, 6], params: { out_channels: 6, kernel_size: 3 } },
  { shape: [4, 5, 6], params: { out_channels: 6, kernel_size: [3, 2], stride: 2, padding: 1, output_padding: 1, groups: 2 } },
  { shape: [3, 4, 4], params: { out_channels: 2, kernel_size: 4, stride: [2, 3], padding: [1, 0], output_padding: [0, 2], dilation: 2, bias: false } },
  { shape: [8, 2, 3], params: { out_channels: 8, kernel_size: 2, stride: 2, groups: 8 } },
];

const why = pythonUnavailable('torch');

describe.skipIf(why !== null)('ConvTranspose2d = nn.ConvTranspose2d', () => {
  it('output shape, parameter count, weight shape and init bound, for strides, pads, output_padding, groups, dilation and no bias', () => {
    const checked = CONFIGS.map(({ shape, params }) => {
      const check = checkDocument(project(shape, 'ConvTranspose2d', params));
      expect(check.diagnostics.filter((d) => d.severity === 'error' && d.nodeId === 'layer')).toEqual([]);
      const n = check.nodes.layer;
      const decl = getLayer('ConvTranspose2d').parameters!(n.params);
      return { shape: n.outputs.out!.shape, count: n.paramCount, weight: decl[0].shape, bound: (decl[0].init as { bound: number }).bound, biasBound: decl[1] ? (decl[1].init as { bound: number }).bound : null, flops: n.flops };
    });
    const script = `
import json, math, sys, torch
out = []
for c in json.load(sys.stdin):
    p = dict(c['params']); cin = c['shape'][0]
    m = torch.nn.ConvTranspose2d(cin, p.pop('out_channels'), p.pop('kernel_size'), **p)
    y = m(torch.zeros(1, *c['shape']))
    fan_in, _ = torch.nn.init._calculate_fan_in_and_fan_out(m.weight)
    out.append({'shape': list(y.shape[1:]), 'count': sum(t.numel() for t in m.parameters()), 'weight': list(m.weight.shape), 'bound': 1 / math.sqrt(fan_in),
                'biasBound': 1 / math.sqrt(fan_in) if m.bias is not None else None,
                'biasMax': m.bias.abs().max().item() if m.bias is not None else None, 'weightMax': m.weight.abs().max().item()})
print(json.dumps(out))`;
    const r = python(['-c', script], { input: JSON.stringify(CONFIGS) });
    expect(r.code, r.output).toBe(0);
    const torch = JSON.parse(r.stdout) as { shape: number[]; count: number; weight: number[]; bound: number; biasBound: number | null; weightMax: number }[];
    torch.forEach((t, i) => {
      const w = checked[i];
      expect({ shape: w.shape, count: w.count, weight: w.weight, biasBound: w.biasBound }).toEqual({ shape: t.shape, count: t.count, weight: t.weight, biasBound: t.biasBound });
      expect(w.bound).toBeCloseTo(t.bound, 12);
      // PyTorch's own draw lies within the bound (and the bound is not loose: > half of it is reached).
      expect(t.weightMax).toBeLessThanOrEqual(t.bound);
      expect(t.weightMax).toBeGreaterThan(t.bound / 2);
      // 2 · (each input value × its out/groups·kh·kw weights).
      const [cin, h, wd] = CONFIGS[i].shape;
      expect(w.flops).toBe(2 * cin * h * wd * (w.weight[1] * w.weight[2] * w.weight[3]));
    });
  });
});

describe('ConvTranspose2d, ReLU6, Hardtanh diagnostics', () => {
  it('output_padding ≥ stride: CONVT_OUTPUT_PADDING with a fix that clears it', () => {
    const doc = project([4, 5, 5], 'ConvTranspose2d', { out_channels: 2, kernel_size: 3, stride: [2, 1], output_padding: 1 });
    const d = checkDocument(doc).diagnostics.find((x) => x.code === 'CONVT_OUTPUT_PADDING')!;
    expect(d).toMatchObject({ severity: 'error', nodeId: 'layer', fix: { kind: 'setParam', param: 'output_padding', value: [1, 0] } });
    const fixed = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'layer' ? { ...n, params: { ...n.params, output_padding: [1, 0] } } : n)) };
    const check = checkDocument(fixed);
    expect(check.diagnostics.filter((x) => x.severity === 'error' && x.nodeId === 'layer')).toEqual([]);
    expect(check.nodes.layer.outputs.out!.shape).toEqual([2, 12, 7]);
  });

  it('in_channels that disagree with the input: CONV_IN_CHANNELS with a fix; a 1-D input: CONV_RANK; padding that crops everything: CONV_EMPTY_OUTPUT', () => {
    const wrong = checkDocument(project([4, 5, 5], 'ConvTranspose2d', { in_channels: 3, out_channels: 2 })).diagnostics;
    expect(wrong.find((x) => x.code === 'CONV_IN_CHANNELS')).toMatchObject({ fix: { param: 'in_channels', value: 4 } });
    expect(checkDocument(project([12], 'ConvTranspose2d', { out_channels: 2 })).diagnostics.map((x) => x.code)).toContain('CONV_RANK');
    expect(checkDocument(project([4, 2, 2], 'ConvTranspose2d', { out_channels: 2, kernel_size: 1, padding: 1 })).diagnostics.map((x) => x.code)).toContain('CONV_EMPTY_OUTPUT');
  });

  it('Hardtanh with max_val ≤ min_val: HARDTANH_RANGE with a fix; ReLU6 keeps the shape', () => {
    const d = checkDocument(project([3, 2], 'Hardtanh', { min_val: 0.5, max_val: 0.5 })).diagnostics.find((x) => x.code === 'HARDTANH_RANGE');
    expect(d).toMatchObject({ nodeId: 'layer', fix: { param: 'max_val', value: 2.5 } });
    expect(checkDocument(project([3, 2], 'ReLU6', {})).nodes.layer.outputs.out!.shape).toEqual([3, 2]);
  });
});
