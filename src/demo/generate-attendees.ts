import { randomBytes as nodeRandomBytes } from "node:crypto";

import { Wallet, hexlify } from "ethers";

import { checksumAddress } from "../chain/checksum-address.js";
import { csvCell } from "../csv/csv-cell.js";

/** Parameters of {@link generateAttendees}. */
export interface GenerateAttendeesParameters {
  /** How many attendees. */
  count: number;
  /**
   * How many of them get a wallet kept in memory (to sign at the door), spread evenly over the list; the others
   * are fresh random addresses whose keys nobody holds. Default: all (a key each costs about a millisecond to
   * derive, so a million-attendee demo gives wallets to a sample).
   */
  wallets?: number;
  /** Source of the wallets' private keys (default: the system's CSPRNG). */
  randomBytes?: (length: number) => Uint8Array;
}

/** One generated attendee: a wallet that exists only in memory, and the columns written to the CSV. */
export interface GeneratedAttendee {
  /** 1-based row number (the CSV's line is `number + 1`). */
  number: number;
  name: string;
  email: string;
  /** The attendee's wallet; its key is never written anywhere. */
  wallet: Wallet;
}

/** What {@link generateAttendees} returns. */
export interface GenerateAttendeesReturnType {
  /** The attendees with a wallet, in list order. */
  attendees: GeneratedAttendee[];
  /** The attendee CSV (`address,name,email`), as `tickets airdrop --attendees` reads it. */
  csv: string;
  /** Wallets by lower-case address. */
  byAddress: Map<string, Wallet>;
}

/**
 * Generates attendees for a demonstration: one fresh random wallet each (kept in memory so that the demo can
 * sign check-in proofs as their holders) and an attendee CSV with an `address` column and two carried columns.
 *
 * @param parameters - How many attendees, and optionally the randomness.
 * @returns The attendees, the CSV text and a lookup by address.
 * @example
 * const { csv, byAddress } = generateAttendees({ count: 5000 });
 */
export function generateAttendees({
  count,
  wallets = count,
  randomBytes = (n) => nodeRandomBytes(n),
}: GenerateAttendeesParameters): GenerateAttendeesReturnType {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count ${count}: expected 1 or more`);
  const keyed = Math.max(0, Math.min(count, wallets));
  const width = Math.max(4, String(count).length);
  const attendees: GeneratedAttendee[] = [];
  const byAddress = new Map<string, Wallet>();
  const lines = ["address,name,email"];
  // Attendee i has a wallet when the evenly spread sample reaches it: i = ceil(k * count / keyed) for k = 1..keyed.
  let nextKeyed = 1;
  for (let i = 1; i <= count; i++) {
    const tag = String(i).padStart(width, "0");
    const name = `Attendee ${tag}`;
    const email = `attendee-${tag}@example.org`;
    let address: string;
    if (nextKeyed <= keyed && i === Math.ceil((nextKeyed * count) / keyed)) {
      nextKeyed++;
      const wallet = new Wallet(hexlify(randomBytes(32)));
      attendees.push({ number: i, name, email, wallet });
      byAddress.set(wallet.address.toLowerCase(), wallet);
      address = wallet.address;
    } else {
      address = checksumAddress(hexlify(randomBytes(20)));
    }
    lines.push([address, name, email].map(csvCell).join(","));
  }
  return { attendees, csv: lines.join("\n") + "\n", byAddress };
}
