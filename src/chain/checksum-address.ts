import { keccak_256 } from "@noble/hashes/sha3.js";

const HEX = "0123456789abcdef";

/**
 * EIP-55 checksum of a lowercase address, hashing with `@noble/hashes` directly: about twice as fast as ethers'
 * `getAddress`, which matters when a 50,000-row attendee file is validated.
 *
 * @param lower `0x` and 40 lowercase hex digits (not checked).
 * @returns The checksummed address.
 * @example
 * checksumAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"); // "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
 */
export function checksumAddress(lower: string): string {
  const hex = lower.slice(2);
  const bytes = new Uint8Array(40);
  for (let i = 0; i < 40; i++) bytes[i] = hex.charCodeAt(i);
  const hash = keccak_256(bytes);
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const c = hex[i]!;
    const nibble = i % 2 === 0 ? hash[i >> 1]! >> 4 : hash[i >> 1]! & 0x0f;
    out += nibble >= 8 && HEX.indexOf(c) >= 10 ? c.toUpperCase() : c;
  }
  return out;
}
