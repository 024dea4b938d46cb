import { createHash } from "node:crypto";

import { checksumAddress } from "../chain/checksum-address.js";
import { forEachCsvRecord } from "../csv/read-csv.js";
import { AttendeeFileError, type AttendeeIssue } from "./errors.js";
import { hexToBytes, RecipientTable, RecipientTableBuilder } from "./recipient-table.js";

/** One data row of the attendee file, validated. */
export interface AttendeeRow {
  /** 1-based line the row starts on. */
  line: number;
  /** The address, lowercase (checksum it for display with ethers `getAddress`). */
  address: string;
  /** Tickets for this row. */
  quantity: number;
  /** Every other column, by its header name (name, email, …), carried through to the report. */
  fields: Record<string, string>;
}

/** One recipient: the rows of one address merged. */
export interface AttendeeRecipient {
  /** Lowercase address. */
  address: string;
  /** Tickets in total over its rows. */
  quantity: number;
  /** Indexes into `rows`, in file order. */
  rows: number[];
}

/** A warning that does not stop the airdrop (duplicates merged). */
export interface AttendeeWarning {
  kind: "duplicate-address";
  line: number;
  /** The line of the address's first row. */
  firstLine: number;
  address: string;
  message: string;
}

export interface ParseAttendeesParameters {
  /** The file's bytes (hashed as they are) or text. */
  content: Uint8Array | string;
  /** The file name used in messages. */
  file: string;
  /** Reject duplicated addresses instead of merging them. */
  strict?: boolean;
  /** Addresses that must not receive tickets (e.g. the ticket contract itself). */
  forbidden?: readonly string[];
}

export interface ParseAttendeesReturnType {
  file: string;
  /** SHA-256 of the file's bytes, hex: names the airdrop's journal. */
  fileHash: string;
  /** The header, as written (trimmed). */
  columns: string[];
  /** Attendee rows in the file. */
  rowCount: number;
  /** The distinct addresses and their tickets, sorted ascending by address (compact: ~28 bytes each). */
  table: RecipientTable;
  /** Per row, in file order: the line it starts on, its address's index in `table`, its tickets. */
  rowLines: Uint32Array;
  rowRecipients: Uint32Array;
  rowQuantities: Float64Array;
  totalTickets: number;
  /** The first {@link MAX_LISTED} duplicate-address warnings; `duplicateRows` counts them all. */
  warnings: AttendeeWarning[];
  duplicateRows: number;
  /**
   * Every row as an object, built on demand (with its other columns read again from the file): for small lists
   * and tests; a large list goes through {@link ParseAttendeesReturnType.forEachRow}.
   */
  readonly rows: AttendeeRow[];
  /** One per distinct address, sorted ascending by address, built on demand (small lists and tests). */
  readonly recipients: AttendeeRecipient[];
  /** Calls `fn` for every row in file order, reading its other columns again from the file's bytes. */
  forEachRow: (fn: (row: AttendeeRow, index: number) => void) => void;
}

/** Issues and warnings listed in full up to this many (all are counted). */
export const MAX_LISTED = 1000;

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const QUANTITY_RE = /^[0-9]+$/;
const ZERO_ADDRESS = "0x" + "0".repeat(40);

/**
 * Parses and validates an attendee CSV completely before anything is sent: a header with an `address` column
 * (required) and optionally `quantity` (default 1; an empty cell also means 1) and any other columns. Accepts
 * a UTF-8 BOM, CRLF, blank lines and spaces around cells. Rejects, with line numbers and all at once: malformed
 * CSV, rows with a different number of cells than the header, malformed addresses, mixed-case addresses with a
 * wrong EIP-55 checksum, the zero address, forbidden addresses, and quantities that are not positive integers.
 * Duplicated addresses (in any letter case) are merged with a warning, or rejected when `strict`.
 *
 * Memory stays flat in the number of rows: records are handled one at a time as the parser reads them, addresses
 * are kept as 20 bytes each in a hash set over a `Uint8Array` (duplicates found there), rows as three numbers each
 * in typed arrays; the other columns are not kept, but read again from the file's bytes when a report needs them.
 *
 * @param parameters The file content and options.
 * @returns The rows, the merged recipients sorted by address, and warnings.
 * @throws {AttendeeFileError} listing every problem found (the first {@link MAX_LISTED}, and how many in all).
 * @example
 * const list = parseAttendees({ content: await readFile("attendees.csv"), file: "attendees.csv" });
 * list.totalTickets; // 5000
 */
