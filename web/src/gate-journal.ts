import { CorruptJournalError, type FirstAdmission } from "../../src/checkin/errors.js";
import {
  JournalIndex,
  admissionEntry,
  challengeEntry,
  isJournalEntry,
  journalEntry,
  type AdmissionEntry,
  type CheckInJournal,
  type JournalEntry,
  type JournalOwner,
  type PendingAdmission,
} from "../../src/checkin/journal-index.js";
import type { CheckInChallenge, CheckInProof } from "../../src/checkin/types.js";

/** The storage key of a gate's journal. */
export function journalKey({ gate, chainId, contract }: JournalOwner): string {
  return `papercut-gate-journal:${chainId}:${contract.toLowerCase()}:${gate}`;
}

/**
 * The gate page's journal: the same JSON lines as `tickets gate`'s journal file (a header, then one entry per
 * line, only ever appended), kept in the browser's localStorage, so the page survives a reload or a dead battery
 * swap and its journal can be downloaded and fed to `tickets gate sync --journal`. Writes take a Web Lock, so
 * two tabs of the same gate cannot admit one ticket or challenge twice.
 */
export class BrowserGateJournal implements CheckInJournal {
  readonly key: string;
  readonly gate: string;
  readonly chainId: bigint;
  readonly contract: string;
  readonly #index: JournalIndex;
  readonly #storage: Storage;
  /** Characters of the stored text read so far (always the end of a line). */
  #read = 0;
  #lines = 0;

  private constructor(index: JournalIndex, storage: Storage) {
    this.#index = index;
    this.#storage = storage;
    this.gate = index.gate;
    this.chainId = index.chainId;
    this.contract = index.contract;
    this.key = journalKey(index);
  }

  /** Opens (creating if needed) the journal of a gate on a chain and contract. */
  static async open(owner: JournalOwner, storage: Storage = localStorage): Promise<BrowserGateJournal> {
    const journal = new BrowserGateJournal(new JournalIndex(owner), storage);
    await journal.#withLock(() => {
      if (storage.getItem(journal.key) === null) {
        storage.setItem(journal.key, JSON.stringify(journal.#index.header) + "\n");
      }
      journal.#load();
    });
    return journal;
  }

  /** Every entry after the header, oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#index.entries;
  }

  /** The journal as a file for `tickets gate sync --journal` (JSON lines). */
  text(): string {
    return this.#storage.getItem(this.key) ?? "";
  }

  /** This gate's admission of a ticket, if any. */
  admissionByToken(tokenId: bigint): AdmissionEntry | undefined {
    return this.#index.admissionByToken(tokenId);
  }

  /** This gate's admission of a ticket as a first admission (gate, time, nonce), if any. */
  firstAdmission(tokenId: bigint): FirstAdmission | undefined {
    const admission = this.#index.admissionByToken(tokenId);
    return admission === undefined ? undefined : this.#index.firstOf(admission);
  }

  /** Whether a ticket admitted here is committed on-chain or settled as a conflict. */
  isSettled(tokenId: bigint): boolean {
    return this.#index.isSettled(tokenId);
  }

  refresh(): Promise<void> {
    this.#load();
    return Promise.resolve();
  }

  assertAdmissible(proof: CheckInProof): void {
    this.#index.assertAdmissible(proof);
  }

  pending(): PendingAdmission[] {
    return this.#index.pending();
  }

  async recordChallenge(challenge: CheckInChallenge, now: number = Date.now()): Promise<void> {
    await this.#append(challengeEntry(challenge, now));
  }

  async recordAdmission(
    proof: CheckInProof,
    holder: string,
    now: number = Date.now(),
  ): Promise<AdmissionEntry> {
    return await this.#withLock(() => {
      this.#load();
      this.#index.assertAdmissible(proof);
      const entry = admissionEntry(proof, holder, now);
      this.#write(entry);
      return entry;
    });
  }

  async recordSubmitted(
    txHash: string,
    tokenIds: readonly bigint[],
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append(journalEntry({ type: "submitted", txHash, tokenIds: tokenIds.map(String) }, now));
  }

  async recordCommitted(tokenId: bigint, txHash: string, blockNumber: number, now: number = Date.now()) {
    await this.#append(
      journalEntry({ type: "committed", tokenId: tokenId.toString(), txHash, blockNumber }, now),
    );
  }

  async recordConflict(tokenId: bigint, reason: string, first?: FirstAdmission, now: number = Date.now()) {
    await this.#append(
      journalEntry(
        { type: "conflict", tokenId: tokenId.toString(), reason, ...(first === undefined ? {} : { first }) },
        now,
      ),
    );
  }

  async #append(entry: JournalEntry): Promise<void> {
    await this.#withLock(() => {
      this.#load();
      this.#write(entry);
    });
  }

  /** Appends one line (the caller holds the lock and has just read the store to its end). */
  #write(entry: JournalEntry): void {
    const text = this.#storage.getItem(this.key) ?? "";
    const next = text + JSON.stringify(entry) + "\n";
    this.#storage.setItem(this.key, next); // throws QuotaExceededError rather than losing the entry silently
    this.#read = next.length;
    this.#lines += 1;
    this.#index.add(entry);
  }

  /** Parses what was appended since the last read (everything again if the store shrank or vanished). */
  #load(): void {
    const text = this.#storage.getItem(this.key) ?? "";
    if (text.length < this.#read) {
      this.#read = 0;
      this.#lines = 0;
      this.#index.reset();
    }
    const end = text.lastIndexOf("\n") + 1;
    if (end <= this.#read) return;
    const lines = text.slice(this.#read, end).split("\n");
    lines.pop();
    for (const line of lines) {
      this.#lines += 1;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (cause) {
        throw new CorruptJournalError(this.key, this.#lines, cause);
      }
      if (this.#lines === 1) this.#index.checkHeader(this.key, value);
      else if (isJournalEntry(value)) this.#index.add(value);
      else throw new CorruptJournalError(this.key, this.#lines);
    }
    this.#read = end;
  }

  /** Runs `fn` holding this journal's Web Lock (shared by every tab of this origin), where there are Web Locks. */
  async #withLock<T>(fn: () => T): Promise<T> {
    const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
    if (locks === undefined) return fn();
    return await locks.request(this.key, () => fn());
  }
}
