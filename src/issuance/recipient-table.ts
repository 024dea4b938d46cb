/**
 * The distinct recipients of an airdrop in compact form, sorted ascending by address: 20 bytes per address in one
 * `Uint8Array` and a quantity per address in a `Float64Array` (about 28 bytes per recipient, against several
 * hundred for a JS object per row), so a million-row attendee list plans in tens of megabytes.
 *
 * Layout: recipient `i` (in address order) is `bytes[20 * i, 20 * i + 20)`, its tickets `quantities[i]`; a
 * quantity may be 0 (tickets already on-chain taken off), and such a recipient gets no ticket.
 */
export class RecipientTable {
  readonly count: number;
  readonly #bytes: Uint8Array;
  readonly #quantities: Float64Array;
  /** `#starts[i]`: tickets before recipient `i` in the plan order (prefix sums of quantities). */
  readonly #starts: Float64Array;
  readonly totalTickets: number;

  /**
   * @param bytes Sorted, distinct 20-byte addresses, concatenated.
   * @param quantities Tickets per address, same order.
   */
  constructor(bytes: Uint8Array, quantities: Float64Array) {
    this.count = quantities.length;
    this.#bytes = bytes;
    this.#quantities = quantities;
    this.#starts = new Float64Array(this.count + 1);
    for (let i = 0; i < this.count; i++) this.#starts[i + 1] = this.#starts[i]! + quantities[i]!;
    this.totalTickets = this.#starts[this.count]!;
  }

  /**
   * A table from unsorted `{ address, quantity }` records (lowercase `0x` addresses; duplicates are merged).
   *
   * @param recipients The recipients, in any order.
   * @returns The sorted table.
   * @example
   * RecipientTable.from([{ address: "0x…", quantity: 2 }]).totalTickets; // 2
   */
  static from(recipients: readonly { address: string; quantity: number }[]): RecipientTable {
    const builder = new RecipientTableBuilder(recipients.length);
    const scratch = new Uint8Array(20);
    for (const r of recipients) {
      builder.addTickets(builder.insert(hexToBytes(r.address, scratch)).index, r.quantity);
    }
    return builder.build().table;
  }

