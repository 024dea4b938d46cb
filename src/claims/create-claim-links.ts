import type { Contract } from "ethers";

import { commitClaimBatch, type CommitClaimBatchReturnType } from "./commit-claim-batch.js";
import { ClaimBatchUncertainError } from "./errors.js";
import {
  planClaimBatch,
  type ClaimBatchPlan,
  type GenerateClaimBatchParameters,
} from "./generate-claim-batch.js";
import { writeLinksCsv } from "./links-csv.js";

export interface CreateClaimLinksParameters extends Omit<
  GenerateClaimBatchParameters,
  "contract" | "batchId" | "chainId"
> {
  /** The `TicketClaims` contract, connected to an organizer's signer. */
  claims: Contract;
  chainId: bigint;
  /** The batch's id: the contract's `nextBatchId()` read before the plan was shown. */
  batchId: bigint;
  /** When the links stop working (Unix seconds; 0: never). */
  expiresAt: bigint;
  /**
   * The mail-merge file to write (mode 0600, never overwritten) before the commit: the only copy of the secrets,
   * and what `--resume` finishes from if the commit's outcome is unknown; written streamed, a row at a time.
   * Undefined keeps the links in memory only (as bytes: `batch.link(i)` makes one).
   */
  linksFile?: string;
}

export interface CreateClaimLinksReturnType {
  /** The generated batch: root, ticket total, and each link and row on demand. */
  batch: ClaimBatchPlan;
  committed: CommitClaimBatchReturnType;
}

/**
 * Creates one batch of claim links, for the task and the demo alike: generates the links (a fresh key each, the
 * Merkle root of their addresses), writes the mail-merge file first when one is named, then commits the batch's
 * root on-chain. A commit whose outcome is unknown leaves the file as the record to resume from.
 *
 * @param parameters The claims contract, the batch's id and size, the expiry and the links file.
 * @returns The generated batch (root, links and rows on demand) and the commit.
 * @throws {ClaimBatchUncertainError} when the commit failed or its outcome is unknown (the links are in the file).
 * @example
 * const { batch } = await createClaimLinks({ claims, chainId, batchId, count: 3, urlTemplate, expiresAt: 0n });
 */
export async function createClaimLinks({
  claims,
  chainId,
  batchId,
  expiresAt,
  linksFile,
  ...generate
}: CreateClaimLinksParameters): Promise<CreateClaimLinksReturnType> {
  const batch = planClaimBatch({ ...generate, batchId, chainId, contract: await claims.getAddress() });
  if (linksFile !== undefined)
    await writeLinksCsv({ file: linksFile, count: batch.linkCount, row: batch.row });
  try {
    const committed = await commitClaimBatch({
      claims,
      batchId,
      root: batch.root,
      links: BigInt(batch.linkCount),
      tickets: batch.tickets,
      expiresAt,
    });
    return { batch, committed };
  } catch (error) {
    throw new ClaimBatchUncertainError(batchId, linksFile, error);
  }
}
