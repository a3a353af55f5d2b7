/**
 * Augmentations in the exported script. Flips and rotation alone are Wiregrad's own draws
 * (loss parity in parity.test.ts); with RandomResizedCrop, RandomCrop, ColorJitter or
 * RandomErasing the script runs torchvision.transforms with the project's parameters. Its
 * random numbers are torch's, so the test checks the pipeline's operations and parameters,
 * that it trains, and that a seed still fixes the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPyTorch } from '../../../../core/export/pytorch/index';
import type { ProjectDocument } from '../../../../core/graph/document';
import { tableMlp } from '../../data/projects';
import { python, pythonUnavailable } from './python';

const AUGMENT = {
  hflip: 0.5,
  rotation: 15,
  random_crop: { padding: 2 },
  random_resized_crop: { scale: [0.5, 1] as [number, number], ratio: [0.75, 1.25] as [number, number] },
  color_jitter: { brightness: 0.4, contrast: 0.3, saturation: 0.2 },
  random_erasing: { p: 0.5, scale: [0.02, 0.2] as [number, number], ratio: [0.3, 3.3] as [number, number], value: 0 },
};

/** Random RGB 16×16 images → Flatten → MLP, with every augmentation on. */
function project(): ProjectDocument {
  const doc = tableMlp(3 * 16 * 16, 10, { hidden: 8 });
  doc.name = 'augmented';
  doc.nodes[0] = { ...doc.nodes[0], params: { shape: [3, 16, 16] } };
  doc.nodes.splice(1, 0, { id: 'flat', type: 'Flatten', params: {}, position: { x: 100, y: 0 } });
  doc.edges[0] = { id: 'input-flat', from: { node: 'input', port: 'x' }, to: { node: 'flat', port: 'in' } };
  doc.edges.push({ id: 'flat-fc1', from: { node: 'flat', port: 'out' }, to: { node: 'fc1', port: 'in' } });
  doc.training = { ...doc.training, dataset: { kind: 'random', samples: 64, classes: 10 }, normalize: { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3] }, augment: AUGMENT, batch_size: 16 };
  return doc;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-export-augment-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('augmentation in the exported script', () => {
  it('writes every augmentation with its parameters into AUGMENT, none refused', () => {
    const script = exportPyTorch(project(), { as: 'script', fileName: 'model.py' }).find((f) => f.name === 'model.py')!.data as string;
    expect(script).toContain(
      'AUGMENT = {"hflip": 0.5, "rotation": 15, "random_crop": {"padding": 2}, "random_resized_crop": {"scale": [0.5, 1], "ratio": [0.75, 1.25]}, ' +
        '"color_jitter": {"brightness": 0.4, "contrast": 0.3, "saturation": 0.2}, "random_erasing": {"p": 0.5, "scale": [0.02, 0.2], "ratio": [0.3, 3.3], "value": 0}}',
    );
  });

  const why = pythonUnavailable('torch');
  it.skipIf(why !== null)('runs torchvision.transforms with the configured parameters in Wiregrad order, trains, and is reproducible per seed', () => {
    for (const f of exportPyTorch(project(), { as: 'script', fileName: 'model.py' })) fs.writeFileSync(path.join(dir, f.name), f.data);
    const driver = String.raw`
import importlib.util, json, sys, torch
spec = importlib.util.spec_from_file_location("model", "model.py"); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
t = m.Transform(m.INPUT_SHAPE, True, {"mean": [0.5, 0.4, 0.3], "std": [0.25, 0.2, 0.3]}, m.AUGMENT)
ops = []
for op in t.pipeline.transforms:
    keep = {k: v for k, v in vars(op).items() if k in ("size", "scale", "ratio", "antialias", "padding", "p", "degrees", "brightness",
                                                      "contrast", "saturation", "mean", "std", "value", "dtype", "interpolation", "fill")}
    ops.append([type(op).__name__, {k: (str(v) if not isinstance(v, (int, float, list, tuple, type(None))) else v) for k, v in keep.items()}])
raw = torch.randint(0, 256, (6, 3, 16, 16), dtype=torch.uint8)
a, b, c = t(raw, [1, 2, 3, 4, 5, 6]), t(raw, [1, 2, 3, 4, 5, 6]), t(raw, [7, 2, 3, 4, 5, 6])
torch.manual_seed(0); before = torch.rand(1).item(); torch.manual_seed(0); t(raw, [9] * 6); after = torch.rand(1).item()
def losses(seed):
    m.main(["--epochs", "2", "--steps", "6", "--seed", str(seed), "--metrics", "run.jsonl", "--quiet", "--threads", "1"])
    return [r["loss"] for r in map(json.loads, open("run.jsonl")) if r["kind"] == "step"]
print(json.dumps({"ops": ops, "shape": list(a.shape), "dtype": str(a.dtype), "same_seed": bool(torch.equal(a, b)),
                  "other_seed_differs": bool(not torch.equal(a[0], c[0])) and bool(torch.equal(a[1:], c[1:])),
                  "global_rng_untouched": before == after, "runs": [losses(3), losses(3), losses(4)]}))`;
    const r = python(['-c', driver], { cwd: dir });
    expect(r.code, r.output).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(got.ops).toEqual([
      ['RandomResizedCrop', { size: [16, 16], scale: [0.5, 1], ratio: [0.75, 1.25], antialias: false, interpolation: 'InterpolationMode.BILINEAR' }],
      ['RandomCrop', { size: [16, 16], padding: 2, fill: 0 }],
      ['RandomHorizontalFlip', { p: 0.5 }],
      ['RandomRotation', { degrees: [-15, 15], interpolation: 'InterpolationMode.NEAREST', fill: 0 }],
      ['ConvertImageDtype', { dtype: 'torch.float32' }],
      ['ColorJitter', { brightness: [0.6, 1.4], contrast: [0.7, 1.3], saturation: [0.8, 1.2] }],
      ['Normalize', { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3] }],
      ['RandomErasing', { p: 0.5, scale: [0.02, 0.2], ratio: [0.3, 3.3], value: 0 }],
    ]);
    expect(got.shape).toEqual([6, 3, 16, 16]);
    expect(got.dtype).toBe('torch.float32');
    expect(got.same_seed).toBe(true);
    expect(got.other_seed_differs).toBe(true);
    expect(got.global_rng_untouched).toBe(true);
    const [first, again, other] = got.runs as number[][];
    expect(first).toHaveLength(6);
    for (const l of first) expect(Number.isFinite(l)).toBe(true);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  }, 120_000);
});
