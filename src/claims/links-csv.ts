import { closeSync, openSync, statSync } from "node:fs";
import { open } from "node:fs/promises";

import { getAddress, isAddress } from "ethers";

import { checksumAddress } from "../chain/checksum-address.js";
import { csvCell, restoreCsvCell } from "../csv/csv-cell.js";
import { ClaimsInputError } from "./errors.js";
import type { ClaimBatchRow } from "./generate-claim-batch.js";
import { readCsvFileInPieces, type CsvRecord } from "../csv/read-csv.js";
import { malformedCsvError, readCsvRecords } from "./read-claims-csv.js";

/** The columns of the mail-merge file, in order. */
export const LINKS_CSV_COLUMNS = ["email", "link", "claim_address", "batch", "index", "quantity"] as const;

/**
 * Formats the mail-merge file of a small batch: `email,link,claim_address,batch,index,quantity`, one row per link,
 * CRLF line ends (RFC 4180). The links contain their secret keys. A cell a spreadsheet would run as a formula (an
 * email such as `=HYPERLINK(…)`) is neutralised by {@link csvCell}; {@link parseLinksCsv} restores it. A large
 * batch is written with {@link writeLinksCsv}, which never holds the whole text.
 *
 * @returns The CSV text.
 * @example
 * const text = formatLinksCsv(batch.rows);
 */
export function formatLinksCsv(rows: readonly ClaimBatchRow[]): string {
  return [LINKS_CSV_COLUMNS.join(","), ...rows.map(linksCsvLine)].join("\r\n") + "\r\n";
}

export interface WriteLinksCsvParameters {
  /** The file to create (mode 0600; an existing file is never overwritten). */
  file: string;
  /** How many rows. */
  count: number;
  /** Row `i` (made when written). */
  row: (index: number) => ClaimBatchRow;
}

/**
 * Writes the mail-merge file of a batch of any size (the format of {@link formatLinksCsv}), streamed: rows are
 * made and written a thousand at a time, waiting for the disk, so a million links (about 1 GB of URLs) never sit
 * in memory. The file is flushed to disk before it resolves.
 *
 * @returns The bytes written.
 * @throws The file system's error (EEXIST when the file exists).
 * @example
 * await writeLinksCsv({ file: "links.csv", count: plan.linkCount, row: plan.row });
 */
export async function writeLinksCsv({ file, count, row }: WriteLinksCsvParameters): Promise<number> {
  const handle = await open(file, "wx", 0o600);
  let bytes = 0;
  try {
    let text = LINKS_CSV_COLUMNS.join(",") + "\r\n";
    for (let i = 0; i < count; i++) {
      text += linksCsvLine(row(i)) + "\r\n";
      if (i % 1000 === 999 || i === count - 1) {
        const buffer = Buffer.from(text, "utf8");
        await handle.write(buffer);
        bytes += buffer.length;
        text = "";
      }
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return bytes;
}

function linksCsvLine(r: ClaimBatchRow): string {
  return [r.email, r.url, r.claimAddress, r.batchId.toString(), r.index.toString(), r.quantity.toString()]
    .map(csvCell)
    .join(",");
}

/**
 * Reads a mail-merge file written by {@link formatLinksCsv} (also after a spreadsheet re-saved it: BOM, CRLF,
 * extra columns are fine), from its whole text. A file of any size is read with {@link readLinksCsvInPieces}.
 *
 * @param text The file's content.
 * @param file The file's name, for error messages.
 * @returns One row per link, in file order.
 * @throws {ClaimsInputError} Naming the line and column at fault.
 * @example
 * const rows = parseLinksCsv(await readFile("links.csv", "utf8"), "links.csv");
 */
export function parseLinksCsv(text: string, file: string): ClaimBatchRow[] {
  const records = readCsvRecords(text, file);
  const column = linksCsvColumns(records[0]?.cells ?? [], file);
  return records.slice(1).map((record) => linksCsvRow(record, column, file));
}

/** Rows of a links file, one piece at a time (see {@link readLinksCsvInPieces}). */
export interface LinksCsvPiece {
  /** The piece's rows, in file order. */
  rows: ClaimBatchRow[];
  /** The file's bytes the piece covers (at most the piece size). */
  bytes: number;
}

export interface ReadLinksCsvInPiecesParameters {
  /** The links file. */
  file: string;
  /** Bytes read at a time (default 8 MiB; tests use small pieces). */
  pieceBytes?: number;
}

/**
 * Reads a links file of any size (a million links are about 1 GB, more than one string can hold) a piece at a
 * time with {@link readCsvFileInPieces}, checking each row as {@link parseLinksCsv} does, so a command keeps only
 * what it needs of each row. The errors are the ones {@link parseLinksCsv} throws for the same file: when a row is
 * bad, the rest of the file is still read (nothing more is handed over) so that a malformed CSV record anywhere is
 * reported first, as when the whole text is parsed. A caller that acts on the rows must therefore read to the end
 * before it sends anything.
 *
 * @returns The pieces' rows, in file order.
 * @throws {ClaimsInputError} Naming the line and column at fault, or the malformed record.
 * @throws The file system's error when the file cannot be opened.
 * @example
 * let links = 0;
 * for (const { rows } of readLinksCsvInPieces({ file: "links.csv" })) links += rows.length;
 */
export function* readLinksCsvInPieces({
  file,
  pieceBytes,
}: ReadLinksCsvInPiecesParameters): Generator<LinksCsvPiece> {
  let column: LinksCsvColumnIndexes | undefined;
  let firstError: ClaimsInputError | undefined;
  assertReadableFile(file);
  for (const piece of readCsvFileInPieces(file, { pieceBytes })) {
    const bad = piece.malformed[0];
    if (bad !== undefined) throw malformedCsvError(file, bad);
    if (firstError !== undefined) continue;
    const rows: ClaimBatchRow[] = [];
    try {
      for (const record of piece.records) {
        if (column === undefined) column = linksCsvColumns(record.cells, file);
        else rows.push(linksCsvRow(record, column, file));
      }
    } catch (error) {
      if (!(error instanceof ClaimsInputError)) throw error;
      firstError = error;
      continue;
    }
    yield { rows, bytes: piece.bytes };
  }
  if (firstError === undefined && column === undefined) linksCsvColumns([], file);
  if (firstError !== undefined) throw firstError;
}

/** A file that cannot be opened (missing, a folder, no permission) is bad input: one line, as for a bad row. */
function assertReadableFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
    closeSync(openSync(file, "r"));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== "string") throw error;
    throw new ClaimsInputError(`${file}: cannot read (${code})`, { file });
  }
  if (!isFile) throw new ClaimsInputError(`${file}: not a file`, { file });
}