export function parseAttendees({
  content,
  file,
  strict = false,
  forbidden = [],
}: ParseAttendeesParameters): ParseAttendeesReturnType {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const fileHash = createHash("sha256").update(bytes).digest("hex");

  const issues: AttendeeIssue[] = [];
  let issueCount = 0;
  const report = (issue: AttendeeIssue) => {
    issueCount++;
    if (issues.length < MAX_LISTED) issues.push(issue);
  };
  let header: { cells: string[]; line: number } | undefined;
  let columns: string[] = [];
  let addressIndex: number | undefined;
  let quantityIndex: number | undefined;
  let headerFatal = false;

  const forbiddenSet = new Set(forbidden.map((a) => a.toLowerCase()));
  // Sized once from the line breaks, LF and CR (every record but the last ends with one, so this bounds the rows):
  // no array grows and copies itself on the way.
  let breaks = 1;
  for (const b of [0x0a, 0x0d])
    for (let at = bytes.indexOf(b); at >= 0; at = bytes.indexOf(b, at + 1)) breaks++;
  const builder = new RecipientTableBuilder(breaks);
  const lines = new Uint32Array(breaks);
  const inserted = new Uint32Array(breaks);
  const quantities = new Float64Array(breaks);
  let rows = 0;
  const warnings: AttendeeWarning[] = [];
  let duplicateRows = 0;
  const key = new Uint8Array(20);

  forEachCsvRecord(bytes, {
    onMalformed: (m) => report({ kind: "malformed-csv", line: m.line, message: `malformed CSV (${m.code})` }),
    onRecord: (cells, line) => {
      if (header === undefined) {
        header = { cells, line };
        columns = cells;
        const seenColumns = new Map<string, number>();
        cells.forEach((name, i) => {
          const lower = name.toLowerCase();
          if (seenColumns.has(lower)) {
            report({
              kind: "duplicate-column",
              line,
              value: name,
              message: `column "${name}" appears twice in the header`,
            });
          } else seenColumns.set(lower, i);
        });
        addressIndex = seenColumns.get("address");
        quantityIndex = seenColumns.get("quantity");
        if (addressIndex === undefined) {
          report({
            kind: "missing-address-column",
            line,
            message: `the header has no "address" column (found: ${cells.join(", ") || "nothing"})`,
          });
          headerFatal = true;
        }
        return;
      }
      if (headerFatal || addressIndex === undefined) return;
      if (cells.length !== columns.length) {
        report({
          kind: "column-count",
          line,
          message: `${cells.length} cells where the header has ${columns.length}`,
        });
        return;
      }
      const raw = cells[addressIndex] ?? "";
      const address = checkAddress(raw, line, forbiddenSet, report);
      const quantity =
        quantityIndex === undefined ? 1 : checkQuantity(cells[quantityIndex] ?? "", line, report);
      if (address === undefined || quantity === undefined) return;

      const { index, existed } = builder.insert(hexToBytes(address, key), line);
      if (existed) {
        const first = builder.firstLine(index);
        if (strict) {
          report({
            kind: "duplicate-address",
            line,
            value: raw,
            message: `address ${raw} already appears on line ${first} (--strict rejects duplicates)`,
          });
          return;
        }
        duplicateRows++;
        builder.addTickets(index, quantity);
        if (warnings.length < MAX_LISTED) {
          warnings.push({
            kind: "duplicate-address",
            line,
            firstLine: first,
            address,
            message: `line ${line}: address ${raw} also on line ${first}; merged (${builder.quantity(index)} tickets in total)`,
          });
        }
      } else builder.addTickets(index, quantity);
      lines[rows] = line;
      inserted[rows] = index;
      quantities[rows] = quantity;
      rows++;
    },
  });

  if (header === undefined) {
    throw new AttendeeFileError(
      file,
      [
        ...issues,
        {
          kind: "missing-header",
          line: 0,
          message: "the file is empty: expected a header with an `address` column",
        },
      ],
      issueCount + 1,
    );
  }
  if (headerFatal) {
    // As the file is read whole before the header's problems stop it: the unreadable records first.
    const malformed = issues.filter((i) => i.kind === "malformed-csv");
    const others = issues.filter((i) => i.kind !== "malformed-csv");
    throw new AttendeeFileError(file, [...malformed, ...others], issueCount);
  }

  if (issueCount === 0 && rows === 0) {
    report({ kind: "no-attendees", line: 0, message: "the file has a header but no attendee rows" });
  }
  if (issueCount > 0)
    throw new AttendeeFileError(
      file,
      issues.sort((a, b) => a.line - b.line),
      issueCount,
    );

  const { table, rank } = builder.build();
  // The row arrays, trimmed to the rows found; the recipients' index now that the table is sorted.
  const rowRecipients = inserted.subarray(0, rows);
  for (let i = 0; i < rows; i++) rowRecipients[i] = rank[rowRecipients[i]!]!;
  const rowLines = lines.subarray(0, rows);
  const rowQuantities = quantities.subarray(0, rows);
  const addressColumn = addressIndex!;
  const quantityColumn = quantityIndex;

  const forEachRow = (fn: (row: AttendeeRow, index: number) => void) => {
    let index = -2;
    forEachCsvRecord(bytes, {
      onRecord: (cells) => {
        if (++index < 0) return; // the header
        const fields: Record<string, string> = {};
        columns.forEach((name, i) => {
          if (i !== addressColumn && i !== quantityColumn) fields[name] = cells[i] ?? "";
        });
        fn(
          {
            line: rowLines[index]!,
            address: table.address(rowRecipients[index]!),
            quantity: rowQuantities[index]!,
            fields,
          },
          index,
        );
      },
    });
  };

  return {
    file,
    fileHash,
    columns,
    rowCount: rowLines.length,
    table,
    rowLines,
    rowRecipients,
    rowQuantities,
    totalTickets: table.totalTickets,
    warnings,
    duplicateRows,
    forEachRow,
    get rows() {
      const rows: AttendeeRow[] = [];
      forEachRow((row) => rows.push(row));
      return rows;
    },
    get recipients() {
      const list: AttendeeRecipient[] = [];
      for (let i = 0; i < table.count; i++) {
        list.push({ address: table.address(i), quantity: table.quantity(i), rows: [] });
      }
      rowRecipients.forEach((r, row) => list[r]!.rows.push(row));
      return list;
    },
  };
}

