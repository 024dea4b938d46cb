/** Characters that make a spreadsheet read a cell as a formula (or that some spreadsheets strip before one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell of a CSV file the toolkit writes (the links file, the airdrop report, any other): a value a spreadsheet
 * would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so
 * Excel, LibreOffice and Google Sheets show it as text instead of evaluating it (CSV injection); then the cell is
 * quoted as RFC 4180 requires when it holds a comma, a quote or a line break. The one place this is decided.
 *
 * @param value The cell's text.
 * @returns The cell as it goes into the file.
 * @example
 * csvCell("=HYPERLINK(\"http://evil\")"); // "\"'=HYPERLINK(\"\"http://evil\"\")\""
 * csvCell("ann@example.org"); // "ann@example.org"
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The value a cell written by {@link csvCell} stood for, once the CSV reader has unquoted it: the `'` that
 * neutralised a formula is taken off again (a spreadsheet that re-saved the file keeps it too).
 *
 * @param cell The unquoted cell, as read.
 * @returns The original value.
 * @example
 * restoreCsvCell("'=1+1"); // "=1+1"
 */
export function restoreCsvCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
