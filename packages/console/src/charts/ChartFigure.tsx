import { type ReactNode, useState } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';

export interface ChartTable {
  /** The header of the first column (the categories), then one per series. */
  columns: readonly string[];
  rows: ReadonlyArray<{ label: string; cells: readonly string[] }>;
}

export interface ChartFigureProps {
  title: string;
  /** The series' names, in the palette's order; left out for a single series. */
  legend?: readonly string[];
  /** The chart (given the title, its accessible name). */
  chart: (title: string) => ReactNode;
  /** The same numbers as text: always there for assistive technology, shown on request. */
  table: ChartTable;
}

/** A chart with its caption, legend and the data table that is its text equivalent. */
export function ChartFigure({ title, legend, chart, table }: ChartFigureProps) {
  const { m } = useText();
  const [shown, setShown] = useState(false);
  return (
    <figure className="chart-figure">
      <figcaption>{title}</figcaption>
      {legend && legend.length > 1 && (
        <ul className="legend" aria-hidden="true">
          {legend.map((name, n) => (
            <li key={name} className={`series-${n}`}>
              {name}
            </li>
          ))}
        </ul>
      )}
      {chart(title)}
      <button
        type="button"
        className="link-button"
        aria-pressed={shown}
        onClick={() => setShown((was) => !was)}
      >
        {shown ? m.hideTable : m.showTable}
      </button>
      <div className={shown ? 'table-scroll' : 'visually-hidden'}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are columns in order
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
