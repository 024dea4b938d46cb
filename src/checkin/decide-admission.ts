import type { Contract } from "ethers";

import { ChainTimeoutError } from "../chain/errors.js";
import { withTimeout } from "../chain/with-timeout.js";
import {
  CheckInRefusedError,
  InvalidPayloadError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  type ChallengeExpiredError,
  type CheckInRefusalReason,
  type EventEndedError,
  type FirstAdmission,
  type GateNotAuthorizedError,
  type NotTicketHolderError,
  type ProofForAnotherChainError,
  type ProofForAnotherContractError,
  type ProofForAnotherGateError,
  type TicketNotFoundError,
  type TicketVoidedError,
  type UnknownChallengeError,
} from "./errors.js";
import type { AdmissionEntry, CheckInJournal } from "./journal-index.js";
import { decodeProof, payloadKind } from "./payload.js";
import type { CheckInProof } from "./types.js";
import { verifyCheckInProofOffline, type KnownTicket } from "./verify-proof-offline.js";
import {
  verifyCheckInProof,
  type GateIdentity,
  type VerifyCheckInProofParameters,
  type VerifyCheckInProofReturnType,
} from "./verify-proof.js";

/** How long the online check may take, by default, before a gate that can decide offline does so. */
const DEFAULT_TIMEOUT_MS = 5_000;

/** The error class each refusal reason comes with (the compiler checks that every reason has one). */
interface RefusalErrors {
  "wrong-chain": ProofForAnotherChainError;
  "wrong-contract": ProofForAnotherContractError;
  "wrong-gate": ProofForAnotherGateError;
  "unknown-challenge": UnknownChallengeError;
  "challenge-expired": ChallengeExpiredError;
  "proof-replayed": ProofReplayedError;
  "already-checked-in": TicketAlreadyAdmittedError;
  voided: TicketVoidedError;
  "no-such-ticket": TicketNotFoundError;
  "not-holder": NotTicketHolderError;
  "event-ended": EventEndedError;
  "gate-not-authorized": GateNotAuthorizedError;
}

/** ADMIT: the proof is good and the admission is journaled (committed on-chain later by `syncGateJournal`). */
export interface AdmitVerdict extends VerifyCheckInProofReturnType {
  verdict: "admit";
  /** Decided from what the gate last read of the chain, because the chain was out of reach. */
  offline: boolean;
  /** The journal entry of the admission. */
  admission: AdmissionEntry;
}

/** REFUSE a proof, with the error saying why; narrowing on `reason` narrows `error` to its class. */
export type ProofRefusal = {
  [R in CheckInRefusalReason]: {
    verdict: "refuse";
    reason: R;
    tokenId: bigint;
    error: RefusalErrors[R];
    /** Where and when the ticket was first admitted, when known (`already-checked-in`, `proof-replayed`). */
    first?: FirstAdmission;
    /** Decided from what the gate last read of the chain, because the chain was out of reach. */
    offline: boolean;
  };
}[CheckInRefusalReason];

/** REFUSE what is no proof at all: the gate's own code (`gate-code`) or any other text (`not-a-proof`). */
export interface ScanRefusal {
  verdict: "refuse";
  reason: "gate-code" | "not-a-proof";
  tokenId?: undefined;
  error: InvalidPayloadError;
  first?: undefined;
  offline: false;
}

export type RefuseVerdict = ProofRefusal | ScanRefusal;

/** The gate's decision on one scan. */
export type AdmissionVerdict = AdmitVerdict | RefuseVerdict;

/** Every reason a gate refuses for: the check-in refusals, `gate-code` and `not-a-proof`. */
export type AdmissionRefusalReason = RefuseVerdict["reason"];

/** What a gate needs to decide on its own when the chain is out of reach. */
export interface OfflineFallback {
  /** What the gate last read from the chain about a ticket (its snapshot); undefined for a ticket never seen. */
  known: (tokenId: bigint) => KnownTicket | undefined;
  /** The event's end (Unix seconds), if known. */
  eventEnd?: number;
  /**
   * Whether the chain answers at all (say, a block number within a few seconds). Asked when the online check
   * failed with something other than a refusal: only a chain that does not answer sends the gate offline.
   */
  reachable: () => Promise<boolean>;
  /** The gate already knows the chain is out of reach: decide offline at once, without asking it. */
  unreachable?: boolean;
  /** How long the online check may take before the gate decides offline, in milliseconds (default 5 000). */
  timeoutMs?: number;
  /** Told why the online check was given up on, just before the gate decides offline. */
  onUnreachable?: (cause: unknown) => void;
}

