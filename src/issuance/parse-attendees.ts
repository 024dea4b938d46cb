import { createHash } from "node:crypto";

import { checksumAddress } from "../chain/checksum-address.js";
import { readCsv } from "../csv/read-csv.js";
import { AttendeeFileError, type AttendeeIssue } from "./errors.js";

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
  rows: AttendeeRow[];
  /** One per distinct address, sorted ascending by address. */
  recipients: AttendeeRecipient[];
  totalTickets: number;
  warnings: AttendeeWarning[];
}

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
 * @param parameters The file content and options.
 * @returns The rows, the merged recipients sorted by address, and warnings.
 * @throws {AttendeeFileError} listing every problem found.
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
  const text = typeof content === "string" ? content : Buffer.from(content).toString("utf8");

  const issues: AttendeeIssue[] = [];
  const { records, malformed } = readCsv(text);
  for (const m of malformed) {
    issues.push({ kind: "malformed-csv", line: m.line, message: `malformed CSV (${m.code})` });
  }
  const header = records.shift();
  if (header === undefined) {
    throw new AttendeeFileError(file, [
      ...issues,
      {
        kind: "missing-header",
        line: 0,
        message: "the file is empty: expected a header with an `address` column",
      },
    ]);
  }
  const columns = header.cells;
  const keys = columns.map((c) => c.toLowerCase());
  const seenColumns = new Map<string, number>();
  keys.forEach((key, i) => {
    if (seenColumns.has(key)) {
      issues.push({
        kind: "duplicate-column",
        line: header.line,
        value: columns[i],
        message: `column "${columns[i]}" appears twice in the header`,
      });
    } else seenColumns.set(key, i);
  });
  const addressIndex = seenColumns.get("address");
  const quantityIndex = seenColumns.get("quantity");
  if (addressIndex === undefined) {
    issues.push({
      kind: "missing-address-column",
      line: header.line,
      message: `the header has no "address" column (found: ${columns.join(", ") || "nothing"})`,
    });
    throw new AttendeeFileError(file, issues);
  }

  const forbiddenSet = new Set(forbidden.map((a) => a.toLowerCase()));
  const rows: AttendeeRow[] = [];
  const byAddress = new Map<string, AttendeeRecipient>();
  const firstLine = new Map<string, number>();
  const warnings: AttendeeWarning[] = [];

  for (const { line, cells } of records) {
    if (cells.length !== columns.length) {
      issues.push({
        kind: "column-count",
        line,
        message: `${cells.length} cells where the header has ${columns.length}`,
      });
      continue;
    }
    const raw = cells[addressIndex] ?? "";
    const address = checkAddress(raw, line, forbiddenSet, issues);
    const quantity =
      quantityIndex === undefined ? 1 : checkQuantity(cells[quantityIndex] ?? "", line, issues);
    if (address === undefined || quantity === undefined) continue;

    const fields: Record<string, string> = {};
    columns.forEach((name, i) => {
      if (i !== addressIndex && i !== quantityIndex) fields[name] = cells[i] ?? "";
    });
    const rowIndex = rows.push({ line, address, quantity, fields }) - 1;
    const existing = byAddress.get(address);
    if (existing === undefined) {
      byAddress.set(address, { address, quantity, rows: [rowIndex] });
      firstLine.set(address, line);
      continue;
    }
    const first = firstLine.get(address) ?? line;
    if (strict) {
      issues.push({
        kind: "duplicate-address",
        line,
        value: raw,
        message: `address ${raw} already appears on line ${first} (--strict rejects duplicates)`,
      });
      continue;
    }
    existing.quantity += quantity;
    existing.rows.push(rowIndex);
    warnings.push({
      kind: "duplicate-address",
      line,
      firstLine: first,
      address,
      message: `line ${line}: address ${raw} also on line ${first}; merged (${existing.quantity} tickets in total)`,
    });
  }

  if (issues.length === 0 && rows.length === 0) {
    issues.push({ kind: "no-attendees", line: 0, message: "the file has a header but no attendee rows" });
  }
  if (issues.length > 0)
    throw new AttendeeFileError(
      file,
      issues.sort((a, b) => a.line - b.line),
    );

  const recipients = [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  const totalTickets = recipients.reduce((sum, r) => sum + r.quantity, 0);
  return { file, fileHash, columns, rows, recipients, totalTickets, warnings };
}

function checkAddress(raw: string, line: number, forbidden: Set<string>, issues: AttendeeIssue[]) {
  if (raw === "") {
    issues.push({ kind: "missing-address", line, message: "no address" });
    return undefined;
  }
  if (!ADDRESS_RE.test(raw)) {
    issues.push({
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
    issues.push({
      kind: "bad-checksum",
      line,
      value: raw,
      message: `address ${raw} has a wrong EIP-55 checksum (mistyped? expected ${checksumAddress(lower)})`,
    });
    return undefined;
  }
  if (lower === ZERO_ADDRESS) {
    issues.push({ kind: "zero-address", line, value: raw, message: "the zero address cannot hold a ticket" });
    return undefined;
  }
  if (forbidden.has(lower)) {
    issues.push({
      kind: "contract-address",
      line,
      value: raw,
      message: `address ${raw} is the ticket contract itself`,
    });
    return undefined;
  }
  return lower;
}

function checkQuantity(raw: string, line: number, issues: AttendeeIssue[]) {
  if (raw === "") return 1;
  const n = QUANTITY_RE.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    issues.push({
      kind: "invalid-quantity",
      line,
      value: raw,
      message: `quantity ${JSON.stringify(raw)} is not a positive whole number`,
    });
    return undefined;
  }
  return n;
}
