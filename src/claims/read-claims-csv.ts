import { readCsv, type CsvMalformedRecord, type CsvRecord } from "../csv/read-csv.js";
import { ClaimsInputError } from "./errors.js";

/**
 * Reads a claims CSV (an email list, a links file) with the toolkit's one CSV reader, refusing the file at its
 * first unreadable record, named by the line it starts on.
 *
 * @param text The file's content.
 * @param file The file's name, for error messages.
 * @returns The non-empty records, each with the physical line it starts on.
 * @throws {ClaimsInputError} When a record is not CSV (an unclosed or stray quote).
 * @example
 * const records = readCsvRecords(text, "attendees.csv");
 */
export function readCsvRecords(text: string, file: string): CsvRecord[] {
  const { records, malformed } = readCsv(text);
  const bad = malformed[0];
  if (bad !== undefined) throw malformedCsvError(file, bad);
  return records;
}

/**
 * The error for a claims CSV's unreadable record, named by the line it starts on (the one wording of it, for a
 * file read whole or in pieces).
 *
 * @param file The file's name.
 * @param bad The record the CSV parser could not read.
 * @returns The error to throw.
 * @example
 * throw malformedCsvError("links.csv", { line: 7, code: "CSV_QUOTE_NOT_CLOSED" });
 */
export function malformedCsvError(file: string, bad: CsvMalformedRecord): ClaimsInputError {
  return new ClaimsInputError(`${file} line ${bad.line}: malformed CSV (${bad.code})`, {
    file,
    line: bad.line,
  });
}
