import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { parseArgs } from '../../../core/cli/args';
import { applyTrainingFlags } from '../../../core/cli/train';
import { parseDocument } from '../../../core/graph/parse';
import { DeviceSpecError, parseDeviceSpec } from '../../../core/runtime/deviceSpec';

const MLP = 'assets/templates/mnist-mlp.wiregrad.json';

describe('device option', () => {
  it('parses every documented form', () => {
    expect(parseDeviceSpec('cpu')).toEqual({ kind: 'cpu', replicas: 1 });
    expect(parseDeviceSpec(' CPU:3 ')).toEqual({ kind: 'cpu', replicas: 3 });
    expect(parseDeviceSpec('cuda')).toEqual({ kind: 'cuda', ids: [0] });
    expect(parseDeviceSpec('cuda:0')).toEqual({ kind: 'cuda', ids: [0] });
    expect(parseDeviceSpec('cuda:0,1')).toEqual({ kind: 'cuda', ids: [0, 1] });
    expect(parseDeviceSpec('cuda:all')).toEqual({ kind: 'cuda', ids: 'all' });
    expect(parseDeviceSpec('gpu:1')).toEqual({ kind: 'cuda', ids: [1] });
  });

  it('keeps the CLI choice as typed, so automatic "cpu" and forced "cpu:1" stay distinct', () => {
    const args = parseArgs(['p', '--device', 'CPU:1'], { device: { value: true } });
    expect(applyTrainingFlags(parseDocument(fs.readFileSync(MLP, 'utf8'), MLP), args).training.device).toBe('cpu:1');
  });

  it('rejects bad choices with a message that says what to use', () => {
    for (const [bad, msg] of [
      ['tpu', 'use cpu, cpu:N, cuda:0, cuda:0,1 or cuda:all'],
      ['cpu:0', 'between 1 and 64'],
      ['cpu:65', 'between 1 and 64'],
      ['cuda:0,0', 'names a GPU twice'],
      ['cuda:', 'unknown device'],
      ['cuda:-1', 'unknown device'],
      ['', 'unknown device'],
    ]) {
      expect(() => parseDeviceSpec(bad)).toThrow(DeviceSpecError);
      expect(() => parseDeviceSpec(bad)).toThrow(msg);
    }
  });
});
