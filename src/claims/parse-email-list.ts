import { ClaimsInputError } from "./errors.js";
import { readCsvRecords } from "./read-claims-csv.js";

const EMAIL = /^[^\s@,;"'<>()=+]+@[^\s@,;"'<>()]+\.[^\s@,;"'<>()]+$/;

/**
 * Reads the attendees' emails for a claim batch: a CSV whose header has an `email` column, or a plain list of
 * one address per line. Rejects malformed addresses, duplicates (case-insensitive) and spreadsheet formulas,
 * naming the line.
 *
 * @param text The file's content.
 * @param file The file's name, for error messages.
 * @returns The emails in file order.
 * @throws {ClaimsInputError} On the first bad line.
 * @example
 * const emails = parseEmailList(await readFile("attendees.csv", "utf8"), "attendees.csv");
 */
export function parseEmailList(text: string, file: string): string[] {
  const records = readCsvRecords(text, file);
  const header = (records[0]?.cells ?? []).map((h) => h.toLowerCase());
  const hasHeader = header.includes("email");
  const column = hasHeader ? header.indexOf("email") : 0;
  const emails: string[] = [];
  const seen = new Map<string, number>();
  records.forEach(({ cells, line }, i) => {
    if (hasHeader && i === 0) return;
    const email = cells[column] ?? "";
    if (!EMAIL.test(email)) {
      throw new ClaimsInputError(`${file} line ${line}: not an email address`, { file, line, value: email });
    }
    const key = email.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ClaimsInputError(`${file} line ${line}: ${email} already on line ${first}`, {
        file,
        line,
        value: email,
        details: "one link per attendee; give a link more tickets with --quantity instead",
      });
    }
    seen.set(key, line);
    emails.push(email);
  });
  if (emails.length === 0) throw new ClaimsInputError(`${file}: no email addresses`, { file });
  return emails;
}
