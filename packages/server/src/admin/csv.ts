// RFC 4180 CSV that a spreadsheet opens as text, never as a formula.

/** Starts a spreadsheet would read as a formula (or that hide one): `=`, `+`, `-`, `@`, tab, CR. */
const FORMULA = /^[=+\-@\t\r]/;

/** One cell: `'`-prefixed if it could start a formula, quoted if it holds `"`, `,` or a line end. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
