import type { Contract } from "ethers";

/** A committed batch as the contract stores it, plus what that means now. */
export interface ClaimBatchState {
  batchId: bigint;
  root: string;
  /** Unix seconds; 0: never. */
  expiresAt: bigint;
  links: bigint;
  tickets: bigint;
  claimedLinks: bigint;
  claimedTickets: bigint;
  revoked: boolean;
  /** Whether the batch had expired at the block read. */
  expired: boolean;
}

export interface ReadClaimBatchParameters {
  claims: Contract;
  batchId: bigint;
  /** The time to judge expiry at (the latest block's timestamp). */
  now: bigint;
}

/**
 * Reads one batch from the claims contract.
 *
 * @returns The batch, or undefined when no batch has that id.
 * @example
 * const batch = await readClaimBatch({ claims, batchId: 1n, now });
 */
export async function readClaimBatch({ claims, batchId, now }: ReadClaimBatchParameters) {
  const b = (await claims.getFunction("batch")(batchId)) as {
    root: string;
    expiresAt: bigint;
    links: bigint;
    tickets: bigint;
    claimedLinks: bigint;
    claimedTickets: bigint;
    revoked: boolean;
  };
  if (BigInt(b.root) === 0n) return undefined;
  const state: ClaimBatchState = {
    batchId,
    root: b.root,
    expiresAt: BigInt(b.expiresAt),
    links: BigInt(b.links),
    tickets: BigInt(b.tickets),
    claimedLinks: BigInt(b.claimedLinks),
    claimedTickets: BigInt(b.claimedTickets),
    revoked: b.revoked,
    expired: BigInt(b.expiresAt) !== 0n && now > BigInt(b.expiresAt),
  };
  return state;
}
