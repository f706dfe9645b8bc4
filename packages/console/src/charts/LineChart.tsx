import { Axes } from './Axes.js';
import type { ChartSeries } from './BarChart.js';
import { niceScale, PLOT, plotHeight, plotWidth } from './scale.js';

export interface LineChartProps {
  /** The chart's accessible name (its figure's caption). */
  title: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  formatTick: (value: number) => string;
  /** The axis top; the data's maximum rounded up without one. */
  top?: number;
}

/** Lines with a dot per value, in plain SVG; a `null` breaks the line. */
export function LineChart({ title, categories, series, formatTick, top: fixed }: LineChartProps) {
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const { top, ticks } = fixed ? niceScale(fixed) : niceScale(max);
  const band = plotWidth / Math.max(1, categories.length);
  const x = (i: number) => PLOT.left + band * (i + 0.5);
  const y = (value: number) => PLOT.top + plotHeight - (value / top) * plotHeight;
  return (
    <svg className="chart" viewBox={`0 0 ${PLOT.width} ${PLOT.height}`} role="img">
      <title>{title}</title>
      <Axes categories={categories} ticks={ticks} top={top} formatTick={formatTick} />
      {series.map((s, n) => {
        let path = '';
        let pen = false;
        s.values.forEach((value, i) => {
          if (value === null) {
            pen = false;
            return;
          }
          path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(value).toFixed(1)}`;
          pen = true;
        });
        return (
          <g key={s.name} className={`series series-${n}`}>
            <path d={path} className="line" />
            {s.values.map((value, i) =>
              value === null ? null : (
                // biome-ignore lint/suspicious/noArrayIndexKey: one dot per category position
                <circle key={i} cx={x(i)} cy={y(value)} r={categories.length > 40 ? 1.5 : 3} />
              ),
            )}
          </g>
        );
      })}
    </svg>
  );
}
