import { TypedDataEncoder, encodeBytes32String, type TypedDataDomain, type TypedDataField } from "ethers";

import type { CheckInChallenge, CheckInProof, ContractCheckInProof } from "./types.js";

/** The EIP-712 domain name and version of every ticket contract (`TicketLifecycle`'s constructor). */
export const CHECK_IN_DOMAIN_NAME = "PapercutTicket";
export const CHECK_IN_DOMAIN_VERSION = "1";

/** `CheckIn(uint256 tokenId,bytes32 gate,bytes16 nonce,uint64 expiry)`. */
export const CHECK_IN_TYPES: Record<string, TypedDataField[]> = {
  CheckIn: [
    { name: "tokenId", type: "uint256" },
    { name: "gate", type: "bytes32" },
    { name: "nonce", type: "bytes16" },
    { name: "expiry", type: "uint64" },
  ],
};

export interface CheckInTypedDataParameters {
  challenge: CheckInChallenge;
  tokenId: bigint;
}

export interface CheckInTypedDataReturnType {
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  message: { tokenId: bigint; gate: string; nonce: string; expiry: bigint };
  /** The EIP-712 digest (what an ERC-1271 wallet is asked about). */
  digest: string;
}

/**
 * The EIP-712 typed data a holder signs to check a ticket in against a challenge, and its digest; the same
 * as the contract's `checkInDigest`.
 *
 * @param parameters The challenge and the ticket.
 * @returns Domain, types, message (for `signer.signTypedData`) and digest.
 * @example
 * const { domain, types, message } = checkInTypedData({ challenge, tokenId: 7n });
 * const signature = await wallet.signTypedData(domain, types, message);
 */
export function checkInTypedData({
  challenge,
  tokenId,
}: CheckInTypedDataParameters): CheckInTypedDataReturnType {
  const domain: TypedDataDomain = {
    name: CHECK_IN_DOMAIN_NAME,
    version: CHECK_IN_DOMAIN_VERSION,
    chainId: challenge.chainId,
    verifyingContract: challenge.contract,
  };
  const message = {
    tokenId,
    gate: encodeBytes32String(challenge.gate),
    nonce: challenge.nonce,
    expiry: BigInt(challenge.expiry),
  };
  return {
    domain,
    types: CHECK_IN_TYPES,
    message,
    digest: TypedDataEncoder.hash(domain, CHECK_IN_TYPES, message),
  };
}

/**
 * A proof in the shape the contract's `checkIn` and `checkInBatch` take.
 *
 * @param proof The holder's proof.
 * @returns The `CheckInProof` struct.
 * @example
 * await ticket.checkIn(toContractProof(proof));
 */
export function toContractProof(proof: CheckInProof): ContractCheckInProof {
  const { challenge } = proof;
  return {
    tokenId: proof.tokenId,
    gate: encodeBytes32String(challenge.gate),
    nonce: challenge.nonce,
    expiry: BigInt(challenge.expiry),
    signature: proof.signature,
  };
}
