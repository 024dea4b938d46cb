import type { Contract, TransactionReceipt } from "ethers";

import { PapercutError } from "../errors.js";
import { readClaimBatch } from "./claim-batch-state.js";

export interface CommitClaimBatchParameters {
  /** The claims contract, connected to an organizer's signer. */
  claims: Contract;
  batchId: bigint;
  root: string;
  links: bigint;
  tickets: bigint;
  /** Unix seconds; 0: never. */
  expiresAt: bigint;
}

export interface CommitClaimBatchReturnType {
  /** True when the chain already had this batch with this root (a re-run): nothing was sent. */
  alreadyCommitted: boolean;
  txHash: string | undefined;
  blockNumber: number | undefined;
  gasUsed: bigint | undefined;
}

/**
 * The batch id is taken: the links were built for an id that another batch got first. They cannot be committed
 * and must be generated again.
 */
export class ClaimBatchTakenError extends PapercutError {
  override name = "ClaimBatchTakenError";
  readonly batchId: bigint;
  constructor(batchId: bigint, { details }: { details: string }) {
    super(`batch ${batchId} is already committed with another root: these links can never be claimed`, {
      details,
    });
    this.batchId = batchId;
  }
}

/**
 * Commits a claim batch exactly once: reads the chain first, so a re-run after an interruption finds the batch
 * already committed and sends nothing; the contract's `expectedBatchId` guard rejects a replay in any case.
 *
 * @returns Whether it was already there, and the transaction when one was sent.
 * @throws {ClaimBatchTakenError} When the id holds another batch.
 * @example
 * const { txHash } = await commitClaimBatch({ claims, batchId, root, links: 100n, tickets: 100n, expiresAt: 0n });
 */
export async function commitClaimBatch({
  claims,
  batchId,
  root,
  links,
  tickets,
  expiresAt,
}: CommitClaimBatchParameters): Promise<CommitClaimBatchReturnType> {
  const existing = await readClaimBatch({ claims, batchId, now: 0n });
  if (existing !== undefined) {
    if (existing.root.toLowerCase() === root.toLowerCase()) {
      return { alreadyCommitted: true, txHash: undefined, blockNumber: undefined, gasUsed: undefined };
    }
    throw new ClaimBatchTakenError(batchId, {
      details: `on-chain root ${existing.root}, these links' root ${root}`,
    });
  }
  const next = (await claims.getFunction("nextBatchId")()) as bigint;
  if (next !== batchId) {
    throw new ClaimBatchTakenError(batchId, { details: `the contract's next batch id is ${next}` });
  }
  const tx = (await claims.getFunction("commitBatch")(batchId, root, links, tickets, expiresAt)) as {
    hash: string;
    wait(): Promise<TransactionReceipt | null>;
  };
  const receipt = await tx.wait();
  return {
    alreadyCommitted: false,
    txHash: tx.hash,
    blockNumber: receipt?.blockNumber,
    gasUsed: receipt?.gasUsed,
  };
}
