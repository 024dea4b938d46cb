import { getAddress } from "ethers";

import { JournalMismatchError } from "../journal/errors.js";
import {
  CorruptJournalError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  UnknownChallengeError,
  type FirstAdmission,
} from "./errors.js";
import { ANY_GATE, isDoorCode } from "./door-code.js";
import { normalizeGateId } from "./gate-id.js";
import type { CheckInChallenge, CheckInProof } from "./types.js";

/** The first line of every journal: whose it is. */
export interface JournalHeader {
  type: "journal";
  version: 1;
  gate: string;
  chainId: string;
  contract: string;
}

/** A challenge the gate issued. */
export interface ChallengeEntry {
  type: "challenge";
  nonce: string;
  expiry: number;
  /** Unix seconds. */
  at: number;
}

/** A ticket the gate admitted (the holder walked in): the proof, kept to commit it on-chain. */
export interface AdmissionEntry {
  type: "admission";
  tokenId: string;
  nonce: string;
  expiry: number;
  signature: string;
  holder: string;
  at: number;
  /** A door code's admission (one scan): its proof names no gate. */
  anyGate?: true;
}

/** A transaction the gate sent to commit admissions. */
export interface SubmittedEntry {
  type: "submitted";
  txHash: string;
  tokenIds: string[];
  at: number;
}

/** An admission found committed on-chain (by this gate's transaction). */
export interface CommittedEntry {
  type: "committed";
  tokenId: string;
  txHash: string;
  blockNumber: number;
  at: number;
}

/**
 * An admission the chain will not take: another gate committed the ticket first (`first` says where and
 * when), or it was voided, or its holder changed before the commit. The person was admitted here anyway: a
 * conflict is for the organizer to look at.
 */
export interface ConflictEntry {
  type: "conflict";
  tokenId: string;
  reason: string;
  first?: FirstAdmission;
  at: number;
}

export type JournalEntry = ChallengeEntry | AdmissionEntry | SubmittedEntry | CommittedEntry | ConflictEntry;

/** An admission waiting to be committed on-chain. */
export interface PendingAdmission {
  proof: CheckInProof;
  holder: string;
  at: number;
}

/**
 * What verifying, admitting and syncing need of a gate's journal, wherever it is stored: the append-only file of
 * `tickets gate` ({@link GateJournal} in `journal.ts`) or the gate web page's browser storage.
 */
export interface CheckInJournal {
  readonly gate: string;
  readonly chainId: bigint;
  readonly contract: string;
  /** Re-reads the store (another process or tab may have appended). */
  refresh(): Promise<void>;
  /** The local checks of an admission (see {@link JournalIndex.assertAdmissible}). */
  assertAdmissible(proof: CheckInProof): void;
  /** Admissions neither committed nor in conflict yet, oldest first. */
  pending(): PendingAdmission[];
  recordChallenge(challenge: CheckInChallenge, now?: number): Promise<void>;
  /** Journals an admission atomically with {@link CheckInJournal.assertAdmissible}. */
  recordAdmission(proof: CheckInProof, holder: string, now?: number): Promise<AdmissionEntry>;
  recordSubmitted(txHash: string, tokenIds: readonly bigint[], now?: number): Promise<void>;
  recordCommitted(tokenId: bigint, txHash: string, blockNumber: number, now?: number): Promise<void>;
  recordConflict(tokenId: bigint, reason: string, first?: FirstAdmission, now?: number): Promise<void>;
}

/** Whose journal it is. */
export interface JournalOwner {
  gate: string;
  chainId: bigint;
  contract: string;
}

/**
 * The in-memory index of a gate journal and the rules an admission must pass against it; no storage, so the
 * command-line journal (a file) and the gate page (browser storage) share it.
 *
 * @example
 * const index = new JournalIndex({ gate: "NORTH", chainId: 31337n, contract });
 * index.add(challengeEntry(challenge));
 * index.assertAdmissible(proof);
 */
