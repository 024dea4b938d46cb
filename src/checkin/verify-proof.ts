import { getAddress, verifyTypedData, type Contract } from "ethers";

import { decodeRevert } from "../chain/decode-revert.js";
import { doorCodeFreshness, isDoorCode, recoverDoorCodeDelegator } from "./door-code.js";
import {
  ChallengeExpiredError,
  DoorCodeAheadError,
  EventEndedError,
  GateNotAuthorizedError,
  NotTicketHolderError,
  ProofForAnotherChainError,
  ProofForAnotherContractError,
  ProofForAnotherGateError,
  TicketAlreadyAdmittedError,
  TicketNotFoundError,
  TicketVoidedError,
} from "./errors.js";
import { findCheckIn } from "./find-check-in.js";
import type { CheckInJournal } from "./journal-index.js";
import { checkInTypedData, toContractProof } from "./typed-data.js";
import type { CheckInProof } from "./types.js";

/** Who is verifying: the gate's id, the chain and ticket contract it admits to, and its on-chain account. */
export interface GateIdentity {
  gate: string;
  chainId: bigint;
  contract: string;
  /** The gate's account (holds the gate role; commits the admissions). */
  account: string;
}

export interface VerifyCheckInProofParameters {
  proof: CheckInProof;
  gate: GateIdentity;
  /** The ticket contract (see `ticketLifecycleContract`), with any runner that can `eth_call`. */
  ticket: Contract;
  /** The gate's journal: when given, the challenge must have been issued there, unanswered, and the ticket not
   * admitted there yet. */
  journal?: CheckInJournal;
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /** First block to search for an earlier check-in (see `findCheckIn`). */
  fromBlock?: number;
}

export interface VerifyCheckInProofReturnType {
  tokenId: bigint;
  /** The ticket's holder now, who signed the proof. */
  holder: string;
  /** `eoa`: an ECDSA signature of the holder's key; `contract`: accepted by the holder's wallet (ERC-1271). */
  signerKind: "eoa" | "contract";
}

/**
 * The gate's check of a holder's proof, answered without waiting for a block:
 *
 * 1. the proof answers this gate's challenge, on this chain and contract, before its expiry;
 * 2. (with a journal) the challenge was issued here and not answered before, and the ticket was not admitted
 *    here before;
 * 3. one `eth_call` of the contract's own `checkIn` from the gate's account, at the latest block: the ticket
 *    exists and is `Valid`, the event has not ended, and the signature is the current holder's — by the
 *    holder's key (ECDSA), else accepted by the holder's `isValidSignature` (ERC-1271 wallet) — and, read
 *    alongside, `ownerOf` names the signer: the contract also commits a proof signed by a holder who moved the
 *    ticket on since (so that a transfer after ADMIT cannot void it), but the door admits only the holder now.
 *
 * A ticket already checked in is refused with the gate and time of its first admission, read from the
 * chain's `CheckedIn` event.
 *
 * @param parameters Proof, gate identity, contract, journal and clock.
 * @returns The holder and how they signed.
 * @throws {CheckInRefusedError} One of its subclasses, saying why.
 * @example
 * const { holder } = await verifyCheckInProof({ proof: decodeProof(scanned), gate, ticket, journal });
 */
