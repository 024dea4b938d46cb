import { keccak_256 } from "@noble/hashes/sha3.js";
import { getAddress, getBytes, hexlify } from "ethers";

/** One leaf of a claim batch. */
export interface ClaimLeaf {
  /** 0..links-1, each exactly once. */
  index: bigint;
  claimAddress: string;
  quantity: bigint;
}

/**
 * Leaves held compactly (see `ClaimLeafStore`): leaf `k` in the order they came, its address as 20 bytes, so a
 * million leaves are not a million objects.
 */
export interface ClaimLeafColumns {
  readonly length: number;
  indexAt: (k: number) => bigint;
  addressAt: (k: number) => Uint8Array;
  quantityAt: (k: number) => bigint;
}

export interface BuildClaimTreeParameters {
  batchId: bigint;
  leaves: readonly ClaimLeaf[] | ClaimLeafColumns;
}

export interface BuildClaimTreeReturnType {
  /** The batch's Merkle root (0x hex), as `commitBatch` takes it. */
  root: string;
  /** The proof of the leaf with that `index`. */
  proof: (index: number) => string[];
  /** The tickets the batch entitles to (sum of quantities). */
  tickets: bigint;
}

export interface ClaimTreeOfParameters {
  batchId: bigint;
  /** How many leaves (links); leaf `i` has index `i`. */
  count: number;
  /** The 20 address bytes of leaf `i`'s claim key. */
  addressAt: (index: number) => Uint8Array;
  /** The tickets of leaf `i`. */
  quantityAt: (index: number) => bigint;
}

/**
 * A claim batch's Merkle tree, kept as bytes: every node is 32 bytes of one `Uint8Array` (2n−1 nodes, 64 MB for a
 * million links), not a hex string each. Same tree as OpenZeppelin's `StandardMerkleTree` of
 * `[batchId, index, claimAddress, quantity]` (double-hashed `abi.encode` leaves, sorted by hash, sorted pairs),
 * so the root is the one `StandardMerkleTree.of` gives and `TicketClaims` verifies proofs with `MerkleProof`.
 */
export class ClaimTree {
  /** Node `k` is bytes `32k..32k+32`; the root is node 0, the leaves the last n nodes. */
  private readonly nodes: Uint8Array;
  /** Leaf index → node index. */
  private readonly nodeOf: Uint32Array;
  readonly count: number;
  readonly tickets: bigint;
  readonly root: string;

  private constructor(nodes: Uint8Array, nodeOf: Uint32Array, tickets: bigint) {
    this.nodes = nodes;
    this.nodeOf = nodeOf;
    this.count = nodeOf.length;
    this.tickets = tickets;
    this.root = hexlify(nodes.subarray(0, 32));
  }

