import { parse } from "csv-parse/sync";

import { ClaimsInputError } from "./errors.js";

/** One CSV record and the file line it ends on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Parses CSV text as a spreadsheet may have saved it (BOM, CRLF, blank lines, ragged rows, padded cells),
 * keeping each record's line number for error messages.
 *
 * @returns The non-empty records.
 * @throws {ClaimsInputError} When the text is not CSV (an unclosed quote).
 * @example
 * const records = readCsvRecords(text, "attendees.csv");
 */
export function readCsvRecords(text: string, file: string): CsvRecord[] {
  try {
    const parsed = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed.map(({ record, info }) => ({ fields: record, line: info.lines }));
  } catch (cause) {
    throw new ClaimsInputError(`${file}: not a readable CSV file`, { file, details: String(cause) });
  }
}
