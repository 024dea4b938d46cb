import { openAppendOnlyFile, withAppendLock, type AppendOnlyStore } from "../journal/append-only-file.js";

import { CorruptJournalError, type FirstAdmission } from "./errors.js";
import {
  JournalIndex,
  admissionEntry,
  challengeEntry,
  isJournalEntry,
  journalEntry,
  type AdmissionEntry,
  type ChallengeEntry,
  type CheckInJournal,
  type JournalEntry,
  type JournalHeader,
  type PendingAdmission,
} from "./journal-index.js";
import type { CheckInChallenge, CheckInProof } from "./types.js";

export type {
  AdmissionEntry,
  ChallengeEntry,
  CheckInJournal,
  CommittedEntry,
  ConflictEntry,
  JournalEntry,
  JournalHeader,
  PendingAdmission,
  SubmittedEntry,
} from "./journal-index.js";

export interface OpenGateJournalParameters {
  /** The journal file (JSON lines, append-only). */
  file: string;
  gate: string;
  chainId: bigint;
  contract: string;
}

/** How long to wait for another process holding the journal's lock. */
const LOCK_TIMEOUT_MS = 5_000;

/**
 * A gate's local journal: an append-only JSON-lines file of the challenges it issued, the tickets it admitted
 * (with the holders' proofs), the transactions it sent and what the chain made of them. Admitting is atomic
 * across processes on one machine (a lock file around check-and-append), so one gate never admits a ticket or
 * a challenge twice, with or without a connection; {@link syncGateJournal} commits it on-chain and reconciles.
 *
 * @example
 * const journal = await GateJournal.open({ file: "gate-NORTH-1.journal.jsonl", gate: "NORTH-1", chainId, contract });
 * await journal.recordChallenge(challenge);
 */
export class GateJournal implements CheckInJournal {
  readonly file: string;
  readonly gate: string;
  readonly chainId: bigint;
  readonly contract: string;
  readonly #index: JournalIndex;
  /** The file, read incrementally: later reads parse only what was added. */
  readonly #store: AppendOnlyStore;

  private constructor(file: string, index: JournalIndex) {
    this.file = file;
    this.#index = index;
    this.#store = openAppendOnlyFile(file);
    this.gate = index.gate;
    this.chainId = index.chainId;
    this.contract = index.contract;
  }

  /**
   * Opens a journal, creating it with its header if the file does not exist.
   *
   * @throws {JournalMismatchError} If the file belongs to another gate, chain or contract.
   * @throws {CorruptJournalError} If a line is not a journal entry.
   */
  static async open({ file, gate, chainId, contract }: OpenGateJournalParameters): Promise<GateJournal> {
    const journal = new GateJournal(file, new JournalIndex({ gate, chainId, contract }));
    const header: JournalHeader = journal.#index.header;
    await journal.#withLock(() => {
      journal.#store.create(JSON.stringify(header));
      journal.#load(true);
    });
    return journal;
  }

  /** Re-reads the file (another process may have appended). */
  refresh(): Promise<void> {
    return new Promise((resolve) => {
      this.#load();
      resolve();
    });
  }

  /** Every entry after the header, oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#index.entries;
  }

  /** The challenge this gate issued with `nonce`, if any. */
  challenge(nonce: string): ChallengeEntry | undefined {
    return this.#index.challenge(nonce);
  }

  /** The admission that used challenge `nonce`, if any. */
  admissionByNonce(nonce: string): AdmissionEntry | undefined {
    return this.#index.admissionByNonce(nonce);
  }

  /** This gate's admission of a ticket, if any. */
  admissionByToken(tokenId: bigint): AdmissionEntry | undefined {
    return this.#index.admissionByToken(tokenId);
  }

  /** Admissions neither committed nor in conflict yet, oldest first. */
  pending(): PendingAdmission[] {
    return this.#index.pending();
  }

  /** Journals a challenge this gate issued. */
  async recordChallenge(challenge: CheckInChallenge, now: number = Date.now()): Promise<void> {
    await this.#append(challengeEntry(challenge, now));
  }

  /**
   * Journals an admission, atomically with the checks that make it safe: the challenge was issued here and not
   * answered before, and the ticket was not admitted here before.
   *
   * @throws {UnknownChallengeError} {ProofReplayedError} {TicketAlreadyAdmittedError}
   */
  async recordAdmission(
    proof: CheckInProof,
    holder: string,
    now: number = Date.now(),
  ): Promise<AdmissionEntry> {
    return await this.#withLock(() => {
      this.#load(true);
      this.assertAdmissible(proof);
      const entry = admissionEntry(proof, holder, now);
      this.#write(entry);
      return entry;
    });
  }

  /**
   * The local checks of an admission, on what was last read: the challenge was issued here with this expiry,
   * it was not answered before, and the ticket was not admitted here before.
   *
   * @throws {UnknownChallengeError} {ProofReplayedError} {TicketAlreadyAdmittedError}
   */
  assertAdmissible(proof: CheckInProof): void {
    this.#index.assertAdmissible(proof);
  }

  /** Journals a transaction sent to commit admissions. */
  async recordSubmitted(
    txHash: string,
    tokenIds: readonly bigint[],
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append(journalEntry({ type: "submitted", txHash, tokenIds: tokenIds.map(String) }, now));
  }

  /** Journals that an admission is on-chain. */
  async recordCommitted(
    tokenId: bigint,
    txHash: string,
    blockNumber: number,
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append(
      journalEntry({ type: "committed", tokenId: tokenId.toString(), txHash, blockNumber }, now),
    );
  }

  /** Journals that the chain will not take an admission, and why. */
  async recordConflict(
    tokenId: bigint,
    reason: string,
    first?: FirstAdmission,
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append(
      journalEntry(
        { type: "conflict", tokenId: tokenId.toString(), reason, ...(first === undefined ? {} : { first }) },
        now,
      ),
    );
  }

  async #append(entry: JournalEntry): Promise<void> {
    await this.#withLock(() => {
      this.#load(true);
      this.#write(entry);
    });
  }

  /** Appends and fsyncs one line (the caller holds the lock and has just read the file to its end). */
  #write(entry: JournalEntry): void {
    this.#store.append(JSON.stringify(entry));
    this.#index.add(entry);
  }

  /**
   * Reads what was appended since the last read (the whole file the first time, or if it shrank). A last line
   * without its newline is another process writing (left for the next read) or, with `repair` (only with the
   * lock held), what a crash mid-write left: it is cut off, so the next entry starts on a line of its own.
   */
  #load(repair = false): void {
    const { lines, restarted } = this.#store.read({ repair });
    if (restarted) this.#index.reset();
    for (const { number, text } of lines) {
      if (text.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        throw new CorruptJournalError(this.file, number, cause);
      }
      if (number === 1) {
        this.#index.checkHeader(this.file, value);
        continue;
      }
      if (!isJournalEntry(value)) throw new CorruptJournalError(this.file, number);
      this.#index.add(value);
    }
  }

  /** Runs `fn` holding `<file>.lock` (see {@link withAppendLock}: a lock left by a dead process is taken over). */
  async #withLock<T>(fn: () => T | Promise<T>): Promise<T> {
    return await withAppendLock(this.file, fn, {
      timeoutMs: LOCK_TIMEOUT_MS,
      purpose: "gate journal",
    });
  }
}
