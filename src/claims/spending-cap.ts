import { createMemoryStore, type AppendOnlyStore } from "../journal/append-only-file.js";
import { JournalMismatchError } from "../journal/errors.js";

/** A reservation against the cap, settled once the transaction's real cost is known. */
export interface Reservation {
  readonly id: number;
  readonly maxWei: bigint;
}

/**
 * One line of the spending journal (JSON, amounts in wei as decimal strings): the relayer started with a cap; a
 * worst case was reserved (before the send); a reservation was settled at its real cost, or at its worst case
 * when the outcome is unknown (`wei: null`).
 */
export type SpendingEntry =
  | { t: "start"; at: string; capWei: string }
  | { t: "reserve"; at: string; id: number; maxWei: string }
  | { t: "settle"; at: string; id: number; wei: string | null; reason?: "restart" };

/**
 * The relayer's budget in the native token. Before sending, the worst case (gas limit × max fee per gas) is
 * reserved; when the receipt arrives, the real cost replaces it. A transaction whose outcome is unknown keeps its
 * worst case counted. So the sum of what was spent can never exceed the cap, even with claims in flight.
 *
 * Every reservation and settlement is appended to a journal (`store`) and is durable before `reserve` returns,
 * so the cap holds across restarts: a new relayer over the same journal starts from what was spent, and counts
 * the reservations a previous life left open (sent or not, their outcome is unknown) at their worst case. Without
 * a store the journal is in memory (an ephemeral network, tests).
 *
 * @example
 * const cap = new SpendingCap(parseEther("0.05"), { store: openAppendOnlyFile(file, { lock: "held" }) });
 * const r = cap.reserve(gasLimit * maxFeePerGas);
 * if (r === undefined) return spendingCapReached();
 * cap.settle(r, receipt.gasUsed * receipt.gasPrice);
 */
export class SpendingCap {
  readonly capWei: bigint;
  /** Where the journal is ("(memory)" without a file). */
  readonly location: string;
  #spentWei = 0n;
  #reserved = new Map<number, bigint>();
  #nextId = 1;
  readonly #store: AppendOnlyStore;
  #closed = false;

  /**
   * @param capWei The most that may be spent over the journal's lifetime.
   * @param options `store`: the spending journal (read now, then appended to).
   * @throws {JournalMismatchError} when the journal has a line that is not valid JSON.
   */
  constructor(capWei: bigint, { store = createMemoryStore() }: { store?: AppendOnlyStore } = {}) {
    if (capWei < 0n) throw new RangeError("a spending cap cannot be negative");
    this.capWei = capWei;
    this.#store = store;
    this.location = store.location;
    const open = new Map<number, bigint>();
    for (const { number, text } of store.read({ repair: store.location !== "(memory)" }).lines) {
      if (text === "") continue;
      let entry: SpendingEntry;
      try {
        entry = JSON.parse(text) as SpendingEntry;
      } catch {
        throw new JournalMismatchError(
          store.location,
          `line ${number} is not valid JSON (the file was edited or damaged)`,
          "damaged",
        );
      }
      if (entry.t === "reserve") {
        open.set(entry.id, BigInt(entry.maxWei));
        if (entry.id >= this.#nextId) this.#nextId = entry.id + 1;
      } else if (entry.t === "settle") {
        const held = open.get(entry.id);
        if (held === undefined) continue;
        open.delete(entry.id);
        this.#spentWei += entry.wei === null ? held : BigInt(entry.wei);
      }
    }
    // Left open by a relayer that stopped or died: whether they were sent and mined is unknown, so they count whole.
    for (const [id, held] of open) {
      this.#append({ t: "settle", at: now(), id, wei: null, reason: "restart" });
      this.#spentWei += held;
    }
    this.#append({ t: "start", at: now(), capWei: capWei.toString() });
  }

  /** Reserves `maxWei` if the cap allows, durably (journaled); undefined otherwise. */
  reserve(maxWei: bigint): Reservation | undefined {
    if (maxWei < 0n) throw new RangeError("cannot reserve a negative amount");
    if (this.#closed) return undefined;
    if (this.#spentWei + this.reservedWei + maxWei > this.capWei) return undefined;
    const id = this.#nextId++;
    this.#append({ t: "reserve", at: now(), id, maxWei: maxWei.toString() });
    this.#reserved.set(id, maxWei);
    return { id, maxWei };
  }

  /**
   * Settles a reservation: `actualWei` was spent (0 when nothing was sent). Pass `undefined` when the outcome is
   * unknown: the whole reservation counts as spent.
   */
  settle(reservation: Reservation, actualWei: bigint | undefined): void {
    const held = this.#reserved.get(reservation.id);
    // After close, the next life counts it at its worst case.
    if (held === undefined || this.#closed) return;
    this.#append({
      t: "settle",
      at: now(),
      id: reservation.id,
      wei: actualWei === undefined ? null : actualWei.toString(),
    });
    this.#reserved.delete(reservation.id);
    this.#spentWei += actualWei === undefined ? held : actualWei;
  }

  /** Releases the journal's lock (reservations still open stay counted at their worst case by the next life). */
  close(): void {
    this.#closed = true;
    this.#store.close();
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

  #append(entry: SpendingEntry): void {
    this.#store.append(JSON.stringify(entry));
  }
}

function now(): string {
  return new Date().toISOString();
}
