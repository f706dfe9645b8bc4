import { niceScale, PLOT } from './scale.js';

export interface HorizontalBarChartProps {
  /** The chart's accessible name (its figure's caption). */
  title: string;
  /** A row each, labelled on the left; long labels fit better here than under columns. */
  categories: readonly string[];
  values: readonly number[];
  formatValue: (value: number) => string;
}

const ROW = 32;
const LABEL = 210;
const VALUE = 48;

/** One bar per category, across, with its value at its end, in plain SVG. */
export function HorizontalBarChart({
  title,
  categories,
  values,
  formatValue,
}: HorizontalBarChartProps) {
  const { top } = niceScale(Math.max(0, ...values));
  const width = PLOT.width - LABEL - VALUE;
  const height = categories.length * ROW + 8;
  return (
    <svg className="chart" viewBox={`0 0 ${PLOT.width} ${height}`} role="img">
      <title>{title}</title>
      <g className="axes">
        {categories.map((label, i) => (
          <text
            key={label}
            className="tick"
            x={LABEL - 8}
            y={i * ROW + ROW / 2 + 4}
            textAnchor="end"
            dominantBaseline="middle"
          >
            {label}
          </text>
        ))}
      </g>
      <g className="series series-0">
        {values.map((value, i) => {
          const length = (value / top) * width;
          return (
            <g key={categories[i]}>
              {value > 0 && <rect x={LABEL} y={i * ROW + 8} width={length} height={ROW - 10} />}
              <text
                className="tick value"
                x={LABEL + length + 6}
                y={i * ROW + ROW / 2 + 4}
                dominantBaseline="middle"
              >
                {formatValue(value)}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
