import { JournalMismatchError } from "../journal/errors.js";
import type { JournalEntry } from "./journal.js";
import { plannedBatch, type IssuancePlan } from "./plan-issuance.js";

export interface ShiftPlanParameters {
  plan: IssuancePlan;
  /** The first batch that moves (it and every later one). */
  batch: number;
  /** Its new first token ID. */
  firstTokenId: bigint;
}

/**
 * Moves a batch and every batch after it so that the batch starts at `firstTokenId` (the batches stay contiguous,
 * their recipients unchanged): what the airdrop does when a mint that is not its own took the batch's first token.
 * The plan's `startId` and `planHash` stay those of the journaled plan.
 *
 * @param parameters The plan, the batch and its new first token ID.
 * @returns A new plan.
 * @throws {RangeError} if the batch would move backwards.
 * @example
 * const moved = shiftPlan({ plan, batch: 2, firstTokenId: 43n });
 */
export function shiftPlan({ plan, batch, firstTokenId }: ShiftPlanParameters): IssuancePlan {
  const from = plan.batches[batch]?.firstTokenId;
  if (from === undefined || firstTokenId < from) {
    throw new RangeError(`batch ${batch + 1} cannot move from token ${from} to ${firstTokenId}`);
  }
  const delta = firstTokenId - from;
  return {
    ...plan,
    batches: plan.batches.map((b) =>
      b.index < batch ? b : plannedBatch(plan.table, b.index, b.firstTokenId + delta, b.offset, b.count),
    ),
  };
}

/**
 * The plan as the journal's `shift` entries moved it, in their order: a resume sends each batch at the first token
 * ID the interrupted run had decided, never at the one the plan started with. Idempotent: shifts the given plan
 * already has (its batch at or past the shift's `to`) are skipped.
 *
 * @param plan The plan made from the journal's plan entry.
 * @param entries The journal.
 * @param location The journal's location, for errors.
 * @returns The plan with every journaled shift applied.
 * @throws {JournalMismatchError} when a shift does not start where the plan has that batch (a damaged journal).
 * @example
 * const plan = applyShifts(planIssuance({ recipients, startId, counts }), journal.entries(), journal.location);
 */
export function applyShifts(
  plan: IssuancePlan,
  entries: readonly JournalEntry[],
  location: string,
): IssuancePlan {
  let current = plan;
  for (const e of entries) {
    if (e.t !== "shift") continue;
    const at = current.batches[e.batch]?.firstTokenId;
    // Batches only move forward: a plan given with this shift already applied has the batch at `to` or later.
    if (at !== undefined && at >= BigInt(e.to)) continue;
    if (at === undefined || at.toString() !== e.from) {
      throw new JournalMismatchError(
        location,
        `a shift of batch ${e.batch + 1} from token ${e.from} does not fit the plan (token ${at})`,
        "damaged",
      );
    }
    current = shiftPlan({ plan: current, batch: e.batch, firstTokenId: BigInt(e.to) });
  }
  return current;
}