export async function verifyCheckInProof({
  proof,
  gate,
  ticket,
  journal,
  now = Date.now,
  fromBlock = 0,
}: VerifyCheckInProofParameters): Promise<VerifyCheckInProofReturnType> {
  const { tokenId } = proof;
  assertProofForGate(proof, gate, now());
  if (journal !== undefined) {
    await journal.refresh();
    journal.assertAdmissible(proof);
  }

  let holder: string;
  // The holder now, read alongside (the contract also honours a proof signed by a holder who moved the ticket on
  // since, so that a transfer after ADMIT cannot void it; at the door only the holder now is admitted).
  const owner = ticket.getFunction("ownerOf").staticCall(tokenId) as Promise<string>;
  owner.catch(() => undefined); // awaited below only when the check-in passes
  try {
    holder = (await ticket
      .getFunction("checkIn")
      .staticCall(toContractProof(proof), { from: gate.account })) as string;
  } catch (error) {
    const decoded = decodeRevert(error);
    if (decoded === undefined) throw error;
    switch (decoded.name) {
      case "TicketAlreadyCheckedIn":
        throw new TicketAlreadyAdmittedError(tokenId, await findCheckIn({ ticket, tokenId, fromBlock }));
      case "TicketIsVoided":
        throw new TicketVoidedError(tokenId);
      case "ERC721NonexistentToken":
        throw new TicketNotFoundError(tokenId);
      case "TicketInvalidProof":
        throw new NotTicketHolderError(tokenId, String(decoded.args[1]), recoverProofSigner(proof));
      case "TicketEventEnded":
        throw new EventEndedError(tokenId, Number(decoded.args[0]));
      case "TicketProofExpired":
        throw new ChallengeExpiredError(tokenId, proof.challenge.expiry, Math.floor(now() / 1000));
      case "AccessControlUnauthorizedAccount":
        throw new GateNotAuthorizedError(tokenId, gate.account, "it lacks the gate role");
      case "EnforcedPause":
        throw new GateNotAuthorizedError(tokenId, gate.account, "the ticket contract is paused");
      default:
        throw error;
    }
  }
  const current = getAddress(await owner);
  if (getAddress(holder) !== current)
    throw new NotTicketHolderError(tokenId, current, recoverProofSigner(proof));
  return { tokenId, holder, signerKind: recoverProofSigner(proof) === holder ? "eoa" : "contract" };
}

/**
 * The first, local checks of a proof (no chain, no journal): it answers this gate's challenge, on this chain and
 * contract, before the challenge's expiry; a door code (one scan) instead names no gate and must be fresh
 * (`doorCodeFreshness`). {@link verifyCheckInProof} and {@link verifyCheckInProofOffline} start
 * with them.
 *
 * @param proof The holder's proof.
 * @param gate The gate's id, chain and contract.
 * @param nowMs The clock, in milliseconds.
 * @throws {ProofForAnotherChainError} {ProofForAnotherContractError} {ProofForAnotherGateError}
 * {ChallengeExpiredError}
 * @example
 * assertProofForGate(proof, gate, Date.now());
 */
export function assertProofForGate(
  proof: CheckInProof,
  gate: Pick<GateIdentity, "gate" | "chainId" | "contract">,
  nowMs: number,
): void {
  const { challenge, tokenId } = proof;
  if (challenge.chainId !== gate.chainId)
    throw new ProofForAnotherChainError(tokenId, challenge.chainId, gate.chainId);
  if (getAddress(challenge.contract) !== getAddress(gate.contract)) {
    throw new ProofForAnotherContractError(tokenId, challenge.contract, getAddress(gate.contract));
  }
  const seconds = Math.floor(nowMs / 1000);
  if (isDoorCode(proof)) {
    // A door code names no gate; it must be fresh instead (a few seconds, with some clock skew either way).
    const freshness = doorCodeFreshness(challenge.expiry, nowMs);
    if (freshness === "expired") throw new ChallengeExpiredError(tokenId, challenge.expiry, seconds);
    if (freshness === "ahead") throw new DoorCodeAheadError(tokenId, challenge.expiry, seconds);
    return;
  }
  if (challenge.gate !== gate.gate) throw new ProofForAnotherGateError(tokenId, challenge.gate, gate.gate);
  if (seconds >= challenge.expiry) throw new ChallengeExpiredError(tokenId, challenge.expiry, seconds);
}

/**
 * Who an ECDSA recovery of a proof's signature names, if it is a recoverable ECDSA signature at all; for a door
 * code, who signed its delegation (when the code and the delegation hold together, see `recoverDoorCodeDelegator`).
 *
 * @param proof The holder's proof.
 * @returns The signer's address, or undefined.
 * @example
 * recoverProofSigner(proof); // "0xHolder…"
 */
export function recoverProofSigner(proof: CheckInProof): string | undefined {
  if (isDoorCode(proof)) return recoverDoorCodeDelegator(proof);
  const { domain, types, message } = checkInTypedData(proof);
  try {
    return verifyTypedData(domain, types, message, proof.signature);
  } catch {
    return undefined;
  }
}
