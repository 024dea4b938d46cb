import { getAddress, isAddress } from "ethers";

import { csvCell, restoreCsvCell } from "../csv/csv-cell.js";
import { ClaimsInputError } from "./errors.js";
import type { ClaimBatchRow } from "./generate-claim-batch.js";
import { readCsvRecords } from "./read-claims-csv.js";

/** The columns of the mail-merge file, in order. */
export const LINKS_CSV_COLUMNS = ["email", "link", "claim_address", "batch", "index", "quantity"] as const;

/**
 * Writes the mail-merge file of a batch: `email,link,claim_address,batch,index,quantity`, one row per link,
 * CRLF line ends (RFC 4180). The links contain their secret keys. A cell a spreadsheet would run as a formula (an
 * email such as `=HYPERLINK(…)`) is neutralised by {@link csvCell}; {@link parseLinksCsv} restores it.
 *
 * @returns The CSV text.
 * @example
 * await writeFile("links.csv", formatLinksCsv(batch.rows), { mode: 0o600, flag: "wx" });
 */
export function formatLinksCsv(rows: readonly ClaimBatchRow[]): string {
  const lines = [LINKS_CSV_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push(
      [r.email, r.url, r.claimAddress, r.batchId.toString(), r.index.toString(), r.quantity.toString()]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/**
 * Reads a mail-merge file written by {@link formatLinksCsv} (also after a spreadsheet re-saved it: BOM, CRLF,
 * extra columns are fine).
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
  const header = (records[0]?.cells ?? []).map((h) => h.toLowerCase());
  const column: Record<string, number> = {};
  for (const name of LINKS_CSV_COLUMNS) {
    const at = header.indexOf(name);
    if (at < 0) throw new ClaimsInputError(`${file}: no ${name} column in the header`, { file, line: 1 });
    column[name] = at;
  }
  return records.slice(1).map(({ cells, line }) => {
    const get = (name: (typeof LINKS_CSV_COLUMNS)[number]) => restoreCsvCell(cells[column[name]!] ?? "");
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
    if (!isAddress(claimAddress)) {
      throw new ClaimsInputError(`${file} line ${line}: claim_address is not an address`, {
        file,
        line,
        value: claimAddress,
      });
    }
    return {
      email: get("email"),
      url: get("link"),
      claimAddress: getAddress(claimAddress),
      batchId: integer("batch"),
      index: integer("index"),
      quantity: integer("quantity"),
    };
  });
}
