import { writeFile } from "node:fs/promises";

import type { Contract } from "ethers";

import { commitClaimBatch, type CommitClaimBatchReturnType } from "./commit-claim-batch.js";
import { ClaimBatchUncertainError } from "./errors.js";
import {
  generateClaimBatch,
  type GenerateClaimBatchParameters,
  type GenerateClaimBatchReturnType,
} from "./generate-claim-batch.js";
import { formatLinksCsv } from "./links-csv.js";

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
   * and what `--resume` finishes from if the commit's outcome is unknown. Undefined keeps the links in memory.
   */
  linksFile?: string;
}

export interface CreateClaimLinksReturnType {
  batch: GenerateClaimBatchReturnType;
  committed: CommitClaimBatchReturnType;
}

/**
 * Creates one batch of claim links, for the task and the demo alike: generates the links (a fresh key each, the
 * Merkle root of their addresses), writes the mail-merge file first when one is named, then commits the batch's
 * root on-chain. A commit whose outcome is unknown leaves the file as the record to resume from.
 *
 * @param parameters The claims contract, the batch's id and size, the expiry and the links file.
 * @returns The generated batch (links, rows, root) and the commit.
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
  const batch = generateClaimBatch({ ...generate, batchId, chainId, contract: await claims.getAddress() });
  if (linksFile !== undefined) {
    await writeFile(linksFile, formatLinksCsv(batch.rows), { mode: 0o600, flag: "wx" });
  }
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