type LinksCsvColumnIndexes = Record<(typeof LINKS_CSV_COLUMNS)[number], number>;

/** Where each column is, from the header's cells. */
function linksCsvColumns(cells: readonly string[], file: string): LinksCsvColumnIndexes {
  const header = cells.map((h) => h.toLowerCase());
  const column: Partial<LinksCsvColumnIndexes> = {};
  for (const name of LINKS_CSV_COLUMNS) {
    const at = header.indexOf(name);
    if (at < 0) throw new ClaimsInputError(`${file}: no ${name} column in the header`, { file, line: 1 });
    column[name] = at;
  }
  return column as LinksCsvColumnIndexes;
}

/** One link's row, checked. */
function linksCsvRow({ cells, line }: CsvRecord, column: LinksCsvColumnIndexes, file: string): ClaimBatchRow {
  const get = (name: (typeof LINKS_CSV_COLUMNS)[number]) => restoreCsvCell(cells[column[name]] ?? "");
  const integer = (name: "batch" | "index" | "quantity") => {
    const v = get(name);
    if (!/^[0-9]{1,20}$/.test(v)) {
      throw new ClaimsInputError(`${file} line ${line}: ${name} is not an integer`, {
        file,
        line,
        value: v,
      });
    }
    return BigInt(v);
  };
  const claimAddress = get("claim_address");
  const checksummed = addressOrUndefined(claimAddress);
  if (checksummed === undefined) {
    throw new ClaimsInputError(`${file} line ${line}: claim_address is not an address`, {
      file,
      line,
      value: claimAddress,
    });
  }
  return {
    email: get("email"),
    url: get("link"),
    claimAddress: checksummed,
    batchId: integer("batch"),
    index: integer("index"),
    quantity: integer("quantity"),
  };
}

/**
 * What ethers' `isAddress` and `getAddress` say of a cell (the checksummed address, or undefined when it is not
 * one), hashing hex addresses with `@noble/hashes` directly: ethers' keccak256 is EDR's native one once a Hardhat
 * network is open, and each call keeps about 0.6 KB that no garbage collection returns (a million rows, over
 * 1 GB; see README, "A claim batch of a million links"). Anything else (an ICAP address) goes to ethers.
 */
function addressOrUndefined(value: string): string | undefined {
  if (/^(0x)?[0-9a-fA-F]{40}$/.test(value)) {
    const hex = value.startsWith("0x") ? value : `0x${value}`;
    const result = checksumAddress(hex.toLowerCase());
    const mixedCase = /([A-F].*[a-f])|([a-f].*[A-F])/.test(hex);
    return !mixedCase || result === hex ? result : undefined;
  }
  return isAddress(value) ? getAddress(value) : undefined;
}