export interface DecideAdmissionParameters {
  /** What the gate scanned: the QR text, or a proof already decoded. */
  scanned: string | CheckInProof;
  /** The gate's id, chain, contract and account. */
  gate: GateIdentity;
  /** The ticket contract (see `ticketLifecycleContract`), with any runner that can `eth_call`. */
  ticket: Contract;
  /** The gate's journal: the challenge must have been issued there; the admission is written there. */
  journal: CheckInJournal;
  /** Without it the gate decides online only, with no time limit: a chain out of reach is an error. */
  offline?: OfflineFallback;
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /** First block to search for an earlier check-in (see `findCheckIn`). */
  fromBlock?: number;
  /** Told the proof the scan holds, before the chain is asked (for a "checking ticket #N" display). */
  onChecking?: (proof: CheckInProof) => void;
}

/**
 * The gate's decision on a scan, ADMIT or REFUSE, the one policy the gate page, `tickets gate admit` and the
 * demo share:
 *
 * 1. the scan must be a proof (else `gate-code` or `not-a-proof`);
 * 2. the proof is checked online ({@link verifyCheckInProof}: the contract's own `checkIn`, by `eth_call`),
 *    within `offline.timeoutMs` when the gate can fall back;
 * 3. only when the chain does not answer at all (no answer in time, or `offline.reachable()` says so), and the
 *    gate has an offline view, it decides from what it last read ({@link verifyCheckInProofOffline});
 * 4. a good proof is journaled, then ADMIT. A verification given up on journals nothing.
 *
 * Expected refusals are returned, never thrown. No DOM, no printing: the clock, contract, journal and probe are
 * given.
 *
 * @param parameters The scan, the gate, its contract and journal, and optionally its offline view and clock.
 * @returns `{ verdict: "admit", tokenId, holder, signerKind, offline, admission }` or
 * `{ verdict: "refuse", reason, tokenId?, error, first?, offline }`.
 * @throws Whatever is not a refusal: a chain that answers with an error, a journal that cannot be written, a bug.
 * @example
 * const decision = await decideAdmission({ scanned, gate, ticket, journal, offline: { known, reachable } });
 * if (decision.verdict === "admit") open(decision.tokenId);
 */
export async function decideAdmission({
  scanned,
  gate,
  ticket,
  journal,
  offline,
  now = Date.now,
  fromBlock,
  onChecking,
}: DecideAdmissionParameters): Promise<AdmissionVerdict> {
  let proof: CheckInProof;
  try {
    proof = typeof scanned === "string" ? decodeProof(scanned) : scanned;
  } catch (error) {
    if (!(error instanceof InvalidPayloadError) || typeof scanned !== "string") throw error;
    const reason = payloadKind(scanned) === "challenge" ? "gate-code" : "not-a-proof";
    return { verdict: "refuse", reason, error, offline: false };
  }
  onChecking?.(proof);

  let decidedOffline = offline?.unreachable === true;
  try {
    const checked = decidedOffline
      ? undefined
      : await verifyOnChain({ proof, gate, ticket, journal, now, fromBlock }, offline);
    decidedOffline = checked === undefined;
    const verified =
      checked ??
      (await verifyCheckInProofOffline({
        proof,
        gate,
        known: offline?.known(proof.tokenId),
        eventEnd: offline?.eventEnd,
        journal,
        now,
      }));
    const admission = await journal.recordAdmission(proof, verified.holder, now());
    return { verdict: "admit", ...verified, offline: decidedOffline, admission };
  } catch (error) {
    if (error instanceof CheckInRefusedError) return refusal(error, decidedOffline);
    throw error;
  }
}

/** The online check; undefined when the chain is out of reach and the gate may decide offline. */
async function verifyOnChain(
  parameters: VerifyCheckInProofParameters,
  offline: OfflineFallback | undefined,
): Promise<VerifyCheckInProofReturnType | undefined> {
  if (offline === undefined) return await verifyCheckInProof(parameters);
  try {
    return await withTimeout(verifyCheckInProof(parameters), offline.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof CheckInRefusedError) throw error;
    if (!(error instanceof ChainTimeoutError) && (await offline.reachable())) throw error;
    offline.onUnreachable?.(error);
    return undefined;
  }
}

function refusal(error: CheckInRefusedError, offline: boolean): ProofRefusal {
  const first =
    error instanceof TicketAlreadyAdmittedError || error instanceof ProofReplayedError
      ? error.first
      : undefined;
  // The subclass carries its own reason (see RefusalErrors), which the compiler cannot follow.
  return {
    verdict: "refuse",
    reason: error.reason,
    tokenId: error.tokenId,
    error,
    ...(first === undefined ? {} : { first }),
    offline,
  } as ProofRefusal;
}
