/** Compact number and shape formatting shared by nodes, edges, the status bar and charts. */
import type { TensorType } from '../../core/layers/types';

export { formatDuration } from '../../core/util/duration';
export { formatBytes } from '../../core/util/bytes';

// One formatter made once: toLocaleString builds one per call, which showed in profiles of a run.
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234.4 → "1,234". */
export function formatInt(n: number): string {
  return INT.format(n);
}

/** 1234 → "1,234"; 2_400_000 → "2.4M". Counts under 10k stay exact: users compare them with PyTorch's summaries. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a < 10_000) return formatInt(Math.round(n));
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, u] of units) if (a >= v) return `${(n / v).toFixed(n / v < 100 ? 1 : 0).replace(/\.0$/, '')}${u}`;
  return String(n);
}

/** Per-sample shape: `32×32×32`; a scalar per sample shows as `1`. */
export function formatShape(shape: number[]): string {
  return shape.length ? shape.join('×') : '1';
}

/** Batch-inclusive shape for an edge label: `64×128`. */
export function formatBatchShape(t: TensorType | null | undefined, batch: number): string {
  if (!t) return '?';
  return [batch, ...t.shape].join('×');
}

export function formatPercent(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(digits)}%`;
}
