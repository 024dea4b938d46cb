import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";

import { csvCell } from "../csv/csv-cell.js";
import type { ReportRow } from "./build-report.js";

export interface WriteReportParameters {
  /** Path without extension: `.csv` and `.json` are added. */
  basePath: string;
  /** The rows: an array, or a function that hands them over one at a time (`buildReport`'s `forEachRow`). */
  rows: readonly ReportRow[] | ((fn: (row: ReportRow) => void) => void);
  /** The attendee file's extra columns, in file order. */
  extraColumns: readonly string[];
  /** Summary figures, written at the top of the JSON file. */
  summary: Record<string, unknown>;
}

export interface WriteReportReturnType {
  csv: string;
  json: string;
}

/**
 * Writes the airdrop report as CSV (one line per attendee row: line, address, quantity, token IDs, transaction
 * hashes, blocks, tickets already on-chain before the plan (left out of it), then the file's other columns) and
 * JSON (`{ summary, rows }`, one row per line), row by row through a small buffer, so a million rows never sit in memory as one
 * string. Cells that a spreadsheet would run as a formula are neutralised by {@link csvCell}.
 *
 * @param parameters Where and what to write.
 * @returns The two paths.
 * @example
 * writeReport({ basePath: ".papercut/reports/attendees", rows: report.forEachRow, extraColumns: ["name"], summary });
 */
export function writeReport({
  basePath,
  rows,
  extraColumns,
  summary,
}: WriteReportParameters): WriteReportReturnType {
  mkdirSync(path.dirname(basePath), { recursive: true });
  const header = [
    "line",
    "address",
    "quantity",
    "token_ids",
    "tx_hashes",
    "blocks",
    "issued_before",
    ...extraColumns,
  ];
  const csv = `${basePath}.csv`;
  const json = `${basePath}.json`;
  const csvOut = bufferedWriter(csv);
  const jsonOut = bufferedWriter(json);
  try {
    csvOut.write(header.map(csvCell).join(",") + "\r\n");
    jsonOut.write(`{\n  "summary": ${indent(stringify(summary))},\n  "rows": [`);
    let first = true;
    const each =
      typeof rows === "function" ? rows : (fn: (row: ReportRow) => void) => rows.forEach((r) => fn(r));
    each((r) => {
      csvOut.write(
        [
          String(r.line),
          r.address,
          String(r.quantity),
          r.tokenIds.join(" "),
          r.transactions.join(" "),
          r.blocks.join(" "),
          String(r.issuedBefore),
          ...extraColumns.map((c) => r.fields[c] ?? ""),
        ]
          .map(csvCell)
          .join(",") + "\r\n",
      );
      // One row per line, without indentation: a million rows stay a file one can grep, at half the size.
      jsonOut.write(
        (first ? "\n    " : ",\n    ") + JSON.stringify({ ...r, tokenIds: r.tokenIds.map(String) }),
      );
      first = false;
    });
    jsonOut.write(first ? "]\n}\n" : "\n  ]\n}\n");
  } finally {
    csvOut.close();
    jsonOut.close();
  }
  return { csv, json };
}

function stringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Indents every line after the first by two spaces (a nested value of `JSON.stringify(…, 2)`). */
function indent(text: string): string {
  return text.replaceAll("\n", "\n  ");
}

/** Appends text to a new file through a 1 MiB buffer. */
function bufferedWriter(file: string) {
  const fd = openSync(file, "w");
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length > 0) writeSync(fd, parts.join(""));
    parts = [];
    size = 0;
  };
  return {
    write: (text: string) => {
      parts.push(text);
      size += text.length;
      if (size >= 1 << 20) flush();
    },
    close: () => {
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}
