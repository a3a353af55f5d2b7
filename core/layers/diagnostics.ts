import type { Diagnostic, Fix } from '../check/diagnostics';
import type { TensorType } from './types';

/** Helpers so every layer words its diagnostics the same way. */
export function shapeText(t: TensorType | { shape: number[] }): string {
  return t.shape.length === 0 ? 'a scalar' : t.shape.join('×');
}

export function layerError(code: string, nodeId: string, message: string, fix?: Fix, port?: string): Diagnostic {
  return { code, severity: 'error', message, nodeId, fix, port };
}
