import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights, readWeightsFile, weightsPathFor, writeWeightsFile } from '../../../core/project/weightsFile';

const sample = () => ({
  tensors: new Map([
    ['fc1.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
    ['bn1.running_var', { shape: [3], data: Float32Array.from([0.5, 1.5, -2]) }],
  ]),
  metadata: { graph: 'abc123', runId: 'run-1' },
});

describe('project weights file (safetensors layout)', () => {
  it('round-trips tensors and metadata through a real file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-weights-'));
    const file = join(dir, 'm.wiregrad.weights');
    await writeWeightsFile(file, sample());
    const back = await readWeightsFile(file);
    expect(back?.metadata).toEqual({ graph: 'abc123', runId: 'run-1' });
    expect([...back!.tensors.keys()]).toEqual(['fc1.weight', 'bn1.running_var']);
    expect(back!.tensors.get('fc1.weight')).toEqual({ shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    expect(Array.from(back!.tensors.get('bn1.running_var')!.data)).toEqual([0.5, 1.5, -2]);
  });

  it('writes the safetensors byte layout: u64 header length, JSON header, aligned little-endian data', () => {
    const bytes = encodeWeights(sample());
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLen) % 8).toBe(0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLen)).toString('utf8'));
    expect(header['fc1.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['bn1.running_var'].data_offsets).toEqual([24, 36]);
    expect(new DataView(bytes.buffer).getFloat32(8 + headerLen + 24 + 8, true)).toBe(-2);
  });

  it('refuses corrupt files with the file named, and returns null when there is no file', async () => {
    const good = encodeWeights(sample());
    expect(() => decodeWeights(good.subarray(0, good.length - 4), 'x.weights')).toThrow(/x\.weights: tensor "bn1.running_var" data/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeWeights(huge, 'y.weights')).toThrow(/y\.weights: header length/);
    const dir = mkdtempSync(join(tmpdir(), 'wg-weights-'));
    const f16 = join(dir, 'h.weights');
    const hdr = Buffer.from(JSON.stringify({ a: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }));
    const buf = Buffer.alloc(8 + hdr.length + 2);
    buf.writeBigUInt64LE(BigInt(hdr.length));
    hdr.copy(buf, 8);
    writeFileSync(f16, buf);
    await expect(readWeightsFile(f16)).rejects.toThrow(/only F32/);
    expect(await readWeightsFile(join(dir, 'absent.weights'))).toBeNull();
    expect(readFileSync(f16).length).toBe(buf.length);
  });

  it('names the weights file after the project', () => {
    expect(weightsPathFor('/p/mnist.wiregrad.json')).toBe('/p/mnist.wiregrad.weights');
    expect(weightsPathFor('/p/other.json')).toBe('/p/other.wiregrad.weights');
  });
});