export class JournalIndex {
  readonly gate: string;
  readonly chainId: bigint;
  readonly contract: string;
  #entries: JournalEntry[] = [];
  #challenges = new Map<string, ChallengeEntry>();
  #admissionsByNonce = new Map<string, AdmissionEntry>();
  #admissionsByToken = new Map<string, AdmissionEntry>();
  #settled = new Set<string>();

  constructor({ gate, chainId, contract }: JournalOwner) {
    this.gate = normalizeGateId(gate);
    this.chainId = chainId;
    this.contract = getAddress(contract);
  }

  /** The header line of this journal. */
  get header(): JournalHeader {
    return {
      type: "journal",
      version: 1,
      gate: this.gate,
      chainId: this.chainId.toString(),
      contract: this.contract,
    };
  }

  /** Every entry after the header, oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#entries;
  }

  /** Forgets every entry (the store is read again from its start). */
  reset(): void {
    this.#entries = [];
    this.#challenges.clear();
    this.#admissionsByNonce.clear();
    this.#admissionsByToken.clear();
    this.#settled.clear();
  }

  /** Indexes one entry read from, or just written to, the store. */
  add(entry: JournalEntry): void {
    this.#entries.push(entry);
    switch (entry.type) {
      case "challenge":
        this.#challenges.set(entry.nonce, entry);
        break;
      case "admission":
        if (!this.#admissionsByNonce.has(entry.nonce)) this.#admissionsByNonce.set(entry.nonce, entry);
        if (!this.#admissionsByToken.has(entry.tokenId)) this.#admissionsByToken.set(entry.tokenId, entry);
        break;
      case "committed":
      case "conflict":
        this.#settled.add(entry.tokenId);
        break;
      default:
        break;
    }
  }

  /** The challenge this gate issued with `nonce`, if any. */
  challenge(nonce: string): ChallengeEntry | undefined {
    return this.#challenges.get(nonce.toLowerCase());
  }

  /** The admission that used challenge `nonce`, if any. */
  admissionByNonce(nonce: string): AdmissionEntry | undefined {
    return this.#admissionsByNonce.get(nonce.toLowerCase());
  }

  /** This gate's admission of a ticket, if any. */
  admissionByToken(tokenId: bigint): AdmissionEntry | undefined {
    return this.#admissionsByToken.get(tokenId.toString());
  }

  /** Whether a ticket's admission here is committed on-chain or settled as a conflict. */
  isSettled(tokenId: bigint): boolean {
    return this.#settled.has(tokenId.toString());
  }

  /** Admissions neither committed nor in conflict yet, oldest first. */
  pending(): PendingAdmission[] {
    const settled = this.#settled;
    return this.#entries
      .filter((e): e is AdmissionEntry => e.type === "admission" && !settled.has(e.tokenId))
      .map((e) => ({ proof: this.proofOf(e), holder: e.holder, at: e.at }));
  }

  /**
   * The local checks of an admission: the challenge was issued here with this expiry (not asked of a door code,
   * which answers none), it was not answered before, and the ticket was not admitted here before.
   *
   * @throws {UnknownChallengeError} {ProofReplayedError} {TicketAlreadyAdmittedError}
   */
  assertAdmissible(proof: CheckInProof): void {
    const { tokenId, challenge } = proof;
    const issued = this.challenge(challenge.nonce);
    // A door code answers no challenge of this gate: its freshness is checked instead (`assertProofForGate`).
    if (!isDoorCode(proof) && (issued === undefined || issued.expiry !== challenge.expiry)) {
      throw new UnknownChallengeError(tokenId, challenge.nonce);
    }
    const used = this.admissionByNonce(challenge.nonce);
    if (used !== undefined) throw new ProofReplayedError(tokenId, challenge.nonce, this.firstOf(used));
    const admitted = this.admissionByToken(tokenId);
    if (admitted !== undefined) throw new TicketAlreadyAdmittedError(tokenId, this.firstOf(admitted));
  }

  /** An admission here as a first admission (gate, time, nonce). */
  firstOf(entry: AdmissionEntry): FirstAdmission {
    return { gate: this.gate, at: entry.at, nonce: entry.nonce, source: "journal" };
  }

  /** The holder's proof an admission entry keeps. */
  proofOf(entry: AdmissionEntry): CheckInProof {
    return {
      challenge: {
        chainId: this.chainId,
        contract: this.contract,
        gate: entry.anyGate === true ? ANY_GATE : this.gate,
        nonce: entry.nonce,
        expiry: entry.expiry,
      },
      tokenId: BigInt(entry.tokenId),
      signature: entry.signature,
    };
  }

  /**
   * Checks a store's header line against this journal's owner.
   *
   * @param source The file or storage key (for error messages).
   * @throws {CorruptJournalError} If it is no journal header. {JournalMismatchError} If it is another gate's.
   */
  checkHeader(source: string, value: unknown): void {
    const h = value as Partial<JournalHeader> | null;
    if (h?.type !== "journal" || h.version !== 1) throw new CorruptJournalError(source, 1);
    const expected = this.header;
    for (const field of ["gate", "chainId", "contract"] as const) {
      if (String(h[field]) !== expected[field]) {
        throw new JournalMismatchError(
          source,
          `this journal's ${field} is ${String(h[field])}, expected ${expected[field]}`,
          "other-owner",
        );
      }
    }
  }
}

/**
 * The journal entry of an issued challenge.
 *
 * @param challenge The challenge.
 * @param now The clock in milliseconds.
 * @returns The entry.
 * @example
 * index.add(challengeEntry(challenge));
 */
export function challengeEntry(challenge: CheckInChallenge, now: number = Date.now()): ChallengeEntry {
  return {
    type: "challenge",
    nonce: challenge.nonce.toLowerCase(),
    expiry: challenge.expiry,
    at: Math.floor(now / 1000),
  };
}

/**
 * The journal entry of an admission.
 *
 * @param proof The holder's proof.
 * @param holder The ticket's holder.
 * @param now The clock in milliseconds.
 * @returns The entry.
 * @example
 * const entry = admissionEntry(proof, holder);
 */
export function admissionEntry(
  proof: CheckInProof,
  holder: string,
  now: number = Date.now(),
): AdmissionEntry {
  return {
    type: "admission",
    tokenId: proof.tokenId.toString(),
    nonce: proof.challenge.nonce.toLowerCase(),
    expiry: proof.challenge.expiry,
    signature: proof.signature,
    holder: getAddress(holder),
    at: Math.floor(now / 1000),
    ...(isDoorCode(proof) ? { anyGate: true as const } : {}),
  };
}

/**
 * The other journal entries (submitted, committed, conflict), stamped with the time.
 *
 * @param entry The entry without its time.
 * @param now The clock in milliseconds.
 * @returns The entry.
 * @example
 * journalEntry({ type: "committed", tokenId: "7", txHash, blockNumber: 12 });
 */
export function journalEntry(entry: UntimedEntry, now: number = Date.now()): JournalEntry {
  return { ...entry, at: Math.floor(now / 1000) };
}

/** A submitted, committed or conflict entry without its time. */
export type UntimedEntry = SubmittedEntry | CommittedEntry | ConflictEntry extends infer E
  ? E extends { at: number }
    ? Omit<E, "at">
    : never
  : never;

/**
 * Whether a parsed line is a journal entry (after the header).
 *
 * @param value A parsed JSON line.
 * @returns Whether it has a known entry type.
 * @example
 * if (!isJournalEntry(value)) throw new CorruptJournalError(file, line);
 */
export function isJournalEntry(value: unknown): value is JournalEntry {
  if (typeof value !== "object" || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return (
    type === "challenge" ||
    type === "admission" ||
    type === "submitted" ||
    type === "committed" ||
    type === "conflict"
  );
}
