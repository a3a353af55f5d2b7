/**
 * Device discovery: nvidia-smi output parsed from recorded outputs, a fake nvidia-smi run
 * end to end, the report → API device list, and `wiregrad devices`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverDevices, listDevices, queryNvidiaSmi, toDeviceInfos, type DevicesReport } from '../../../core/devices/index';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi } from '../../../core/devices/nvidiaSmi';
import { cudaProviderInstalled, tinyModel } from '../../../core/runtime/cuda';
import { summarizeProviderError } from '../../../core/runtime/providerError';
import { createSession, ort } from '../../../core/runtime/session';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/nvidia-smi');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wiregrad-smi-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('parseNvidiaSmi (recorded outputs)', () => {
  it('one GPU', () => {
    expect(parseNvidiaSmi(fixture('one-h200.txt'))).toEqual({ gpus: [{ index: 0, name: 'NVIDIA H200', memoryMiB: 143771, driver: '570.124.06' }] });
  });

  it('several GPUs', () => {
    const r = parseNvidiaSmi(fixture('four-a100.txt'));
    expect(r.error).toBeUndefined();
    expect(r.gpus.map((g) => g.index)).toEqual([0, 1, 2, 3]);
    expect(r.gpus.every((g) => g.name === 'NVIDIA A100-SXM4-80GB' && g.memoryMiB === 81920)).toBe(true);
  });

  it('memory [N/A] and mixed models', () => {
    const r = parseNvidiaSmi(fixture('mixed-na.txt'));
    expect(r.gpus).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 4090', memoryMiB: 24564, driver: '550.54.14' },
      { index: 1, name: 'Tesla T4', memoryMiB: null, driver: '550.54.14' },
    ]);
  });

  it('a name containing a comma', () => {
    expect(parseNvidiaSmi('0, Quadro RTX 8000, rev B, 49152, 535.1\n').gpus[0]).toEqual({ index: 0, name: 'Quadro RTX 8000, rev B', memoryMiB: 49152, driver: '535.1' });
  });

  it('no GPUs: an empty list, not an error', () => {
    expect(parseNvidiaSmi(fixture('no-devices.txt'), '', 6)).toEqual({ gpus: [] });
    expect(parseNvidiaSmi(fixture('empty.txt'))).toEqual({ gpus: [] });
  });

  it("error text (driver not loaded) becomes the report's error", () => {
    const r = parseNvidiaSmi(fixture('driver-error.txt'), '', 9);
    expect(r.gpus).toEqual([]);
    expect(r.error).toContain("couldn't communicate with the NVIDIA driver");
    expect(parseNvidiaSmi('', 'Failed to initialize NVML: Driver/library version mismatch', 18).error).toContain('version mismatch');
    expect(parseNvidiaSmi('', '', 255).error).toBe('nvidia-smi exited with code 255');
  });
});

function fakeSmi(name: string, code = 0): string {
  const file = path.join(tmp, `smi-${name}`);
  fs.writeFileSync(file, `#!/bin/sh\n[ "$1 $2" = "${NVIDIA_SMI_ARGS.join(' ')}" ] || { echo "bad args: $*" >&2; exit 2; }\ncat '${path.join(fixtures, name)}'\nexit ${code}\n`, { mode: 0o755 });
  return file;
}

describe('queryNvidiaSmi', () => {
  it.skipIf(process.platform === 'win32')('runs the binary with the query flags and parses its output', async () => {
    expect((await queryNvidiaSmi(fakeSmi('four-a100.txt'))).gpus).toHaveLength(4);
    expect(await queryNvidiaSmi(fakeSmi('no-devices.txt', 6))).toEqual({ found: true, gpus: [] });
    const bad = await queryNvidiaSmi(fakeSmi('driver-error.txt', 9));
    expect(bad.found).toBe(true);
    expect(bad.error).toContain('NVIDIA driver');
  });

  it('reports a missing binary as not found', async () => {
    expect(await queryNvidiaSmi(path.join(tmp, 'no-such-nvidia-smi'))).toEqual({ found: false, gpus: [] });
  });
});

describe('device list', () => {
  const report = (loadable: boolean, gpus = parseNvidiaSmi(fixture('four-a100.txt')).gpus): DevicesReport => ({
    cpu: { model: 'Test CPU', cores: 8, memoryBytes: 2 ** 34 },
    gpus,
    nvidiaSmi: { found: true },
    cuda: { installed: loadable, loadable, binDir: '/x', library: loadable ? '/x/libonnxruntime_providers_cuda.so' : null },
    webgpu: { available: false },
    usable: ['cpu'],
  });

  it('lists each GPU and "all GPUs" only when the CUDA provider loads; else one unavailable GPU entry saying why', () => {
    expect(toDeviceInfos(report(true)).map((d) => d.id)).toEqual(['cpu', 'cuda:0', 'cuda:1', 'cuda:2', 'cuda:3', 'cuda:all']);
    expect(toDeviceInfos(report(true))[1]).toMatchObject({ kind: 'cuda', name: 'NVIDIA A100-SXM4-80GB', memoryBytes: 81920 * 2 ** 20 });
    expect(toDeviceInfos(report(true)).every((d) => !d.unavailable)).toBe(true);
    const without = toDeviceInfos(report(false));
    expect(without.map((d) => d.id)).toEqual(['cpu', 'cuda:0']);
    expect(without[0].unavailable).toBeUndefined();
    expect(without[1].unavailable).toBeTruthy();
    expect(toDeviceInfos(report(true, parseNvidiaSmi(fixture('one-h200.txt')).gpus)).map((d) => d.id)).toEqual(['cpu', 'cuda:0']);
  });

  it('listDevices on this machine: the CPU first; a plain CUDA sentence when it is unusable', async () => {
    const devices = await listDevices({ probe: false });
    expect(devices[0]).toMatchObject({ id: 'cpu', kind: 'cpu' });
    const r = await discoverDevices({ probe: false });
    expect(r.cpu.cores).toBeGreaterThan(0);
    expect(r.usable[0]).toBe('cpu');
    if (!cudaProviderInstalled().installed) expect(r.cudaMessage).toMatch(/CUDA is not available: .*npm run setup:cuda/);
  });

  it('the probe model is a valid ONNX model (runs on the CPU provider)', async () => {
    const s = await createSession(tinyModel());
    const out = await s.run({ X: new ort.Tensor('float32', new Float32Array([1, 2]), [2]) });
    expect(Array.from(out.Y.data as Float32Array)).toEqual([2, 4]);
  });

  it('`wiregrad devices --json` and the table', () => {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: root, encoding: 'utf8' });
    expect(b.status, b.stderr).toBe(0);
    const j = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), 'devices', '--json', '--no-probe'], { encoding: 'utf8' });
    expect(j.status, j.stderr).toBe(0);
    const parsed = JSON.parse(j.stdout) as DevicesReport;
    expect(parsed.cpu.cores).toBeGreaterThan(0);
    const t = spawnSync(process.execPath, [path.join(root, 'bin/wiregrad.js'), 'devices', '--no-probe'], { encoding: 'utf8' });
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^device\s+name/);
    expect(t.stdout).toContain('CUDA provider:');
    if (!cudaProviderInstalled().installed) expect(t.stdout).toContain('npm run setup:cuda');
  });
});

describe('summarizeProviderError (recorded provider load failures)', () => {
  const recorded = (name: string) => fs.readFileSync(path.join(__dirname, '../../fixtures/provider-errors', name), 'utf8');

  it('WebGPU without Vulkan: the two causes, without Dawn stack lines or ORT source locations', () => {
    expect(summarizeProviderError(recorded('webgpu-no-vulkan.txt'))).toBe(
      "Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory; Failed to get a WebGPU adapter: No supported adapters",
    );
  });

  it('CUDA provider missing a library: the library and the loader error, without the log prefix or colours', () => {
    const s = summarizeProviderError(recorded('cuda-missing-shared-lib.txt'));
    expect(s).toMatch(/^Failed to load library \S+libonnxruntime_providers_shared\.so with error: .*cannot open shared object file/);
    expect(s).toContain('; OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library');
    expect(s).not.toMatch(/\x1b|provider_bridge_ort\.cc|\[E:onnxruntime/);
  });
});