type Report = (issue: AttendeeIssue) => void;

function checkAddress(raw: string, line: number, forbidden: Set<string>, report: Report) {
  if (raw === "") {
    report({ kind: "missing-address", line, message: "no address" });
    return undefined;
  }
  if (!ADDRESS_RE.test(raw)) {
    report({
      kind: "invalid-address",
      line,
      value: raw,
      message: `invalid address ${JSON.stringify(raw)}: expected 0x and 40 hex digits`,
    });
    return undefined;
  }
  const hex = raw.slice(2);
  const lower = raw.toLowerCase();
  if (hex !== hex.toLowerCase() && hex !== hex.toUpperCase() && checksumAddress(lower) !== raw) {
    report({
      kind: "bad-checksum",
      line,
      value: raw,
      message: `address ${raw} has a wrong EIP-55 checksum (mistyped? expected ${checksumAddress(lower)})`,
    });
    return undefined;
  }
  if (lower === ZERO_ADDRESS) {
    report({ kind: "zero-address", line, value: raw, message: "the zero address cannot hold a ticket" });
    return undefined;
  }
  if (forbidden.has(lower)) {
    report({
      kind: "contract-address",
      line,
      value: raw,
      message: `address ${raw} is the ticket contract itself`,
    });
    return undefined;
  }
  return lower;
}

function checkQuantity(raw: string, line: number, report: Report) {
  if (raw === "") return 1;
  const n = QUANTITY_RE.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    report({
      kind: "invalid-quantity",
      line,
      value: raw,
      message: `quantity ${JSON.stringify(raw)} is not a positive whole number`,
    });
    return undefined;
  }
  return n;
}
