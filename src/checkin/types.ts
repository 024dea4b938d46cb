/**
 * A gate's challenge, shown as a QR code: the holder signs it with a ticket's number. It names the chain and
 * the ticket contract (the EIP-712 domain), the gate, a random nonce and an expiry about a minute ahead.
 */
export interface CheckInChallenge {
  chainId: bigint;
  /** The ticket contract (checksummed). */
  contract: string;
  /** The gate id: 1–31 characters of A–Z, 0–9, `.` and `-`. */
  gate: string;
  /** 16 random bytes, `0x` + 32 lowercase hex digits. */
  nonce: string;
  /** Unix seconds after which the gate no longer accepts an answer. */
  expiry: number;
}

/** A holder's answer to a challenge: the ticket and the holder's EIP-712 signature. */
export interface CheckInProof {
  challenge: CheckInChallenge;
  tokenId: bigint;
  /** `0x` hex: a 65-byte ECDSA signature, or whatever the holder's ERC-1271 wallet accepts. */
  signature: string;
}

/** A proof as the contract's `checkIn` / `checkInBatch` take it (the `CheckInProof` struct). */
export interface ContractCheckInProof {
  tokenId: bigint;
  /** The gate id as a bytes32 string. */
  gate: string;
  nonce: string;
  expiry: bigint;
  signature: string;
}
