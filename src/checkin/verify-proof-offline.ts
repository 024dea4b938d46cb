import { getAddress } from "ethers";

import {
  EventEndedError,
  NotTicketHolderError,
  TicketAlreadyAdmittedError,
  TicketNotFoundError,
  TicketVoidedError,
  type FirstAdmission,
} from "./errors.js";
import type { CheckInJournal } from "./journal-index.js";
import type { TicketStateName } from "../ticket-state.js";
import type { CheckInProof } from "./types.js";
import {
  assertProofForGate,
  recoverProofSigner,
  type GateIdentity,
  type VerifyCheckInProofReturnType,
} from "./verify-proof.js";

/** What a gate last read from the chain about one ticket (see the gate page's snapshot). */
export interface KnownTicket {
  holder: string;
  state: TicketStateName;
  /** Where and when it was checked in, if it was. */
  checkIn?: FirstAdmission;
}

export interface VerifyCheckInProofOfflineParameters {
  proof: CheckInProof;
  gate: Pick<GateIdentity, "gate" | "chainId" | "contract">;
  /** The ticket as last read from the chain; undefined when the gate never saw it. */
  known: KnownTicket | undefined;
  /** The event's end (Unix seconds), if known. */
  eventEnd?: number;
  /** The gate's journal: the challenge must have been issued there, unanswered, the ticket not admitted there. */
  journal?: CheckInJournal;
  now?: () => number;
}

/**
 * The gate's check of a proof when the chain cannot be reached: the same local checks as
 * {@link verifyCheckInProof} (this gate's fresh, unanswered challenge; the ticket not admitted here), then,
 * instead of the contract's `eth_call`, what the gate last read from the chain: the ticket exists, is `Valid`
 * and the proof's ECDSA signature is its holder's. A smart-contract wallet (ERC-1271) cannot be checked offline
 * and is refused as not the holder. The admission is journaled and committed later, when the contract checks it
 * again; a ticket another gate committed meanwhile then becomes a conflict.
 *
 * @param parameters Proof, gate, what the gate knows of the ticket, journal and clock.
 * @returns The holder (signer kind `eoa`).
 * @throws {CheckInRefusedError} One of its subclasses, saying why.
 * @example
 * const { holder } = await verifyCheckInProofOffline({ proof, gate, known: snapshot.get(proof.tokenId), journal });
 */
export async function verifyCheckInProofOffline({
  proof,
  gate,
  known,
  eventEnd,
  journal,
  now = Date.now,
}: VerifyCheckInProofOfflineParameters): Promise<VerifyCheckInProofReturnType> {
  const { tokenId } = proof;
  assertProofForGate(proof, gate, now());
  if (journal !== undefined) {
    await journal.refresh();
    journal.assertAdmissible(proof);
  }
  if (known === undefined) throw new TicketNotFoundError(tokenId);
  if (known.state === "Voided") throw new TicketVoidedError(tokenId);
  if (known.state === "CheckedIn") throw new TicketAlreadyAdmittedError(tokenId, known.checkIn);
  const seconds = Math.floor(now() / 1000);
  if (known.state === "Souvenir" || (eventEnd !== undefined && seconds >= eventEnd)) {
    throw new EventEndedError(tokenId, eventEnd ?? seconds);
  }
  const holder = getAddress(known.holder);
  const signer = recoverProofSigner(proof);
  if (signer !== holder) throw new NotTicketHolderError(tokenId, holder, signer);
  return { tokenId, holder, signerKind: "eoa" };
}
