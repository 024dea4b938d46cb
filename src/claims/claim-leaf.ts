import { AbiCoder, concat, getBytes, keccak256 } from "ethers";

import { CLAIM_LEAF_TYPES } from "./claim-types.js";

export interface ClaimLeafHashParameters {
  batchId: bigint;
  index: bigint;
  claimAddress: string;
  quantity: bigint;
}

/**
 * The Merkle leaf of one claim link, as `TicketClaims` computes it: OpenZeppelin `StandardMerkleTree` style,
 * `keccak256(keccak256(abi.encode(batchId, index, claimAddress, quantity)))`. Browser-safe.
 *
 * @returns The leaf hash (0x hex).
 * @example
 * const leaf = claimLeafHash({ batchId: 1n, index: 0n, claimAddress, quantity: 1n });
 */
export function claimLeafHash({ batchId, index, claimAddress, quantity }: ClaimLeafHashParameters): string {
  const encoded = AbiCoder.defaultAbiCoder().encode(CLAIM_LEAF_TYPES, [
    batchId,
    index,
    claimAddress,
    quantity,
  ]);
  return keccak256(keccak256(encoded));
}

export interface VerifyClaimProofParameters extends ClaimLeafHashParameters {
  root: string;
  proof: readonly string[];
}

/**
 * Checks a link's Merkle proof against a batch root (sorted-pair hashing, as OpenZeppelin's `MerkleProof`).
 * Browser-safe.
 *
 * @returns Whether the link's leaf is in the tree with that root.
 * @example
 * if (!verifyClaimProof({ ...link, root })) throw new Error("not in this batch");
 */
export function verifyClaimProof({ root, proof, ...leaf }: VerifyClaimProofParameters): boolean {
  let hash = claimLeafHash(leaf);
  for (const sibling of proof) {
    const a = BigInt(hash);
    const b = BigInt(sibling);
    hash = keccak256(
      a < b ? concat([getBytes(hash), getBytes(sibling)]) : concat([getBytes(sibling), getBytes(hash)]),
    );
  }
  return hash.toLowerCase() === root.toLowerCase();
}