  /**
   * Builds the tree of `count` leaves, reading each leaf's address and quantity once.
   *
   * @returns The tree.
   * @throws When `count` is below 1 or a quantity is below 1 (a bug in the caller).
   * @example
   * const tree = ClaimTree.of({ batchId: 1n, count, addressAt: (i) => keys.address(i), quantityAt: () => 1n });
   */
  static of({ batchId, count, addressAt, quantityAt }: ClaimTreeOfParameters): ClaimTree {
    if (!Number.isSafeInteger(count) || count < 1) throw new Error("a claim batch needs at least one link");
    const leafHashes = new Uint8Array(count * 32);
    // abi.encode(uint256 batchId, uint256 index, address claimAddress, uint256 quantity): four 32-byte words.
    const encoded = new Uint8Array(128);
    writeWord(encoded, 0, batchId);
    let tickets = 0n;
    for (let i = 0; i < count; i++) {
      const quantity = quantityAt(i);
      if (quantity < 1n) throw new Error(`leaf ${i}: quantity must be at least 1`);
      tickets += quantity;
      writeWord(encoded, 32, BigInt(i));
      const address = addressAt(i);
      if (address.length !== 20) throw new Error(`leaf ${i}: an address is 20 bytes`);
      encoded.fill(0, 64, 76);
      encoded.set(address, 76);
      writeWord(encoded, 96, quantity);
      leafHashes.set(keccak_256(keccak_256(encoded)), i * 32);
    }
    // Leaves sorted by hash (ascending), placed from the last node backwards, as StandardMerkleTree does.
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => compare(leafHashes, a * 32, leafHashes, b * 32));
    const size = 2 * count - 1;
    const nodes = new Uint8Array(size * 32);
    const nodeOf = new Uint32Array(count);
    for (let k = 0; k < count; k++) {
      const leaf = order[k]!;
      const node = size - 1 - k;
      nodes.set(leafHashes.subarray(leaf * 32, leaf * 32 + 32), node * 32);
      nodeOf[leaf] = node;
    }
    const pair = new Uint8Array(64);
    for (let node = size - 1 - count; node >= 0; node--) {
      const left = (2 * node + 1) * 32;
      const right = left + 32;
      const [first, second] = compare(nodes, left, nodes, right) <= 0 ? [left, right] : [right, left];
      pair.set(nodes.subarray(first, first + 32), 0);
      pair.set(nodes.subarray(second, second + 32), 32);
      nodes.set(keccak_256(pair), node * 32);
    }
    return new ClaimTree(nodes, nodeOf, tickets);
  }

  /**
   * The Merkle proof of leaf `index` (its siblings from the leaf up), as `TicketClaims.claim` takes it.
   *
   * @returns 32-byte hex strings.
   * @example
   * const proof = tree.proof(0);
   */
  proof(index: number): string[] {
    let node = this.nodeOf[index];
    if (node === undefined) throw new Error(`no leaf ${index} in a batch of ${this.count}`);
    const proof: string[] = [];
    while (node > 0) {
      const sibling = node % 2 === 1 ? node + 1 : node - 1;
      proof.push(hexlify(this.nodes.subarray(sibling * 32, sibling * 32 + 32)));
      node = Math.floor((node - 1) / 2);
    }
    return proof;
  }
}

/**
 * Builds the Merkle tree of a claim batch from its leaves (see {@link ClaimTree}), which `TicketClaims` verifies
 * with OpenZeppelin's `MerkleProof`.
 *
 * @param parameters The batch id and its leaves, as objects or held compactly ({@link ClaimLeafColumns}).
 * @returns The root, the proof of a leaf by its index (computed when asked) and the ticket total.
 * @throws When indexes are not exactly 0..n-1 or a quantity is below 1 (a bug in the caller).
 * @example
 * const { root, proof } = buildClaimTree({ batchId: 1n, leaves });
 */
export function buildClaimTree({ batchId, leaves }: BuildClaimTreeParameters): BuildClaimTreeReturnType {
  const columns: ClaimLeafColumns = Array.isArray(leaves)
    ? columnsOf(leaves as readonly ClaimLeaf[])
    : (leaves as ClaimLeafColumns);
  const count = columns.length;
  if (count === 0) throw new Error("a claim batch needs at least one link");
  // By index: the tree is the same whatever order the leaves come in (a re-sorted links file).
  const positionOf = new Uint32Array(count).fill(NONE);
  for (let k = 0; k < count; k++) {
    const index = columns.indexAt(k);
    const i = Number(index);
    if (index < 0n || index >= BigInt(count) || positionOf[i] !== NONE) {
      throw new Error(`leaf indexes must be 0..${count - 1}, each once (got ${index})`);
    }
    positionOf[i] = k;
  }
  const tree = ClaimTree.of({
    batchId,
    count,
    addressAt: (i) => columns.addressAt(positionOf[i]!),
    quantityAt: (i) => columns.quantityAt(positionOf[i]!),
  });
  return { root: tree.root, proof: (i) => tree.proof(i), tickets: tree.tickets };
}

/** No leaf there yet (a position no batch reaches: a batch has at most a few million leaves). */
const NONE = 0xffffffff;

function columnsOf(leaves: readonly ClaimLeaf[]): ClaimLeafColumns {
  return {
    length: leaves.length,
    indexAt: (k) => leaves[k]!.index,
    addressAt: (k) => getBytes(getAddress(leaves[k]!.claimAddress)),
    quantityAt: (k) => leaves[k]!.quantity,
  };
}

function writeWord(target: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = offset + 31; i >= offset; i--) {
    target[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function compare(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let i = 0; i < 32; i++) {
    const d = a[aOffset + i]! - b[bOffset + i]!;
    if (d !== 0) return d;
  }
  return 0;
}
