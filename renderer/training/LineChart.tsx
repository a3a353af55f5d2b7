/**
 * A streaming line chart on uPlot (canvas, tens of thousands of points at 60 fps).
 * The chart is created once per series layout and theme; new points only call setData.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useColorScheme } from '../shell/useColorScheme';

export interface ChartSeries {
  label: string;
  /** CSS custom property holding the colour, e.g. `--chart-loss`. */
  colorVar: string;
  values: (number | null)[];
  /** Faint raw line under a smoothed one. */
  faint?: boolean;
  /** Points only (per-epoch values on a per-step axis). */
  points?: boolean;
}

interface Props {
  title: string;
  x: number[];
  series: ChartSeries[];
  /** Fixed y range, e.g. [0, 1] for accuracy. */
  yRange?: [number, number];
  format?: (v: number) => string;
  /** Logarithmic y axis (losses over orders of magnitude); values ≤ 0 are left out. */
  logY?: boolean;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function plotHeight(el: HTMLElement): number {
  return Math.max(100, el.clientHeight);
}

function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A log axis cannot show values ≤ 0: they become gaps. */
function positive(values: (number | null)[], log?: boolean): (number | null)[] {
  return log ? values.map((v) => (v !== null && v > 0 ? v : null)) : values;
}

export function LineChart({ title, x, series, yRange, format, logY }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const scheme = useColorScheme();
  const layoutKey = series.map((s) => `${s.label}:${s.colorVar}:${s.faint}:${s.points}`).join('|');
  const data = () => [x, ...series.map((s) => positive(s.values, logY))] as uPlot.AlignedData;
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let u: uPlot | null = null;
    let ro: ResizeObserver | null = null;
    // Made at the next frame rather than in the commit that shows the chart: that commit (the
    // Train click's) also locks the canvas and swaps the dock's content, and together they
    // made a frame of over 100 ms.
    const frame = requestAnimationFrame(() => {
      u = create(el);
      chart.current = u;
      const plot = u;
      ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: plotHeight(el) }));
      ro.observe(el);
    });
    return () => {
      cancelAnimationFrame(frame);
      ro?.disconnect();
      u?.destroy();
      chart.current = null;
    };
    // Data updates go through setData below; only a layout or theme change rebuilds the chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layoutKey, scheme, yRange?.[0], yRange?.[1], logY]);

  function create(el: HTMLElement): uPlot {
    const axisColor = cssVar('--fg-muted');
    const gridColor = cssVar('--border-subtle');
    const fmt = format ?? ((v: number) => String(+v.toPrecision(3)));
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: plotHeight(el),
      // Our own static legend in the caption: uPlot's live legend wraps and clips in a short dock.
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: logY ? { distr: 3, log: 10 } : yRange ? { range: yRange } : { auto: true } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, size: 4 }, size: 28, font: '11px system-ui' },
        { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, size: 4 }, size: 44, font: '11px system-ui', values: (_u, vals) => vals.map((v) => (v == null ? '' : fmt(v))) },
      ],
      series: [
        { label: 'step' },
        ...series.map((s): uPlot.Series => {
          const color = cssVar(s.colorVar);
          if (s.points)
            return { label: s.label, stroke: color, width: 0, paths: () => null, points: { show: true, size: 8, stroke: color, fill: cssVar('--bg-panel') }, value: (_u, v) => (v == null ? '–' : fmt(v)) };
          return {
            label: s.label,
            stroke: s.faint ? withAlpha(color, 0.25) : color,
            width: s.faint ? 1 : 2,
            points: { show: false },
            spanGaps: true,
            value: (_u, v) => (v == null ? '–' : fmt(v)),
          };
        }),
      ],
    };
    return new uPlot(opts, latest.current(), el);
  }

  useEffect(() => {
    chart.current?.setData(data());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [x, series, logY]);

  return (
    <figure className="wg-chart" aria-label={title}>
      <figcaption>
        <span>{title}</span>
        <span className="wg-chart__legend">
          {series
            .filter((s) => !s.faint)
            .map((s) => (
              <span key={s.label} className={s.points ? 'is-points' : undefined} style={{ '--c': `var(${s.colorVar})` } as CSSProperties}>
                {s.label}
              </span>
            ))}
          {series.some((s) => s.faint) ? <span className="is-faint">raw</span> : null}
        </span>
      </figcaption>
      <div ref={host} className="wg-chart__plot" />
    </figure>
  );
}
