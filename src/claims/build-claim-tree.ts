import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress } from "ethers";

import { CLAIM_LEAF_TYPES } from "./claim-types.js";

/** One leaf of a claim batch. */
export interface ClaimLeaf {
  /** 0..links-1, each exactly once. */
  index: bigint;
  claimAddress: string;
  quantity: bigint;
}

export interface BuildClaimTreeParameters {
  batchId: bigint;
  leaves: readonly ClaimLeaf[];
}

export interface BuildClaimTreeReturnType {
  /** The batch's Merkle root (0x hex), as `commitBatch` takes it. */
  root: string;
  /** The proof of each leaf, in the order of `leaves`. */
  proofs: string[][];
  /** The tickets the batch entitles to (sum of quantities). */
  tickets: bigint;
}

/**
 * Builds the Merkle tree of a claim batch with OpenZeppelin's `StandardMerkleTree` (double-hashed leaves over
 * `abi.encode(batchId, index, claimAddress, quantity)`, sorted pairs), which `TicketClaims` verifies with
 * OpenZeppelin's `MerkleProof`.
 *
 * @returns The root, every leaf's proof and the ticket total.
 * @throws When indexes are not exactly 0..n-1 or a quantity is below 1 (a bug in the caller).
 * @example
 * const { root, proofs } = buildClaimTree({ batchId: 1n, leaves });
 */
export function buildClaimTree({ batchId, leaves }: BuildClaimTreeParameters): BuildClaimTreeReturnType {
  if (leaves.length === 0) throw new Error("a claim batch needs at least one link");
  const seen = new Set<bigint>();
  let tickets = 0n;
  for (const leaf of leaves) {
    if (leaf.index < 0n || leaf.index >= BigInt(leaves.length) || seen.has(leaf.index)) {
      throw new Error(`leaf indexes must be 0..${leaves.length - 1}, each once (got ${leaf.index})`);
    }
    if (leaf.quantity < 1n) throw new Error(`leaf ${leaf.index}: quantity must be at least 1`);
    seen.add(leaf.index);
    tickets += leaf.quantity;
  }
  const values = leaves.map((l) => [batchId, l.index, getAddress(l.claimAddress), l.quantity]);
  const tree = StandardMerkleTree.of(values, [...CLAIM_LEAF_TYPES]);
  const proofs = values.map((_, i) => tree.getProof(i));
  return { root: tree.root, proofs, tickets };
}
