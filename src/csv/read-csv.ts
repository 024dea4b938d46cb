import { closeSync, fstatSync, openSync } from "node:fs";

import { parse } from "csv-parse/sync";

import { READ_PIECE_BYTES, readLinesInPieces } from "../journal/append-only-file.js";

/** One CSV record and the physical line of the file it starts on (a file's first line is line 1). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** A record the CSV parser could not read (an unclosed quote, a stray quote), by the line it starts on. */
export interface CsvMalformedRecord {
  line: number;
  /** csv-parse's error code, e.g. `CSV_QUOTE_NOT_CLOSED`. */
  code: string;
}

export interface ReadCsvReturnType {
  /** The records that have at least one non-empty cell, in file order. */
  records: CsvRecord[];
  /** The records that could not be read; reading goes on after each. */
  malformed: CsvMalformedRecord[];
}

/**
 * The one CSV reader of the toolkit (attendee lists, claim-link emails, links files): reads text as a
 * spreadsheet may have saved it (UTF-8 BOM, CRLF, blank lines, ragged rows, spaces around cells) with csv-parse,
 * and numbers each record by the physical line it starts on, so every error about a row names the line an editor
 * shows (a quoted cell that spans lines does not shift the rows after it).
 *
 * @param text The file's content.
 * @returns The non-empty records and the malformed ones, each with its line.
 * @example
 * const { records, malformed } = readCsv("address,quantity\n0xabc…,2\n");
 * records[1]; // { cells: ["0xabc…", "2"], line: 2 }
 */
export function readCsv(text: string): ReadCsvReturnType {
  const records: CsvRecord[] = [];
  const malformed: CsvMalformedRecord[] = [];
  forEachCsvRecord(Buffer.from(text, "utf8"), {
    onRecord: (cells, line) => records.push({ line, cells }),
    onMalformed: (m) => malformed.push(m),
  });
  return { records, malformed };
}

export interface ForEachCsvRecordCallbacks {
  /** Called for each record that has at least one non-empty cell, in file order. */
  onRecord: (cells: string[], line: number) => void;
  /** Called for each record that could not be read; reading goes on after it. */
  onMalformed?: (record: CsvMalformedRecord) => void;
}

/**
 * {@link readCsv} without keeping the records: hands each one to a callback as it is parsed, so a million-row
 * file costs the memory of one record at a time (besides its bytes).
 *
 * @param bytes The file's content.
 * @param callbacks What to do with each record and each malformed one.
 * @example
 * forEachCsvRecord(await readFile("attendees.csv"), { onRecord: (cells, line) => count++ });
 */
export function forEachCsvRecord(
  bytes: Uint8Array,
  { onRecord, onMalformed }: ForEachCsvRecordCallbacks,
): void {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // csv-parse's own line count is off inside quoted cells with CRLF, so lines are counted here from the byte
  // offset where each record ends: the record's last line, less the line breaks inside its cells.
  const counter = lineCounter(buffer);
  let lastLine = 0;
  parse(buffer, {
    bom: true,
    trim: true,
    skip_empty_lines: false,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = lastLine + 1;
      lastLine = line;
      onMalformed?.({ line, code: error?.code ?? "unreadable" });
      return undefined;
    },
    on_record: (record: string[], context) => {
      const endLine = counter.lineOfLastByteBefore(context.bytes);
      const line = endLine - record.reduce((n, cell) => n + countBreaks(cell), 0);
      lastLine = endLine;
      if (!record.every((cell) => cell === "")) onRecord(record, line);
      return null;
    },
  });
}

/** Line breaks in a string: CRLF, LF or a lone CR each count once. */
function countBreaks(text: string): number {
  if (!text.includes("\n") && !text.includes("\r")) return 0;
  return (text.match(/\r\n|\n|\r/g) ?? []).length;
}

/** Finds the line of a byte offset, scanning forward only (offsets come in increasing order). */
function lineCounter(bytes: Buffer) {
  let at = 0;
  let breaks = 0;
  const CR = 0x0d;
  const LF = 0x0a;
  return {
    /** The 1-based line of the last byte before `end`, not counting a line break that ends there. */
    lineOfLastByteBefore(end: number): number {
      for (; at < end && at < bytes.length; at++) {
        const b = bytes[at]!;
        if (b === LF || (b === CR && bytes[at + 1] !== LF)) breaks++;
      }
      const endsWithBreak = end > 0 && (bytes[end - 1] === LF || bytes[end - 1] === CR);
      return 1 + breaks - (endsWithBreak ? 1 : 0);
    },
  };
}

