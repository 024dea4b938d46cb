import type { Contract } from "ethers";

import { ChainTimeoutError } from "../chain/errors.js";
import { withTimeout } from "../chain/with-timeout.js";
import {
  ChallengeExpiredError,
  CheckInRefusedError,
  CommitRequiredError,
  InvalidPayloadError,
  NotTicketHolderError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  TicketNotFoundError,
  TicketVoidedError,
  type CheckInRefusalReason,
  type EventEndedError,
  type FirstAdmission,
  type GateNotAuthorizedError,
  type ProofForAnotherChainError,
  type ProofForAnotherContractError,
  type ProofForAnotherGateError,
  type UnknownChallengeError,
} from "./errors.js";
import type { AdmissionEntry, CheckInJournal } from "./journal-index.js";
import { decodePresented, payloadKind } from "./payload.js";
import { recoverProofSigner } from "./verify-proof.js";
import { syncGateJournal, type SyncOutcome } from "./sync-journal.js";
import type { CheckInProof } from "./types.js";
import { verifyCheckInProofOffline, type KnownTicket } from "./verify-proof-offline.js";
import {
  verifyCheckInProof,
  type GateIdentity,
  type VerifyCheckInProofParameters,
  type VerifyCheckInProofReturnType,
} from "./verify-proof.js";

/** How long the online check may take, by default, before the gate asks whether the chain answers at all. */
const DEFAULT_TIMEOUT_MS = 5_000;
/** How long a gate waits for a slow online check once it knows the chain answers (a slow answer is not offline). */
const DEFAULT_SLOW_LIMIT_MS = 30_000;

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
  "commit-required": CommitRequiredError;
}

/** ADMIT: the proof is good and the admission is journaled (committed on-chain later by `syncGateJournal`). */
export interface AdmitVerdict extends VerifyCheckInProofReturnType {
  verdict: "admit";
  /** Decided from what the gate last read of the chain, because the chain was out of reach. */
  offline: boolean;
  /** The journal entry of the admission. */
  admission: AdmissionEntry;
  /**
   * Set when the gate committed the check-in before saying ADMIT (a strict gate, or an ERC-1271 holder): the
   * transaction, its block, and how long the commit took from sending to the mined receipt (ms).
   */
  committed?: { txHash: string; latencyMs: number };
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
  /**
   * The gate believes the chain is out of reach: skip the online check, but still ask `reachable()` first (a
   * chain that answers again is asked online).
   */
  unreachable?: boolean;
  /** How long the online check may take before the gate asks `reachable()`, in milliseconds (default 5 000). */
  timeoutMs?: number;
  /** How long to keep waiting for a slow online check when the chain is reachable, in ms (default 30 000). */
  slowLimitMs?: number;
  /**
   * Brings the offline view up to date if it is older than a few seconds (the gate page re-reads its ticket
   * snapshot), just before an offline decision; a failure is ignored (the gate decides from what it has).
   */
  refresh?: () => Promise<void>;
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
  /**
   * The ticket contract connected to the gate's signer: with it, the gate commits before it says ADMIT when it must
   * (`strict`, or an ERC-1271 holder). Without it such an admission is refused (`commit-required`).
   */
  committer?: Contract;
  /** A strict gate says ADMIT only once the check-in is mined (two online gates then cannot both admit). */
  strict?: boolean;
  /** Told (and awaited) just before the commit of a strict or ERC-1271 admission is sent ("committing…"). */
  onCommitting?: (proof: CheckInProof) => void | Promise<void>;
}

