import { labelEvery, PLOT, plotHeight, plotWidth } from './scale.js';

export interface AxesProps {
  categories: readonly string[];
  ticks: readonly number[];
  top: number;
  formatTick: (value: number) => string;
}

/** Value gridlines with their labels, and every few category labels along the bottom. */
export function Axes({ categories, ticks, top, formatTick }: AxesProps) {
  const every = labelEvery(categories.length);
  const band = plotWidth / Math.max(1, categories.length);
  return (
    <g className="axes">
      {ticks.map((tick) => {
        const y = PLOT.top + plotHeight - (tick / top) * plotHeight;
        return (
          <g key={tick}>
            <line className="grid" x1={PLOT.left} x2={PLOT.left + plotWidth} y1={y} y2={y} />
            <text
              className="tick"
              x={PLOT.left - 6}
              y={y}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {formatTick(tick)}
            </text>
          </g>
        );
      })}
      {categories.map((label, i) =>
        i % every === 0 ? (
          <text
            // biome-ignore lint/suspicious/noArrayIndexKey: categories are positions on the axis
            key={i}
            className="tick"
            x={PLOT.left + band * (i + 0.5)}
            y={PLOT.height - 8}
            textAnchor="middle"
          >
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}