  /** Recipient `i`'s address, lowercase `0x` hex. */
  address(i: number): string {
    return bytesToHex(this.#bytes, 20 * i);
  }

  /** Recipient `i`'s tickets. */
  quantity(i: number): number {
    return this.#quantities[i]!;
  }

  /** Tickets before recipient `i` in plan order. */
  start(i: number): number {
    return this.#starts[i]!;
  }

  /**
   * The recipient holding the ticket at plan offset `offset` (0-based over the whole plan).
   *
   * @param offset A ticket's position in the plan.
   * @returns The recipient's index.
   */
  recipientAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    // Largest i with starts[i] <= offset and a ticket at all (quantity > 0).
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    while (lo < this.count && this.#quantities[lo] === 0) lo++;
    return lo;
  }

  /**
   * The index of an address, by binary search; -1 when absent.
   *
   * @param address Lowercase or mixed-case `0x` hex.
   * @returns Its index or -1.
   */
  indexOf(address: string): number {
    const key = hexToBytes(address.toLowerCase(), new Uint8Array(20));
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareAt(this.#bytes, 20 * mid, key, 0);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The same recipients with other quantities (e.g. the tickets already on-chain taken off).
   *
   * @param quantities One per recipient, in table order.
   * @returns A new table sharing the address bytes.
   */
  withQuantities(quantities: Float64Array): RecipientTable {
    if (quantities.length !== this.count) throw new RangeError("one quantity per recipient");
    return new RecipientTable(this.#bytes, quantities);
  }

  /** A copy of the quantities. */
  quantities(): Float64Array {
    return this.#quantities.slice();
  }

  /** The address of every ticket from plan offset `from` (inclusive) to `to` (exclusive), lowercase hex. */
  ticketAddresses(from: number, to: number): string[] {
    const out = new Array<string>(Math.max(0, to - from));
    let r = this.recipientAt(from);
    let address = this.address(r);
    for (let t = from; t < to; t++) {
      while (this.#starts[r + 1]! <= t) {
        r++;
        address = this.address(r);
      }
      out[t - from] = address;
    }
    return out;
  }
}

/**
 * Collects distinct addresses in a hash set over their bytes (open addressing, `Int32Array` slots), with the
 * first line each was seen on, then sorts them into a {@link RecipientTable}. Memory: about 40 bytes per distinct
 * address, whatever the number of rows.
 */
export class RecipientTableBuilder {
  #bytes: Uint8Array;
  #quantities: Float64Array;
  #firstLines: Uint32Array;
  #slots: Int32Array;
  #count = 0;

  constructor(expected = 1024) {
    const capacity = Math.max(16, expected);
    this.#bytes = new Uint8Array(20 * capacity);
    this.#quantities = new Float64Array(capacity);
    this.#firstLines = new Uint32Array(capacity);
    this.#slots = new Int32Array(slotCountFor(capacity)).fill(-1);
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Finds an address (20 bytes at `key[0..20)`), inserting it with no tickets if new.
   *
   * @returns The address's insertion index, and whether it was already there.
   */
  insert(key: Uint8Array, line = 0): { index: number; existed: boolean } {
    const found = this.#find(key);
    if (found >= 0) return { index: found, existed: true };
    if (this.#count === this.#quantities.length) this.#grow();
    const index = this.#count++;
    this.#bytes.set(key.subarray(0, 20), 20 * index);
    this.#quantities[index] = 0;
    this.#firstLines[index] = line;
    this.#insertSlot(index);
    if (this.#count * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    return { index, existed: false };
  }

  /** Adds tickets to the address at insertion index `index`. */
  addTickets(index: number, quantity: number): void {
    this.#quantities[index] = this.#quantities[index]! + quantity;
  }

  /** The line the address at insertion index `index` was first seen on. */
  firstLine(index: number): number {
    return this.#firstLines[index]!;
  }

  /** The total tickets of the address at insertion index `index` so far. */
  quantity(index: number): number {
    return this.#quantities[index]!;
  }

  /**
   * Sorts the addresses.
   *
   * @returns The table, and `rank`: for each insertion index, the address's index in the sorted table.
   */
  build(): { table: RecipientTable; rank: Uint32Array } {
    const n = this.#count;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const bytes = this.#bytes;
    // The first 4 bytes as a number decide almost every comparison; the rest only on a tie.
    const head = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = 20 * i;
      head[i] = bytes[o]! * 16777216 + bytes[o + 1]! * 65536 + bytes[o + 2]! * 256 + bytes[o + 3]!;
    }
    order.sort((a, b) => head[a]! - head[b]! || compareAt(bytes, 20 * a, bytes, 20 * b));
    const sorted = new Uint8Array(20 * n);
    const quantities = new Float64Array(n);
    const rank = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const from = order[i]!;
      sorted.set(bytes.subarray(20 * from, 20 * from + 20), 20 * i);
      quantities[i] = this.#quantities[from]!;
      rank[from] = i;
    }
    return { table: new RecipientTable(sorted, quantities), rank };
  }

  #find(key: Uint8Array): number {
    const mask = this.#slots.length - 1;
    for (let s = hashKey(key, 0) & mask; ; s = (s + 1) & mask) {
      const index = this.#slots[s]!;
      if (index < 0) return -1;
      if (compareAt(this.#bytes, 20 * index, key, 0) === 0) return index;
    }
  }

  #insertSlot(index: number): void {
    const mask = this.#slots.length - 1;
    let s = hashKey(this.#bytes, 20 * index) & mask;
    while (this.#slots[s]! >= 0) s = (s + 1) & mask;
    this.#slots[s] = index;
  }

  #grow(): void {
    const capacity = this.#quantities.length * 2;
    const bytes = new Uint8Array(20 * capacity);
    bytes.set(this.#bytes);
    this.#bytes = bytes;
    const quantities = new Float64Array(capacity);
    quantities.set(this.#quantities);
    this.#quantities = quantities;
    const lines = new Uint32Array(capacity);
    lines.set(this.#firstLines);
    this.#firstLines = lines;
  }

  #rehash(size: number): void {
    this.#slots = new Int32Array(size).fill(-1);
    for (let i = 0; i < this.#count; i++) this.#insertSlot(i);
  }
}

function slotCountFor(capacity: number): number {
  let size = 16;
  while (size < capacity * 2) size *= 2;
  return size;
}

/** Addresses are hash outputs, so their bytes are already well mixed: 4 of them make the slot. */
function hashKey(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at + 16]! << 24) | (bytes[at + 17]! << 16) | (bytes[at + 18]! << 8) | bytes[at + 19]!) ^
    ((bytes[at]! << 8) | bytes[at + 1]!)
  );
}

function compareAt(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let k = 0; k < 20; k++) {
    const d = a[ai + k]! - b[bi + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

const HEX = "0123456789abcdef";

function bytesToHex(bytes: Uint8Array, at: number): string {
  let out = "0x";
  for (let k = 0; k < 20; k++) {
    const b = bytes[at + k]!;
    out += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return out;
}

/**
 * Writes the 20 bytes of a `0x` + 40 hex digit address (either case, not checked) into `out`.
 *
 * @param address The address.
 * @param out At least 20 bytes.
 * @returns `out`.
 * @example
 * hexToBytes("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", new Uint8Array(20));
 */
export function hexToBytes(address: string, out: Uint8Array): Uint8Array {
  for (let k = 0; k < 20; k++) {
    out[k] = (nibble(address.charCodeAt(2 + 2 * k)) << 4) | nibble(address.charCodeAt(3 + 2 * k));
  }
  return out;
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return c - 55; // A-F
}
