import { PapercutError } from "../errors.js";

/** One class for both journals: re-exported where the gate's errors are. */
export { JournalMismatchError } from "../journal/errors.js";

/**
 * A QR payload (challenge or proof) that cannot be read: wrong prefix, a missing or malformed field.
 *
 * @example
 * throw new InvalidPayloadError("PCT1C:1:…", "nonce", "32 hex digits");
 */
export class InvalidPayloadError extends PapercutError {
  override name = "InvalidPayloadError";
  /** The text that was given (a challenge or proof carries no secret). */
  readonly payload: string;
  /** The field that is wrong. */
  readonly field: string;

  constructor(payload: string, field: string, expected: string) {
    const shown = payload.length > 48 ? `${payload.slice(0, 45)}...` : payload;
    super(`invalid check-in payload ${JSON.stringify(shown)}: ${field} must be ${expected}`);
    this.payload = payload;
    this.field = field;
  }
}

/**
 * A gate id that cannot be used: gate ids are 1–31 characters of A–Z, 0–9, `.` and `-` (they travel in the
 * QR code's compact alphanumeric mode, and on-chain as a bytes32 string).
 *
 * @example
 * throw new InvalidGateIdError("north gate!");
 */
export class InvalidGateIdError extends PapercutError {
  override name = "InvalidGateIdError";
  readonly gate: string;

  constructor(gate: string) {
    super(`invalid gate id ${JSON.stringify(gate)}: use 1-31 characters of A-Z, 0-9, "." and "-"`);
    this.gate = gate;
  }
}

/** Where and when a ticket was first admitted, from the chain's `CheckedIn` event or this gate's journal. */
export interface FirstAdmission {
  /** The gate that admitted it. */
  gate: string;
  /** Admission time (Unix seconds): the block's timestamp, or the journal's clock for a local admission. */
  at: number;
  /** The challenge nonce of that admission. */
  nonce: string;
  /** `chain`: committed on-chain; `journal`: admitted here, not yet committed. */
  source: "chain" | "journal";
  /** The transaction that committed it (source `chain`). */
  txHash?: string;
  blockNumber?: number;
}

/** The stable code of each refusal below, one per subclass of {@link CheckInRefusedError}. */
export type CheckInRefusalReason =
  | "wrong-chain"
  | "wrong-contract"
  | "wrong-gate"
  | "unknown-challenge"
  | "challenge-expired"
  | "proof-replayed"
  | "already-checked-in"
  | "voided"
  | "no-such-ticket"
  | "not-holder"
  | "event-ended"
  | "gate-not-authorized"
  | "commit-required";

/**
 * The gate refused a ticket. Every refusal is one of the subclasses below; `reason` is a stable code the
 * gate's screen and `--json` output use.
 */
export class CheckInRefusedError extends PapercutError {
  override name = "CheckInRefusedError";
  /** A stable refusal code, e.g. `already-checked-in`. */
  readonly reason: CheckInRefusalReason;
  /** The ticket presented. */
  readonly tokenId: bigint;

  constructor(
    reason: CheckInRefusalReason,
    tokenId: bigint,
    shortMessage: string,
    options: { details?: string; cause?: unknown } = {},
  ) {
    super(`REFUSE ticket #${tokenId}: ${shortMessage}`, options);
    this.reason = reason;
    this.tokenId = tokenId;
  }
}

/**
 * The proof answers a challenge for another chain.
 *
 * @example
 * throw new ProofForAnotherChainError(7n, 1n, 31337n);
 */
export class ProofForAnotherChainError extends CheckInRefusedError {
  override name = "ProofForAnotherChainError";
  readonly chainId: bigint;
  readonly expectedChainId: bigint;

  constructor(tokenId: bigint, chainId: bigint, expectedChainId: bigint) {
    super(
      "wrong-chain",
      tokenId,
      `the proof is for chain ${chainId}, this gate is on chain ${expectedChainId}`,
    );
    this.chainId = chainId;
    this.expectedChainId = expectedChainId;
  }
}

