/** The export formats: one list for the CLI, the API and the app's Export dialog, and the file endings that choose among them. */
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, formatForPath } from '../../../core/export/formatList';
import { exportFormats } from '../../../core/export/formats';

describe('export formats', () => {
  it('the browser-safe list and the one that makes files are the same formats in the same order', () => {
    expect(exportFormats.map((f) => f.name)).toEqual(EXPORT_FORMAT_NAMES);
    expect(EXPORT_FORMAT_NAMES).toEqual(['onnx', 'onnx-train', 'pytorch', 'notebook']);
    for (const f of exportFormats) expect(f.files).toBeTypeOf('function');
  });

  it('a file name chooses its format by the longest ending that matches', () => {
    expect(formatForPath('/tmp/mlp.onnx')).toBe('onnx');
    expect(formatForPath('mlp.train.onnx')).toBe('onnx-train');
    expect(formatForPath('C:\\models\\MLP.PY')).toBe('pytorch');
    expect(formatForPath('mlp.ipynb')).toBe('notebook');
    expect(formatForPath('mlp.h5')).toBeUndefined();
    for (const f of EXPORT_FORMATS) expect(formatForPath(`x${f.extension}`)).toBe(f.name);
  });
});
