import { createHash } from "node:crypto";

import type { AttendeeRecipient } from "./parse-attendees.js";
import { RecipientTable } from "./recipient-table.js";

/** One transaction of the airdrop: `airdrop(firstTokenId, recipients)`. */
export interface IssuanceBatch {
  /** 0-based position in the plan. */
  index: number;
  /** The token ID the first recipient gets; the contract rejects the batch unless it is `nextTokenId()`. */
  firstTokenId: bigint;
  /** Tickets in the batch. */
  count: number;
  /** Position of its first ticket in the whole plan (0-based). */
  offset: number;
  /**
   * Lowercase addresses, ascending, an address listed once per ticket (duplicates adjacent). Built from the plan's
   * compact table each time it is read: read it once per use.
   */
  readonly recipients: string[];
}

/** The whole airdrop, fixed before the first send and kept in the journal. */
export interface IssuancePlan {
  /** The first token ID of the first batch. */
  startId: bigint;
  batches: IssuanceBatch[];
  totalTickets: number;
  /** The recipients in plan order (sorted by address), compact. */
  table: RecipientTable;
  /** Commits to the start ID and every batch's recipients. */
  planHash: string;
}

export interface PlanIssuanceParameters {
  /** Merged recipients: `parseAttendees`'s table, or records in any order. */
  recipients: RecipientTable | readonly Pick<AttendeeRecipient, "address" | "quantity">[];
  /** The contract's `nextTokenId()` when planning. */
  startId: bigint;
  /**
   * Most tickets per batch (from `sizeBatches`); or give `counts`. The tickets are spread evenly over the fewest
   * batches of at most this size (5,000 at 1,228 gives 1,000 × 5, not 1,228 × 4 + 88): a small last batch would
   * cost more per ticket, and a contract may mint batches under a threshold the expensive way (PapercutTicket:
   * storage below 256).
   */
  batchSize?: number;
  /** Explicit ticket counts per batch (as recorded in a journal), instead of `batchSize`. */
  counts?: readonly number[];
}

/**
 * Cuts the airdrop into batches. Tickets are ordered ascending by recipient address over the whole list (a
 * recipient with several tickets gets adjacent, consecutive token IDs), so every batch is sorted as the compact
 * roster requires and batches cover disjoint address ranges. The same recipients, start ID and counts always
 * give the same plan, so a journal only needs to keep the counts.
 *
 * @param parameters Recipients, start ID, and either a batch size or explicit counts.
 * @returns The plan, with a hash committing to it.
 * @example
 * const plan = planIssuance({ recipients: list.recipients, startId: 1n, batchSize: 250 });
 * plan.batches.length; // 20 for 5,000 tickets
 */
export function planIssuance({
  recipients,
  startId,
  batchSize,
  counts,
}: PlanIssuanceParameters): IssuancePlan {
  const table = recipients instanceof RecipientTable ? recipients : RecipientTable.from(recipients);
  const total = table.totalTickets;

  const sizes: number[] = [];
  if (counts !== undefined) {
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== total || counts.some((c) => !Number.isSafeInteger(c) || c < 1)) {
      throw new RangeError(`batch counts add up to ${sum}, not the ${total} tickets of the list`);
    }
    sizes.push(...counts);
  } else {
    if (batchSize === undefined || !Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`invalid batch size ${batchSize}`);
    }
    const count = Math.ceil(total / batchSize);
    const base = Math.floor(total / count);
    // The first `total % count` batches take one more, so sizes differ by at most one.
    for (let i = 0; i < count; i++) sizes.push(base + (i < total % count ? 1 : 0));
  }

  const batches: IssuanceBatch[] = [];
  let offset = 0;
  for (const [index, size] of sizes.entries()) {
    batches.push(plannedBatch(table, index, startId + BigInt(offset), offset, size));
    offset += size;
  }
  const hash = createHash("sha256").update(`papercut-plan-v1:${startId}:${sizes.join(",")}:`);
  for (let i = 0; i < table.count; i++) {
    const q = table.quantity(i);
    if (q === 0) continue;
    const address = table.address(i);
    for (let k = 0; k < q; k++) hash.update(address);
  }
  const planHash = "0x" + hash.digest("hex");
  return { startId, batches, totalTickets: total, table, planHash };
}

/**
 * A batch whose `recipients` are read from the table when asked for (an enumerable getter: spreading the batch
 * copies them), so a plan of a million tickets holds no string per ticket.
 *
 * @param table The plan's recipients.
 * @param index The batch's position.
 * @param firstTokenId Its first token ID.
 * @param offset Its first ticket's position in the plan.
 * @param count Its tickets.
 * @returns The batch.
 * @example
 * plannedBatch(plan.table, 0, 1n, 0, 250).recipients.length; // 250
 */
export function plannedBatch(
  table: RecipientTable,
  index: number,
  firstTokenId: bigint,
  offset: number,
  count: number,
): IssuanceBatch {
  const batch = { index, firstTokenId, count, offset } as IssuanceBatch;
  Object.defineProperty(batch, "recipients", {
    enumerable: true,
    get: () => table.ticketAddresses(offset, offset + count),
  });
  return batch;
}
