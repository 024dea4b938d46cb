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
  rows: ReportRow[];
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
 * @param parameters The attendee list and the applied batches.
 * @returns One report row per attendee row.
 * @example
 * const { rows, complete } = buildReport({ attendees, applied: result.applied });
 */
export function buildReport({ attendees, applied, excluded }: BuildReportParameters): BuildReportReturnType {
  const before = new Map(excluded ?? []);
  const byOwner = new Map<string, { tokenId: bigint; hash: string; block: number }[]>();
  for (const batch of [...applied].sort((a, b) => (a.firstTokenId < b.firstTokenId ? -1 : 1))) {
    batch.owners.forEach((owner, i) => {
      const list = byOwner.get(owner) ?? [];
      list.push({ tokenId: batch.firstTokenId + BigInt(i), hash: batch.hash, block: batch.blockNumber });
      byOwner.set(owner, list);
    });
  }
  let issued = 0;
  let complete = true;
  const rows = attendees.rows.map((row): ReportRow => {
    const issuedBefore = Math.min(row.quantity, before.get(row.address) ?? 0);
    before.set(row.address, (before.get(row.address) ?? 0) - issuedBefore);
    const queue = byOwner.get(row.address) ?? [];
    const mine = queue.splice(0, row.quantity - issuedBefore);
    issued += mine.length;
    if (issuedBefore + mine.length !== row.quantity) complete = false;
    return {
      line: row.line,
      address: checksumAddress(row.address),
      quantity: row.quantity,
      issuedBefore,
      tokenIds: mine.map((t) => t.tokenId),
      transactions: [...new Set(mine.map((t) => t.hash))],
      blocks: [...new Set(mine.map((t) => t.block))],
      fields: row.fields,
    };
  });
  return { rows, issued, complete };
}
