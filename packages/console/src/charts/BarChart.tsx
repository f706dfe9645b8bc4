import { Axes } from './Axes.js';
import { niceScale, PLOT, plotHeight, plotWidth } from './scale.js';

export interface ChartSeries {
  name: string;
  /** One per category; `null` where there is no value (drawn as nothing). */
  values: readonly (number | null)[];
}

export interface BarChartProps {
  /** The chart's accessible name (its figure's caption). */
  title: string;
  categories: readonly string[];
  /** Drawn side by side in each category, in the palette's order. */
  series: readonly ChartSeries[];
  formatTick: (value: number) => string;
}

/** Grouped vertical bars in plain SVG; the numbers themselves are in the figure's table. */
export function BarChart({ title, categories, series, formatTick }: BarChartProps) {
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const { top, ticks } = niceScale(max);
  const band = plotWidth / Math.max(1, categories.length);
  const bar = (band * 0.8) / Math.max(1, series.length);
  return (
    <svg className="chart" viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} role="img">
      <title>{title}</title>
      <Axes categories={categories} ticks={ticks} top={top} formatTick={formatTick} />
      {series.map((s, n) => (
        <g key={s.name} className={`series series-${n}`}>
          {s.values.map((value, i) => {
            if (value === null || value <= 0) return null;
            const height = (value / top) * plotHeight;
            return (
              <rect
                // biome-ignore lint/suspicious/noArrayIndexKey: one bar per category position
                key={i}
                x={PLOT.left + band * i + band * 0.1 + bar * n}
                y={PLOT.top + plotHeight - height}
                width={Math.max(1, bar - 1)}
                height={height}
              />
            );
          })}
        </g>
      ))}
    </svg>
  );
}