/**
 * The proof answers a challenge for another ticket contract.
 *
 * @example
 * throw new ProofForAnotherContractError(7n, "0xabc…", "0xdef…");
 */
export class ProofForAnotherContractError extends CheckInRefusedError {
  override name = "ProofForAnotherContractError";
  readonly contract: string;
  readonly expectedContract: string;

  constructor(tokenId: bigint, contract: string, expectedContract: string) {
    super(
      "wrong-contract",
      tokenId,
      `the proof is for contract ${contract}, this gate admits ${expectedContract}`,
    );
    this.contract = contract;
    this.expectedContract = expectedContract;
  }
}

/**
 * The proof answers another gate's challenge.
 *
 * @example
 * throw new ProofForAnotherGateError(7n, "SOUTH", "NORTH");
 */
export class ProofForAnotherGateError extends CheckInRefusedError {
  override name = "ProofForAnotherGateError";
  readonly gate: string;
  readonly expectedGate: string;

  constructor(tokenId: bigint, gate: string, expectedGate: string) {
    super("wrong-gate", tokenId, `the proof answers gate ${gate}'s challenge, this is gate ${expectedGate}`);
    this.gate = gate;
    this.expectedGate = expectedGate;
  }
}

/**
 * The proof answers a challenge this gate never issued (or issued with another expiry).
 *
 * @example
 * throw new UnknownChallengeError(7n, "0x1234…");
 */
export class UnknownChallengeError extends CheckInRefusedError {
  override name = "UnknownChallengeError";
  readonly nonce: string;

  constructor(tokenId: bigint, nonce: string) {
    super("unknown-challenge", tokenId, `this gate did not issue challenge ${nonce}`);
    this.nonce = nonce;
  }
}

/**
 * The challenge expired before the proof was presented: ask the holder to scan a fresh one.
 *
 * @example
 * throw new ChallengeExpiredError(7n, 1700000000, 1700000061);
 */
export class ChallengeExpiredError extends CheckInRefusedError {
  override name = "ChallengeExpiredError";
  readonly expiry: number;
  readonly now: number;

  constructor(tokenId: bigint, expiry: number, now: number) {
    super("challenge-expired", tokenId, `the challenge expired ${now - expiry} s ago: scan a fresh one`);
    this.expiry = expiry;
    this.now = now;
  }
}

/**
 * A door code dated further ahead than a code's lifetime plus the clock skew the gate allows: it would outlive its
 * few seconds (a phone's clock far ahead, or a code made to be copied).
 *
 * @example
 * throw new DoorCodeAheadError(7n, 1700000100, 1700000000);
 */
export class DoorCodeAheadError extends ChallengeExpiredError {
  override name = "DoorCodeAheadError";

  constructor(tokenId: bigint, expiry: number, now: number) {
    super(tokenId, expiry, now);
    this.message = `the door code expires ${expiry - now} s from now, more than a code lives: check the phone's clock`;
  }
}

/**
 * The challenge was already answered: a proof is good for one admission.
 *
 * @example
 * throw new ProofReplayedError(7n, "0x1234…", first);
 */
export class ProofReplayedError extends CheckInRefusedError {
  override name = "ProofReplayedError";
  readonly nonce: string;
  readonly first: FirstAdmission;

  constructor(tokenId: bigint, nonce: string, first: FirstAdmission) {
    super("proof-replayed", tokenId, `challenge ${nonce} was already used at ${describeAt(first.at)}`);
    this.nonce = nonce;
    this.first = first;
  }
}

/**
 * The ticket was already admitted, here or at another gate: carries the time and gate of the first admission.
 *
 * @example
 * throw new TicketAlreadyAdmittedError(7n, { gate: "SOUTH", at: 1700000000, nonce, source: "chain" });
 */
export class TicketAlreadyAdmittedError extends CheckInRefusedError {
  override name = "TicketAlreadyAdmittedError";
  readonly first: FirstAdmission | undefined;

  constructor(tokenId: bigint, first: FirstAdmission | undefined) {
    super(
      "already-checked-in",
      tokenId,
      first === undefined
        ? "already checked in"
        : `already checked in at gate ${first.gate} at ${describeAt(first.at)}` +
            (first.source === "journal" ? " (this gate, not yet committed)" : ""),
    );
    this.first = first;
  }
}

