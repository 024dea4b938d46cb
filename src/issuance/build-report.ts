import { checksumAddress } from "../chain/checksum-address.js";
import type { AppliedBatch } from "./find-applied-batch.js";
import type { ParseAttendeesReturnType } from "./parse-attendees.js";

/** One attendee row and what it received, as read from the chain. */
export interface ReportRow {
  line: number;
  /** Checksummed. */
  address: string;
  quantity: number;
  /** Tickets of this row already on-chain before this airdrop's plan was made, so left out of it (re-plans). */
  issuedBefore: number;
  tokenIds: bigint[];
  /** Transactions that issued this row's tickets (usually one). */
  transactions: string[];
  blocks: number[];
  /** The row's other columns, as in the file. */
  fields: Record<string, string>;
}

export interface BuildReportParameters {
  attendees: ParseAttendeesReturnType;
  /** The batches on-chain, as read back by `sendIssuance` / `findAppliedBatch`. */
  applied: readonly AppliedBatch[];
  /** Tickets per address the plan left out because they were already on-chain (`prepareIssuance`'s `excluded`). */
  excluded?: ReadonlyMap<string, number>;
}

export interface BuildReportReturnType {
  /** Calls `fn` for every attendee row in file order with what it received (one row object at a time). */
  forEachRow: (fn: (row: ReportRow) => void) => void;
  /** Every row at once, built on demand (small lists and tests; a large list uses `forEachRow`). */
  readonly rows: ReportRow[];
  /** Tickets found on-chain for the list. */
  issued: number;
  /** True when every row has its full quantity (counting the tickets it had on-chain before the plan). */
  complete: boolean;
}

/**
 * Maps every attendee row to the token IDs, transactions and blocks that the chain's `Transfer(0, to, id)`
 * events show for its address: an address's tokens, in ascending order, go to its rows in file order, after the
 * tickets the plan left out as already on-chain (those go to the address's first rows).
 *
 * Compact at any size: each issued ticket costs 16 bytes in typed arrays (its owner's index in the list's table,
 * its token ID and its batch), counting-sorted by owner; the rows are produced one at a time.
 *
 * @param parameters The attendee list and the applied batches.
 * @returns The report's rows (on demand), tickets issued and whether it is complete.
 * @example
 * const { forEachRow, complete } = buildReport({ attendees, applied: result.applied });
 */
export function buildReport({ attendees, applied, excluded }: BuildReportParameters): BuildReportReturnType {
  const table = attendees.table;
  const batches = [...applied].sort((a, b) => (a.firstTokenId < b.firstTokenId ? -1 : 1));
  const tickets = batches.reduce((n, b) => n + b.count, 0);
  const owner = new Uint32Array(tickets);
  const tokenId = new Float64Array(tickets);
  const batchOf = new Uint32Array(tickets);
  const perOwner = new Uint32Array(table.count + 1);
  let t = 0;
  let cached = "";
  let cachedIndex = -1;
  batches.forEach((batch, b) => {
    const owners = batch.owners;
    for (let i = 0; i < batch.count; i++) {
      const address = owners[i]!;
      if (address !== cached) [cached, cachedIndex] = [address, table.indexOf(address)];
      if (cachedIndex < 0) continue; // not on the list: nothing of the report's
      owner[t] = cachedIndex;
      tokenId[t] = Number(batch.firstTokenId) + i;
      batchOf[t] = b;
      perOwner[cachedIndex + 1]!++;
      t++;
    }
  });
  // Counting sort by owner, stable: each owner's tokens stay in ascending order.
  for (let r = 0; r < table.count; r++) perOwner[r + 1]! += perOwner[r]!;
  const sorted = new Uint32Array(t);
  const fill = perOwner.slice(0, table.count);
  for (let k = 0; k < t; k++) sorted[fill[owner[k]!]!++] = k;

  // How many of each owner's tokens the rows before took, and of its tickets already on-chain before the plan.
  const taken = new Uint32Array(table.count);
  const before = new Map(excluded ?? []);
  let issued = 0;
  let complete = true;
  const rowsBefore = new Map<number, number>();
  attendees.rowRecipients.forEach((r, i) => {
    const address = before.size === 0 ? "" : table.address(r);
    const left = before.get(address) ?? 0;
    const issuedBefore = Math.min(attendees.rowQuantities[i]!, left);
    if (issuedBefore > 0) {
      before.set(address, left - issuedBefore);
      rowsBefore.set(i, issuedBefore);
    }
    const want = attendees.rowQuantities[i]! - issuedBefore;
    const mine = Math.min(want, perOwner[r + 1]! - perOwner[r]! - taken[r]!);
    taken[r]! += mine;
    issued += mine;
    if (issuedBefore + mine !== attendees.rowQuantities[i]) complete = false;
  });

  const forEachRow = (fn: (row: ReportRow) => void) => {
    taken.fill(0);
    attendees.forEachRow((row, i) => {
      const r = attendees.rowRecipients[i]!;
      const issuedBefore = rowsBefore.get(i) ?? 0;
      const have = perOwner[r + 1]! - perOwner[r]! - taken[r]!;
      const mine = Math.min(row.quantity - issuedBefore, have);
      const tokenIds: bigint[] = [];
      const transactions: string[] = [];
      const blocks: number[] = [];
      for (let k = 0; k < mine; k++) {
        const ticket = sorted[perOwner[r]! + taken[r]! + k]!;
        tokenIds.push(BigInt(tokenId[ticket]!));
        const batch = batches[batchOf[ticket]!]!;
        if (transactions.at(-1) !== batch.hash) transactions.push(batch.hash);
        if (blocks.at(-1) !== batch.blockNumber) blocks.push(batch.blockNumber);
      }
      taken[r]! += mine;
      fn({
        line: row.line,
        address: checksumAddress(row.address),
        quantity: row.quantity,
        issuedBefore,
        tokenIds,
        transactions: [...new Set(transactions)],
        blocks: [...new Set(blocks)],
        fields: row.fields,
      });
    });
  };
  return {
    forEachRow,
    get rows() {
      const rows: ReportRow[] = [];
      forEachRow((row) => rows.push(row));
      return rows;
    },
    issued,
    complete,
  };
}
