/**
 * Elapsed time and ETA as the app and the CLI both show them: tenths under ten seconds
 * (a short MNIST run takes well under one, and "0s" would read as "nothing happened"),
 * then whole seconds, "1m 05s", "2h 03m".
 */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '–';
  if (sec < 9.95) return `${sec.toFixed(1)}s`;
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