/**
 * The gate's decision on a scan, ADMIT or REFUSE, the one policy the gate page, `tickets gate admit` and the
 * demo share:
 *
 * 1. the scan must be a proof or a door code (else `gate-code` or `not-a-proof`);
 * 2. the proof is checked online ({@link verifyCheckInProof}: the contract's own `checkIn`, by `eth_call`),
 *    within `offline.timeoutMs` when the gate can fall back;
 * 3. only when the chain does not answer at all (no answer in time, or `offline.reachable()` says so), and the
 *    gate has an offline view, it decides from what it last read ({@link verifyCheckInProofOffline});
 * 4. a good proof is journaled, then ADMIT. A verification given up on journals nothing.
 * 5. a strict gate, and any gate for an ERC-1271 holder (whose wallet can change its answer between the check and
 *    the commit), commits the journaled admission first (`committer`) and says ADMIT only once it is mined; a
 *    refused commit is a REFUSE, and no commit possible (offline, no committer) is `commit-required`.
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
  committer,
  strict = false,
  onCommitting,
}: DecideAdmissionParameters): Promise<AdmissionVerdict> {
  let proof: CheckInProof;
  try {
    proof = typeof scanned === "string" ? decodePresented(scanned) : scanned;
  } catch (error) {
    if (!(error instanceof InvalidPayloadError) || typeof scanned !== "string") throw error;
    const reason = payloadKind(scanned) === "challenge" ? "gate-code" : "not-a-proof";
    return { verdict: "refuse", reason, error, offline: false };
  }
  onChecking?.(proof);

  // A gate that believes it is offline asks first: a chain that answers again is asked online.
  let decidedOffline = offline?.unreachable === true && !(await offline.reachable());
  try {
    const checked = decidedOffline
      ? undefined
      : await verifyOnChain({ proof, gate, ticket, journal, now, fromBlock }, offline);
    decidedOffline = checked === undefined;
    if (decidedOffline) await refreshOfflineView(offline);
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
    const mustCommit = strict || verified.signerKind === "contract";
    if (mustCommit && (decidedOffline || committer === undefined)) {
      throw new CommitRequiredError(
        proof.tokenId,
        strict ? "strict" : "contract-wallet",
        decidedOffline ? "the chain is out of reach" : "this gate has no account to commit with",
      );
    }
    const admission = await journal.recordAdmission(proof, verified.holder, now());
    if (!mustCommit || committer === undefined)
      return { verdict: "admit", ...verified, offline: decidedOffline, admission };
    await onCommitting?.(proof);
    const committed = await commitFirst(proof, journal, committer, fromBlock);
    return { verdict: "admit", ...verified, offline: false, admission, committed };
  } catch (error) {
    if (error instanceof CheckInRefusedError) return refusal(error, decidedOffline);
    throw error;
  }
}

/**
 * The online check; undefined when the chain is out of reach and the gate may decide offline. A check that takes
 * longer than `timeoutMs` is not offline by itself: the gate asks `reachable()`, and when the chain answers it keeps
 * waiting (up to `slowLimitMs`) for the check's own answer.
 */
async function verifyOnChain(
  parameters: VerifyCheckInProofParameters,
  offline: OfflineFallback | undefined,
): Promise<VerifyCheckInProofReturnType | undefined> {
  if (offline === undefined) return await verifyCheckInProof(parameters);
  const checking = verifyCheckInProof(parameters);
  checking.catch(() => undefined); // awaited again below, or given up on
  try {
    return await withTimeout(checking, offline.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof CheckInRefusedError) throw error;
    if (await offline.reachable()) {
      if (!(error instanceof ChainTimeoutError)) throw error;
      // A slow answer, not an absent chain: wait for it (a second limit, so the door is never stuck).
      return await withTimeout(checking, offline.slowLimitMs ?? DEFAULT_SLOW_LIMIT_MS);
    }
    offline.onUnreachable?.(error);
    return undefined;
  }
}

/** The offline decision's inputs, brought up to date first when the gate can (see `OfflineFallback.refresh`). */
async function refreshOfflineView(offline: OfflineFallback | undefined): Promise<void> {
  try {
    await offline?.refresh?.();
  } catch {
    // Out of reach: decide from what the gate has.
  }
}

/**
 * Commits one journaled admission (the one being decided) and waits for it to be mined: `syncGateJournal` limited
 * to that ticket, so the journal records it as any sync would. A refused commit becomes the matching refusal.
 */
async function commitFirst(
  proof: CheckInProof,
  journal: CheckInJournal,
  committer: Contract,
  fromBlock: number | undefined,
): Promise<{ txHash: string; latencyMs: number }> {
  const started = performance.now();
  const { outcomes } = await syncGateJournal({
    journal,
    ticket: committer,
    only: [proof.tokenId],
    ...(fromBlock === undefined ? {} : { fromBlock }),
  });
  const latencyMs = Math.round(performance.now() - started);
  const outcome = outcomes.find((o) => o.tokenId === proof.tokenId);
  if (outcome?.status === "committed") return { txHash: outcome.txHash ?? "", latencyMs };
  const holder =
    outcome?.reason === "TicketInvalidProof"
      ? ((await committer.getFunction("ownerOf").staticCall(proof.tokenId)) as string)
      : "";
  throw commitRefusal(proof, outcome, holder);
}

/** The refusal a refused commit means to the holder at the door (`holder`: the ticket's holder now, if read). */
function commitRefusal(proof: CheckInProof, outcome: SyncOutcome | undefined, holder: string): Error {
  const { tokenId } = proof;
  switch (outcome?.reason) {
    case "TicketAlreadyCheckedIn":
      return new TicketAlreadyAdmittedError(tokenId, outcome.first);
    case "TicketIsVoided":
      return new TicketVoidedError(tokenId);
    case "ERC721NonexistentToken":
      return new TicketNotFoundError(tokenId);
    case "TicketProofExpired":
      return new ChallengeExpiredError(tokenId, proof.challenge.expiry, Math.floor(Date.now() / 1000));
    case "TicketInvalidProof":
      return new NotTicketHolderError(tokenId, holder, recoverProofSigner(proof));
    default:
      return new Error(
        `ticket #${tokenId}: the commit's outcome is ${outcome?.status ?? "unknown"}` +
          (outcome?.reason === undefined ? "" : ` (${outcome.reason})`) +
          ": not admitted; it stays in the journal for `tickets gate sync`",
      );
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
