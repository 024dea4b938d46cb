import { existsSync } from "node:fs";
import { appendFile, open, readFile, truncate, unlink } from "node:fs/promises";

import { getAddress } from "ethers";

import {
  CorruptJournalError,
  JournalMismatchError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  UnknownChallengeError,
  type FirstAdmission,
} from "./errors.js";
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
export class GateJournal {
  readonly file: string;
  readonly gate: string;
  readonly chainId: bigint;
  readonly contract: string;
  #entries: JournalEntry[] = [];
  /** Bytes of the file read so far (always the end of a complete line): later reads parse only what was added. */
  #offset = 0;
  /** Lines read so far (for error locations). */
  #lines = 0;
  #challenges = new Map<string, ChallengeEntry>();
  #admissionsByNonce = new Map<string, AdmissionEntry>();
  #admissionsByToken = new Map<string, AdmissionEntry>();
  #settled = new Set<string>();

  private constructor(file: string, header: JournalHeader) {
    this.file = file;
    this.gate = header.gate;
    this.chainId = BigInt(header.chainId);
    this.contract = header.contract;
  }

  /**
   * Opens a journal, creating it with its header if the file does not exist.
   *
   * @throws {JournalMismatchError} If the file belongs to another gate, chain or contract.
   * @throws {CorruptJournalError} If a line is not a journal entry.
   */
  static async open({ file, gate, chainId, contract }: OpenGateJournalParameters): Promise<GateJournal> {
    const header: JournalHeader = {
      type: "journal",
      version: 1,
      gate: normalizeGateId(gate),
      chainId: chainId.toString(),
      contract: getAddress(contract),
    };
    const journal = new GateJournal(file, header);
    await journal.#withLock(async () => {
      if (!existsSync(file)) {
        await appendFile(file, JSON.stringify(header) + "\n", { flag: "ax" }).catch((error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        });
      }
      await journal.#load(header, true);
    });
    return journal;
  }

  /** Re-reads the file (another process may have appended). */
  async refresh(): Promise<void> {
    await this.#load();
  }

  /** Every entry after the header, oldest first. */
  get entries(): readonly JournalEntry[] {
    return this.#entries;
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

  /** Admissions neither committed nor in conflict yet, oldest first. */
  pending(): PendingAdmission[] {
    const settled = this.#settled;
    return this.#entries
      .filter((e): e is AdmissionEntry => e.type === "admission" && !settled.has(e.tokenId))
      .map((e) => ({ proof: this.#proofOf(e), holder: e.holder, at: e.at }));
  }

  /** Journals a challenge this gate issued. */
  async recordChallenge(challenge: CheckInChallenge, now: number = Date.now()): Promise<void> {
    await this.#append({
      type: "challenge",
      nonce: challenge.nonce.toLowerCase(),
      expiry: challenge.expiry,
      at: Math.floor(now / 1000),
    });
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
    return await this.#withLock(async () => {
      await this.#load(undefined, true);
      this.assertAdmissible(proof);
      const entry: AdmissionEntry = {
        type: "admission",
        tokenId: proof.tokenId.toString(),
        nonce: proof.challenge.nonce.toLowerCase(),
        expiry: proof.challenge.expiry,
        signature: proof.signature,
        holder: getAddress(holder),
        at: Math.floor(now / 1000),
      };
      await this.#write(entry);
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
    const { tokenId, challenge } = proof;
    const issued = this.challenge(challenge.nonce);
    if (issued === undefined || issued.expiry !== challenge.expiry) {
      throw new UnknownChallengeError(tokenId, challenge.nonce);
    }
    const used = this.admissionByNonce(challenge.nonce);
    if (used !== undefined) throw new ProofReplayedError(tokenId, challenge.nonce, this.#firstOf(used));
    const admitted = this.admissionByToken(tokenId);
    if (admitted !== undefined) throw new TicketAlreadyAdmittedError(tokenId, this.#firstOf(admitted));
  }

  /** Journals a transaction sent to commit admissions. */
  async recordSubmitted(
    txHash: string,
    tokenIds: readonly bigint[],
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append({
      type: "submitted",
      txHash,
      tokenIds: tokenIds.map(String),
      at: Math.floor(now / 1000),
    });
  }

  /** Journals that an admission is on-chain. */
  async recordCommitted(
    tokenId: bigint,
    txHash: string,
    blockNumber: number,
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append({
      type: "committed",
      tokenId: tokenId.toString(),
      txHash,
      blockNumber,
      at: Math.floor(now / 1000),
    });
  }

  /** Journals that the chain will not take an admission, and why. */
  async recordConflict(
    tokenId: bigint,
    reason: string,
    first?: FirstAdmission,
    now: number = Date.now(),
  ): Promise<void> {
    await this.#append({
      type: "conflict",
      tokenId: tokenId.toString(),
      reason,
      ...(first === undefined ? {} : { first }),
      at: Math.floor(now / 1000),
    });
  }

  #firstOf(entry: AdmissionEntry): FirstAdmission {
    return { gate: this.gate, at: entry.at, nonce: entry.nonce, source: "journal" };
  }

  #proofOf(entry: AdmissionEntry): CheckInProof {
    return {
      challenge: {
        chainId: this.chainId,
        contract: this.contract,
        gate: this.gate,
        nonce: entry.nonce,
        expiry: entry.expiry,
      },
      tokenId: BigInt(entry.tokenId),
      signature: entry.signature,
    };
  }

  async #append(entry: JournalEntry): Promise<void> {
    await this.#withLock(async () => {
      await this.#load(undefined, true);
      await this.#write(entry);
    });
  }

  /** Appends and flushes one line (the caller holds the lock and has just read the file to its end). */
  async #write(entry: JournalEntry): Promise<void> {
    const line = JSON.stringify(entry) + "\n";
    const handle = await open(this.file, "a");
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.#offset += Buffer.byteLength(line, "utf8");
    this.#lines += 1;
    this.#index(entry);
  }

  /**
   * Reads what was appended since the last read (the whole file the first time, or if it shrank). A last line
   * without its newline is another process writing (left for the next read) or, with `repair` (only with the
   * lock held), what a crash mid-write left: it is cut off, so the next entry starts on a line of its own.
   */
  async #load(expected?: JournalHeader, repair = false): Promise<void> {
    const handle = await open(this.file, "r");
    let added: Buffer;
    try {
      const { size } = await handle.stat();
      if (size < this.#offset) this.#reset();
      added = Buffer.alloc(size - this.#offset);
      if (added.length > 0) await handle.read(added, 0, added.length, this.#offset);
    } finally {
      await handle.close();
    }
    const complete = added.lastIndexOf(0x0a) + 1;
    if (complete < added.length && repair) await truncate(this.file, this.#offset + complete);
    const lines = added.subarray(0, complete).toString("utf8").split("\n");
    lines.pop(); // after the last newline
    for (const line of lines) {
      this.#lines += 1;
      const number = this.#lines;
      this.#offset += Buffer.byteLength(line, "utf8") + 1;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (cause) {
        throw new CorruptJournalError(this.file, number, cause);
      }
      if (number === 1) {
        this.#checkHeader(value, expected ?? this.#header());
        continue;
      }
      if (!isEntry(value)) throw new CorruptJournalError(this.file, number);
      this.#index(value);
    }
  }

  #reset(): void {
    this.#offset = 0;
    this.#lines = 0;
    this.#entries = [];
    this.#challenges.clear();
    this.#admissionsByNonce.clear();
    this.#admissionsByToken.clear();
    this.#settled.clear();
  }

  #index(entry: JournalEntry): void {
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

  #header(): JournalHeader {
    return {
      type: "journal",
      version: 1,
      gate: this.gate,
      chainId: this.chainId.toString(),
      contract: this.contract,
    };
  }

  #checkHeader(value: unknown, expected: JournalHeader): void {
    const h = value as Partial<JournalHeader> | null;
    if (h?.type !== "journal" || h.version !== 1) throw new CorruptJournalError(this.file, 1);
    for (const field of ["gate", "chainId", "contract"] as const) {
      if (String(h[field]) !== expected[field]) {
        throw new JournalMismatchError(this.file, field, String(h[field]), expected[field]);
      }
    }
  }

  /** Runs `fn` holding `<file>.lock` (created exclusively; a lock left by a dead process is taken over). */
  async #withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = `${this.file}.lock`;
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        const handle = await open(lock, "wx");
        await handle.write(String(process.pid));
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (await staleLock(lock)) {
          await unlink(lock).catch(() => undefined);
          continue;
        }
        if (Date.now() > deadline) throw new Error(`${lock}: still locked after ${LOCK_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }
}

async function staleLock(lock: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number((await readFile(lock, "utf8")).trim());
  } catch {
    return false; // gone already, or being written: try again
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function isEntry(value: unknown): value is JournalEntry {
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
