import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { csvCell } from "../csv/csv-cell.js";
import type { ReportRow } from "./build-report.js";

export interface WriteReportParameters {
  /** Path without extension: `.csv` and `.json` are added. */
  basePath: string;
  rows: readonly ReportRow[];
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
 * hashes, blocks, tickets already on-chain before the plan (left out of it), then the file's other columns) and JSON (`{ summary, rows }`). Cells that a spreadsheet
 * would run as a formula are neutralised by {@link csvCell}.
 *
 * @param parameters Where and what to write.
 * @returns The two paths.
 * @example
 * writeReport({ basePath: ".papercut/reports/attendees", rows, extraColumns: ["name"], summary });
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
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push(
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
        .join(","),
    );
  }
  const csv = `${basePath}.csv`;
  const json = `${basePath}.json`;
  writeFileSync(csv, lines.join("\r\n") + "\r\n");
  writeFileSync(
    json,
    JSON.stringify(
      {
        summary,
        rows: rows.map((r) => ({ ...r, tokenIds: r.tokenIds.map(String) })),
      },
      (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
      2,
    ) + "\n",
  );
  return { csv, json };
}
