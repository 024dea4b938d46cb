import { randomBytes as nodeRandomBytes } from "node:crypto";

import { Wallet, hexlify } from "ethers";

import { csvCell } from "../csv/csv-cell.js";

/** Parameters of {@link generateAttendees}. */
export interface GenerateAttendeesParameters {
  /** How many attendees (each gets one fresh wallet). */
  count: number;
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
  randomBytes = (n) => nodeRandomBytes(n),
}: GenerateAttendeesParameters): GenerateAttendeesReturnType {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count ${count}: expected 1 or more`);
  const width = Math.max(4, String(count).length);
  const attendees: GeneratedAttendee[] = [];
  const byAddress = new Map<string, Wallet>();
  const lines = ["address,name,email"];
  for (let i = 1; i <= count; i++) {
    const wallet = new Wallet(hexlify(randomBytes(32)));
    const tag = String(i).padStart(width, "0");
    const attendee = { number: i, name: `Attendee ${tag}`, email: `attendee-${tag}@example.org`, wallet };
    attendees.push(attendee);
    byAddress.set(wallet.address.toLowerCase(), wallet);
    lines.push([wallet.address, attendee.name, attendee.email].map(csvCell).join(","));
  }
  return { attendees, csv: lines.join("\n") + "\n", byAddress };
}