/** One piece of a CSV file, as {@link readCsvFileInPieces} hands it over. */
export interface CsvFilePiece {
  /** The piece's non-empty records, in file order, each with the physical line of the file it starts on. */
  records: CsvRecord[];
  /** The piece's records the parser could not read (reading stops after such a piece). */
  malformed: CsvMalformedRecord[];
  /** The file's bytes this piece covers: never more than the piece size. */
  bytes: number;
}

export interface ReadCsvFileInPiecesParameters {
  /** Bytes read at a time (default: the journals' piece size, 8 MiB). */
  pieceBytes?: number;
}

/**
 * {@link readCsv} for a file of any size: reads it a piece at a time with the journals' piece reader
 * (`readLinesInPieces`), cuts each piece after its last complete record (a quoted cell may span lines) and parses
 * just that, so a million-row file (a million claim links are 1 GB, more than one string can hold) is never whole in
 * memory. Records and line numbers are those {@link readCsv} gives for the whole text. Reading stops after the
 * first piece that has a malformed record (past it, records cannot be trusted to line up); a record longer than a
 * piece (an unclosed quote, in practice) is reported as malformed with the code `CSV_RECORD_TOO_LONG`.
 *
 * @param file The file to read.
 * @param parameters The piece size.
 * @returns The pieces, in file order; the file is closed when the last is read or the caller stops early.
 * @example
 * for (const { records } of readCsvFileInPieces("links.csv")) for (const r of records) count++;
 */
export function* readCsvFileInPieces(
  file: string,
  { pieceBytes = READ_PIECE_BYTES }: ReadCsvFileInPiecesParameters = {},
): Generator<CsvFilePiece> {
  const fd = openSync(file, "r");
  try {
    const { size } = fstatSync(fd);
    let start = 0;
    /** Lines of the file before `start`, counted as {@link readCsv} counts them. */
    let linesBefore = 0;
    while (start < size) {
      const end = Math.min(size, start + pieceBytes);
      const lines: string[] = [];
      /** How many of `lines` end a record, and the bytes they take. */
      let complete = 0;
      let completeBytes = 0;
      let bytes = 0;
      let quotes = 0;
      const { tail } = readLinesInPieces(fd, { start, end, firstNumber: 1, pieceBytes }, ({ text }) => {
        lines.push(text);
        bytes += Buffer.byteLength(text, "utf8") + 1;
        quotes += countQuotes(text);
        // An even count of quotes so far: no quoted cell is open, so a record ends with this line.
        if (quotes % 2 === 0) {
          complete = lines.length;
          completeBytes = bytes;
        }
      });
      const last = end === size;
      if (last) {
        // The rest of the file: its records, and what a malformed one leaves open (as readCsv would see it).
        complete = lines.length;
        completeBytes = end - start;
      } else if (complete === 0) {
        // No record ends in this piece: a stray quote the parser names, or a record longer than a piece.
        const parsed = parseCsvPiece(lines.join("\n") + "\n", linesBefore);
        const named = parsed.malformed.filter((m) => m.code !== "CSV_QUOTE_NOT_CLOSED");
        yield {
          records: [],
          malformed: named.length > 0 ? named : [{ line: linesBefore + 1, code: "CSV_RECORD_TOO_LONG" }],
          bytes: 0,
        };
        return;
      }
      const text =
        (complete === 0 ? "" : lines.slice(0, complete).join("\n") + "\n") +
        (last ? tail.toString("utf8") : "");
      const { records, malformed } = parseCsvPiece(text, linesBefore);
      yield { records, malformed, bytes: completeBytes };
      if (malformed.length > 0) return;
      start += completeBytes;
      linesBefore += countBreaks(text);
    }
  } finally {
    closeSync(fd);
  }
}

/** {@link forEachCsvRecord} of one piece's text, its lines numbered from `linesBefore + 1`. */
function parseCsvPiece(text: string, linesBefore: number): ReadCsvReturnType {
  const records: CsvRecord[] = [];
  const malformed: CsvMalformedRecord[] = [];
  forEachCsvRecord(Buffer.from(text, "utf8"), {
    onRecord: (cells, line) => records.push({ cells, line: linesBefore + line }),
    onMalformed: ({ line, code }) => malformed.push({ line: linesBefore + line, code }),
  });
  return { records, malformed };
}

function countQuotes(text: string): number {
  let n = 0;
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) n++;
  return n;
}
