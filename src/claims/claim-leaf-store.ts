import { getBytes } from "ethers";

import type { ClaimLeaf, ClaimLeafColumns } from "./build-claim-tree.js";

/** Values at or above this are kept exactly in a side map (they only come from a bad file). */
const LARGE = 0xffffffff;

/**
 * A batch's leaves kept as bytes while a links file is read (24 bytes and change a leaf: its 20 address bytes, its
 * index and quantity as 32-bit numbers), in the order they came, for {@link buildClaimTree}: a million leaves take
 * about 28 MB instead of a million row objects with their URLs. Indexes and quantities too large for 32 bits (a
 * damaged file) are kept exactly on the side, so the tree's checks name them as they are.
 *
 * @example
 * const store = new ClaimLeafStore();
 * for (const { rows } of readLinksCsvInPieces({ file })) for (const r of rows) store.push(r);
 * const { root } = buildClaimTree({ batchId, leaves: store });
 */
export class ClaimLeafStore implements ClaimLeafColumns {
  #addresses = new Uint8Array(20 * 1024);
  #indexes = new Uint32Array(1024);
  #quantities = new Uint32Array(1024);
  readonly #large = new Map<string, bigint>();
  #length = 0;

  /** How many leaves. */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a leaf (its address must be a valid address: the links file reader has checked it).
   *
   * @param leaf The leaf.
   * @example
   * store.push({ index: 0n, claimAddress, quantity: 1n });
   */
  push({ index, claimAddress, quantity }: ClaimLeaf): void {
    const k = this.#length;
    if (k === this.#indexes.length) this.#grow();
    this.#addresses.set(getBytes(claimAddress), k * 20);
    this.#indexes[k] = this.#small(`i${k}`, index);
    this.#quantities[k] = this.#small(`q${k}`, quantity);
    this.#length = k + 1;
  }

  /** Leaf `k`'s index. */
  indexAt(k: number): bigint {
    return this.#value(`i${k}`, this.#indexes[k]!);
  }

  /** Leaf `k`'s 20 address bytes. */
  addressAt(k: number): Uint8Array {
    return this.#addresses.subarray(k * 20, k * 20 + 20);
  }

  /** Leaf `k`'s quantity. */
  quantityAt(k: number): bigint {
    return this.#value(`q${k}`, this.#quantities[k]!);
  }

  #small(key: string, value: bigint): number {
    if (value < BigInt(LARGE)) return Number(value);
    this.#large.set(key, value);
    return LARGE;
  }

  #value(key: string, small: number): bigint {
    return small === LARGE ? this.#large.get(key)! : BigInt(small);
  }

  #grow(): void {
    const capacity = this.#indexes.length * 2;
    const addresses = new Uint8Array(capacity * 20);
    addresses.set(this.#addresses);
    this.#addresses = addresses;
    const indexes = new Uint32Array(capacity);
    indexes.set(this.#indexes);
    this.#indexes = indexes;
    const quantities = new Uint32Array(capacity);
    quantities.set(this.#quantities);
    this.#quantities = quantities;
  }
}
