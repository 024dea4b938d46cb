/** A reservation against the cap, settled once the transaction's real cost is known. */
export interface Reservation {
  readonly id: number;
  readonly maxWei: bigint;
}

/**
 * The relayer's budget in the native token. Before sending, the worst case (gas limit × max fee per gas) is
 * reserved; when the receipt arrives, the real cost replaces it. A transaction whose outcome is unknown keeps its
 * worst case counted. So the sum of what was spent can never exceed the cap, even with claims in flight.
 *
 * @example
 * const cap = new SpendingCap(parseEther("0.05"));
 * const r = cap.reserve(gasLimit * maxFeePerGas);
 * if (r === undefined) return spendingCapReached();
 * cap.settle(r, receipt.gasUsed * receipt.gasPrice);
 */
export class SpendingCap {
  readonly capWei: bigint;
  #spentWei = 0n;
  #reserved = new Map<number, bigint>();
  #nextId = 1;

  constructor(capWei: bigint) {
    if (capWei < 0n) throw new RangeError("a spending cap cannot be negative");
    this.capWei = capWei;
  }

  /** Reserves `maxWei` if the cap allows; undefined otherwise. */
  reserve(maxWei: bigint): Reservation | undefined {
    if (maxWei < 0n) throw new RangeError("cannot reserve a negative amount");
    if (this.#spentWei + this.reservedWei + maxWei > this.capWei) return undefined;
    const id = this.#nextId++;
    this.#reserved.set(id, maxWei);
    return { id, maxWei };
  }

  /**
   * Settles a reservation: `actualWei` was spent (0 when nothing was sent). Pass `undefined` when the outcome is
   * unknown: the whole reservation counts as spent.
   */
  settle(reservation: Reservation, actualWei: bigint | undefined): void {
    const held = this.#reserved.get(reservation.id);
    if (held === undefined) return;
    this.#reserved.delete(reservation.id);
    this.#spentWei += actualWei === undefined ? held : actualWei;
  }

  get spentWei(): bigint {
    return this.#spentWei;
  }

  get reservedWei(): bigint {
    let sum = 0n;
    for (const v of this.#reserved.values()) sum += v;
    return sum;
  }

  /** What can still be reserved. */
  get remainingWei(): bigint {
    const left = this.capWei - this.#spentWei - this.reservedWei;
    return left > 0n ? left : 0n;
  }
}
