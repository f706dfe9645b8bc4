/** A round top for a value axis (1, 2, 2.5 or 5 times a power of ten) and its ticks. */
export function niceScale(max: number, ticks = 4): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((f) => f * power >= rough) ?? 10) * power;
  const top = step * Math.ceil(max / step);
  const values: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return { top, ticks: values };
}

/** Every n-th label, so at most `most` show on an axis (90 days would not fit). */
export function labelEvery(count: number, most = 7): number {
  return Math.max(1, Math.ceil(count / most));
}

/** The plot area inside the SVG's 600×220 view box. */
export const PLOT = { width: 600, height: 220, left: 48, right: 8, top: 10, bottom: 28 } as const;
export const plotWidth = PLOT.width - PLOT.left - PLOT.right;
export const plotHeight = PLOT.height - PLOT.top - PLOT.bottom;
