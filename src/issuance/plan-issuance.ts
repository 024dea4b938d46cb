import { createHash } from "node:crypto";

import type { AttendeeRecipient } from "./parse-attendees.js";

/** One transaction of the airdrop: `airdrop(firstTokenId, recipients)`. */
export interface IssuanceBatch {
  /** 0-based position in the plan. */
  index: number;
  /** The token ID the first recipient gets; the contract rejects the batch unless it is `nextTokenId()`. */
  firstTokenId: bigint;
  /** Lowercase addresses, ascending, an address listed once per ticket (duplicates adjacent). */
  recipients: string[];
}

/** The whole airdrop, fixed before the first send and kept in the journal. */
export interface IssuancePlan {
  /** The first token ID of the first batch. */
  startId: bigint;
  batches: IssuanceBatch[];
  totalTickets: number;
  /** Commits to the start ID and every batch's recipients. */
  planHash: string;
}

export interface PlanIssuanceParameters {
  /** Merged recipients (as from `parseAttendees`), in any order. */
  recipients: readonly AttendeeRecipient[];
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
  const sorted = [...recipients].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const tickets: string[] = [];
  for (const r of sorted) for (let i = 0; i < r.quantity; i++) tickets.push(r.address);

  const sizes: number[] = [];
  if (counts !== undefined) {
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== tickets.length || counts.some((c) => !Number.isSafeInteger(c) || c < 1)) {
      throw new RangeError(`batch counts add up to ${sum}, not the ${tickets.length} tickets of the list`);
    }
    sizes.push(...counts);
  } else {
    if (batchSize === undefined || !Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`invalid batch size ${batchSize}`);
    }
    const count = Math.ceil(tickets.length / batchSize);
    const base = Math.floor(tickets.length / count);
    // The first `tickets.length % count` batches take one more, so sizes differ by at most one.
    for (let i = 0; i < count; i++) sizes.push(base + (i < tickets.length % count ? 1 : 0));
  }

  const batches: IssuanceBatch[] = [];
  let offset = 0;
  for (const [index, size] of sizes.entries()) {
    batches.push({
      index,
      firstTokenId: startId + BigInt(offset),
      recipients: tickets.slice(offset, offset + size),
    });
    offset += size;
  }
  const hash = createHash("sha256").update(`papercut-plan-v1:${startId}:${sizes.join(",")}:`);
  for (const t of tickets) hash.update(t);
  const planHash = "0x" + hash.digest("hex");
  return { startId, batches, totalTickets: tickets.length, planHash };
}
