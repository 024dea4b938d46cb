import { getAddress, hexlify, randomBytes as defaultRandomBytes } from "ethers";

import { normalizeGateId } from "./gate-id.js";
import type { CheckInChallenge } from "./types.js";

export interface CreateChallengeParameters {
  /** The gate id (normalized to upper case). */
  gate: string;
  chainId: bigint;
  /** The ticket contract. */
  contract: string;
  /** Seconds the holder has to answer: 1 to {@link CHALLENGE_LIFETIME_MAX_SECONDS}; default 60. */
  ttlSeconds?: number;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
  /** The randomness source (default: ethers' CSPRNG). */
  randomBytes?: (length: number) => Uint8Array;
}

/**
 * The longest a challenge may live, in seconds: the contract's `CHALLENGE_LIFETIME_MAX`. A proof whose signer moved
 * the ticket on is honoured on-chain only if that move came at or after `expiry - CHALLENGE_LIFETIME_MAX`.
 */
export const CHALLENGE_LIFETIME_MAX_SECONDS = 600;

/**
 * Creates a fresh gate challenge: a 128-bit random nonce, the gate, the chain, the ticket contract and an
 * expiry `ttlSeconds` ahead. The gate journals it (so it later knows it issued it) and shows it as a QR code.
 *
 * @param parameters Gate, chain, contract, and optionally the lifetime, clock and randomness.
 * @returns The challenge.
 * @example
 * const challenge = createChallenge({ gate: "north-1", chainId: 31337n, contract });
 * const text = encodeChallenge(challenge); // the QR code's text
 */
export function createChallenge({
  gate,
  chainId,
  contract,
  ttlSeconds = 60,
  now = Date.now,
  randomBytes = defaultRandomBytes,
}: CreateChallengeParameters): CheckInChallenge {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > CHALLENGE_LIFETIME_MAX_SECONDS) {
    throw new RangeError(`ttlSeconds must be 1..${CHALLENGE_LIFETIME_MAX_SECONDS}: ${ttlSeconds}`);
  }
  const nonce = randomBytes(16);
  if (nonce.length !== 16) throw new RangeError("randomBytes must return 16 bytes");
  return {
    chainId,
    contract: getAddress(contract),
    gate: normalizeGateId(gate),
    nonce: hexlify(nonce),
    expiry: Math.floor(now() / 1000) + ttlSeconds,
  };
}