/**
 * The organizer voided the ticket.
 *
 * @example
 * throw new TicketVoidedError(7n);
 */
export class TicketVoidedError extends CheckInRefusedError {
  override name = "TicketVoidedError";

  constructor(tokenId: bigint) {
    super("voided", tokenId, "the organizer voided this ticket");
  }
}

/**
 * No such ticket.
 *
 * @example
 * throw new TicketNotFoundError(99999n);
 */
export class TicketNotFoundError extends CheckInRefusedError {
  override name = "TicketNotFoundError";

  constructor(tokenId: bigint) {
    super("no-such-ticket", tokenId, "no such ticket");
  }
}

/**
 * The proof was not signed by the ticket's current holder: forged, for another chain or contract, or signed
 * by a previous holder after a transfer.
 *
 * @example
 * throw new NotTicketHolderError(7n, "0xHolder…", "0xSigner…");
 */
export class NotTicketHolderError extends CheckInRefusedError {
  override name = "NotTicketHolderError";
  /** The ticket's holder now. */
  readonly holder: string;
  /** Who an ECDSA recovery says signed (undefined when the signature is not a recoverable ECDSA one). */
  readonly signer: string | undefined;

  constructor(tokenId: bigint, holder: string, signer: string | undefined) {
    super(
      "not-holder",
      tokenId,
      `the proof was not signed by the ticket's holder ${holder}` +
        (signer === undefined ? "" : ` (signed by ${signer})`),
    );
    this.holder = holder;
    this.signer = signer;
  }
}

/**
 * The event has ended: tickets are souvenirs now.
 *
 * @example
 * throw new EventEndedError(7n, 1700086400);
 */
export class EventEndedError extends CheckInRefusedError {
  override name = "EventEndedError";
  readonly end: number;

  constructor(tokenId: bigint, end: number) {
    super("event-ended", tokenId, `the event ended at ${describeAt(end)}`);
    this.end = end;
  }
}

/**
 * The gate's account may not check tickets in (it lacks the gate role), or the contract is paused.
 *
 * @example
 * throw new GateNotAuthorizedError(7n, "0xGate…", "the account lacks GATE_ROLE");
 */
export class GateNotAuthorizedError extends CheckInRefusedError {
  override name = "GateNotAuthorizedError";
  readonly account: string;

  constructor(tokenId: bigint, account: string, why: string) {
    super("gate-not-authorized", tokenId, `this gate's account ${account} cannot check tickets in: ${why}`);
    this.account = account;
  }
}

/**
 * This admission must be committed on-chain before the gate says ADMIT — the gate runs `--strict`, or the holder
 * is a smart-contract wallet (ERC-1271), whose answer can change between the gate's check and the commit — and it
 * cannot be now: the chain is out of reach, or the gate has no account to commit with. Nothing is journaled.
 *
 * @example
 * throw new CommitRequiredError(7n, "strict", "the chain is out of reach");
 */
export class CommitRequiredError extends CheckInRefusedError {
  override name = "CommitRequiredError";
  /** Why a commit is required: the gate's `strict` mode, or the holder's `contract-wallet`. */
  readonly why: "strict" | "contract-wallet";

  constructor(tokenId: bigint, why: "strict" | "contract-wallet", cause: string) {
    super(
      "commit-required",
      tokenId,
      `${why === "strict" ? "this strict gate admits" : "a smart-contract wallet's ticket is admitted"} only once ` +
        `the check-in is committed on-chain, and it cannot be now: ${cause}`,
    );
    this.why = why;
  }
}

/**
 * A journal line that is not valid JSON or not a known entry.
 *
 * @example
 * throw new CorruptJournalError("gate.journal.jsonl", 12);
 */
export class CorruptJournalError extends PapercutError {
  override name = "CorruptJournalError";
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, cause?: unknown) {
    super(`${file}:${line}: not a gate journal entry`, { cause });
    this.file = file;
    this.line = line;
  }
}

function describeAt(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
