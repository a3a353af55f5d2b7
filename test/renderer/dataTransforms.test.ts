import { describe, expect, it } from 'vitest';
import { parseNumberList } from '../../renderer/training/DataTransformSettings';

describe('normalisation fields', () => {
  it('read per-channel lists', () => {
    expect(parseNumberList('0.5, 0.5,0.5')).toEqual([0.5, 0.5, 0.5]);
    expect(parseNumberList('0.1307')).toEqual([0.1307]);
  });

  it('refuse text that is not a list of numbers', () => {
    expect(parseNumberList('')).toBeNull();
    expect(parseNumberList('0.5, x')).toBeNull();
  });
});
