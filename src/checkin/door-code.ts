import {
  TypedDataEncoder,
  type BaseWallet,
  concat,
  dataLength,
  dataSlice,
  getAddress,
  hexlify,
  randomBytes,
  recoverAddress,
  toBeHex,
  type Signer,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

import { CHECK_IN_DOMAIN_NAME, CHECK_IN_DOMAIN_VERSION, checkInTypedData } from "./typed-data.js";
import type { CheckInChallenge, CheckInProof } from "./types.js";

/**
 * The one-scan door (issue 20): the holder's wallet signs once, ahead of time, an EIP-712 `DoorDelegation` of
 * one ticket's door proofs to a key the ticket page keeps; the page then shows a code that changes every
 * {@link DOOR_CODE_ROTATE_S} seconds, a check-in proof signed by that key for any gate, expiring
 * {@link DOOR_CODE_LIFETIME_S} seconds after it was made. The contract takes it as a proof the delegation's signer
 * made (`TicketLifecycle._delegator`), so the gate checks and commits it like a two-scan proof.
 */

/** `DoorDelegation(uint256 tokenId,address delegate,uint64 notAfter)`, as the contract's `DOOR_DELEGATION_TYPEHASH`. */
export const DOOR_DELEGATION_TYPES: Record<string, TypedDataField[]> = {
  DoorDelegation: [
    { name: "tokenId", type: "uint256" },
    { name: "delegate", type: "address" },
    { name: "notAfter", type: "uint64" },
  ],
};

/** The gate id a door code names: none (bytes32 zero), since the page cannot know which gate will scan it. */
export const ANY_GATE = "";

/** A door code is made afresh this often (seconds). */
export const DOOR_CODE_ROTATE_S = 5;
/** A door code expires this long after it was made (seconds): two rotations. */
export const DOOR_CODE_LIFETIME_S = 10;
/** The clock difference between a holder's phone and the gate that the gate tolerates (seconds). */
export const DOOR_CODE_CLOCK_SKEW_S = 5;

/** The bytes of a delegated proof's signature (the contract's `_DELEGATED_PROOF_LENGTH`). */
export const DELEGATED_SIGNATURE_BYTES = 158;

/** A holder's signed delegation of one ticket's door proofs to a page-kept key. */
export interface DoorDelegation {
  chainId: bigint;
  /** The ticket contract (checksummed). */
  contract: string;
  tokenId: bigint;
  /** The page-kept key's address. */
  delegate: string;
  /** Unix seconds: the last expiry a code under this delegation may have. */
  notAfter: number;
  /** The holder's 65-byte ECDSA signature of the delegation. */
  signature: string;
}

export type DoorDelegationTerms = Omit<DoorDelegation, "signature">;

/**
 * The EIP-712 typed data of a delegation, and its digest (the contract's `doorDelegationDigest`).
 *
 * @param terms Chain, contract, ticket, delegate and end.
 * @returns Domain, types, message (for `signer.signTypedData`) and digest.
 * @example
 * const { domain, types, message } = doorDelegationTypedData(terms);
 */
export function doorDelegationTypedData(terms: DoorDelegationTerms): {
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  message: { tokenId: bigint; delegate: string; notAfter: bigint };
  digest: string;
} {
  const domain: TypedDataDomain = {
    name: CHECK_IN_DOMAIN_NAME,
    version: CHECK_IN_DOMAIN_VERSION,
    chainId: terms.chainId,
    verifyingContract: terms.contract,
  };
  const message = {
    tokenId: terms.tokenId,
    delegate: getAddress(terms.delegate),
    notAfter: BigInt(terms.notAfter),
  };
  return {
    domain,
    types: DOOR_DELEGATION_TYPES,
    message,
    digest: TypedDataEncoder.hash(domain, DOOR_DELEGATION_TYPES, message),
  };
}

/**
 * The holder's side, once, ahead of time: signs the delegation (one wallet prompt; no chain needed).
 *
 * @param signer The holder's wallet (an EOA: a contract wallet's delegation cannot be checked offline).
 * @param terms Chain, contract, ticket, delegate and end.
 * @returns The signed delegation.
 * @example
 * const delegation = await signDoorDelegation(wallet, { chainId, contract, tokenId: 7n, delegate, notAfter });
 */
export async function signDoorDelegation(
  signer: Signer,
  terms: DoorDelegationTerms,
): Promise<DoorDelegation> {
  const { domain, types, message } = doorDelegationTypedData(terms);
  const signature = await signer.signTypedData(domain, types, message);
  return { ...terms, contract: getAddress(terms.contract), delegate: getAddress(terms.delegate), signature };
}

/**
 * The page's side, every {@link DOOR_CODE_ROTATE_S} seconds, offline: a check-in proof for any gate with a fresh
 * random nonce, expiring {@link DOOR_CODE_LIFETIME_S} seconds from now (capped at the delegation's end), signed
 * by the delegate key and carrying the delegation (show it with `encodeDoorCode`).
 *
 * @param delegateKey The page-kept key (its address is the delegation's delegate).
 * @param delegation The holder's delegation.
 * @param nowMs The clock in milliseconds (default `Date.now()`).
 * @returns The proof.
 * @example
 * const proof = signDoorCode(key, delegation);
 */
export function signDoorCode(
  delegateKey: Pick<BaseWallet, "signingKey">,
  delegation: DoorDelegation,
  nowMs = Date.now(),
): CheckInProof {
  const expiry = Math.min(Math.floor(nowMs / 1000) + DOOR_CODE_LIFETIME_S, delegation.notAfter);
  const challenge: CheckInChallenge = {
    chainId: delegation.chainId,
    contract: delegation.contract,
    gate: ANY_GATE,
    nonce: hexlify(randomBytes(16)),
    expiry,
  };
  const { digest } = checkInTypedData({ challenge, tokenId: delegation.tokenId });
  const codeSignature = delegateKey.signingKey.sign(digest).serialized;
  const signature = concat([
    codeSignature,
    delegation.signature,
    getAddress(delegation.delegate),
    toBeHex(BigInt(delegation.notAfter), 8),
  ]);
  return { challenge, tokenId: delegation.tokenId, signature };
}

/**
 * Whether a proof is a delegated one (its signature is an envelope of {@link DELEGATED_SIGNATURE_BYTES} bytes).
 *
 * @param proof A proof.
 * @returns Whether it is a door code's.
 * @example
 * if (isDoorCode(proof)) assertDoorCodeFresh(proof, nowMs);
 */
export function isDoorCode(proof: CheckInProof): boolean {
  return proof.challenge.gate === ANY_GATE && dataLength(proof.signature) === DELEGATED_SIGNATURE_BYTES;
}

/**
 * Who delegated a door code, checked as the contract checks it (`TicketLifecycle._delegator`): the delegate named
 * in it signed the check-in, the code expires no later than the delegation, and the delegation of this very
 * ticket to that delegate is signed by the address returned. Works offline.
 *
 * @param proof A door code's proof.
 * @returns The delegation's signer, or undefined when any part fails.
 * @example
 * recoverDoorCodeDelegator(proof) === holder;
 */
export function recoverDoorCodeDelegator(proof: CheckInProof): string | undefined {
  if (!isDoorCode(proof)) return undefined;
  try {
    const { signature } = proof;
    const delegate = getAddress(dataSlice(signature, 130, 150));
    const notAfter = Number(BigInt(dataSlice(signature, 150, 158)));
    const { digest } = checkInTypedData(proof);
    if (recoverAddress(digest, dataSlice(signature, 0, 65)) !== delegate) return undefined;
    if (proof.challenge.expiry > notAfter) return undefined;
    const terms = {
      chainId: proof.challenge.chainId,
      contract: proof.challenge.contract,
      tokenId: proof.tokenId,
      delegate,
      notAfter,
    };
    return recoverAddress(doorDelegationTypedData(terms).digest, dataSlice(signature, 65, 130));
  } catch {
    return undefined;
  }
}

/**
 * Whether a door code is fresh at the gate's clock: not expired (with {@link DOOR_CODE_CLOCK_SKEW_S} for a phone
 * whose clock is behind) and not made further ahead than {@link DOOR_CODE_LIFETIME_S} plus the same skew (a code
 * dated ahead would outlive its window).
 *
 * @param expiry The code's expiry (Unix seconds).
 * @param nowMs The gate's clock in milliseconds.
 * @returns `fresh`, `expired` or `ahead`.
 * @example
 * doorCodeFreshness(proof.challenge.expiry, Date.now());
 */
export function doorCodeFreshness(expiry: number, nowMs: number): "fresh" | "expired" | "ahead" {
  const seconds = Math.floor(nowMs / 1000);
  if (seconds >= expiry + DOOR_CODE_CLOCK_SKEW_S) return "expired";
  if (expiry > seconds + DOOR_CODE_LIFETIME_S + DOOR_CODE_CLOCK_SKEW_S) return "ahead";
  return "fresh";
}
