import { describe, expect, it } from 'vitest';
import { DeviceSpecError, formatDeviceSpec, parseDeviceSpec } from '../../../core/runtime/deviceSpec';

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

  it('round-trips through formatDeviceSpec', () => {
    for (const s of ['cpu', 'cpu:2', 'cuda:0', 'cuda:0,1', 'cuda:all']) expect(formatDeviceSpec(parseDeviceSpec(s))).toBe(s);
    expect(formatDeviceSpec(parseDeviceSpec('cpu:1'))).toBe('cpu');
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
