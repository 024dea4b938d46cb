import { closeSync, openSync, readdirSync, renameSync } from "node:fs";
import path from "node:path";

import {
  createMemoryStore,
  openAppendOnlyFile,
  readLinesInPieces,
  type AppendOnlyStore,
  type StoredLine,
} from "../journal/append-only-file.js";
import { JournalMismatchError } from "../journal/errors.js";
import { JournalLockedError } from "./errors.js";

/** How the sender signs: a local key, the node signing for an unlocked account, or the node sending for it. */
export type SigningMode = "key" | "node-sign" | "node-send";

/** The plan, written once before the first send. Bigints are decimal strings. */
export interface PlanEntry {
  t: "plan";
  v: 1;
  at: string;
  chainId: string;
  /** Hash of block 0: tells this chain history from a restarted dev node's. */
  genesis: string;
  contract: string;
  /** The attendee file's base name and SHA-256. */
  file: string;
  fileHash: string;
  sender: string;
  signing: SigningMode;
  startId: string;
  counts: number[];
  planHash: string;
  totalTickets: number;
  /** A block before any of this airdrop's transactions: logs are searched from here. */
  fromBlock: number;
  /** The gas model the batches were sized with: per transaction and per ticket. */
  baseGas: string;
  gasPerTicket: string;
  /**
   * Tickets of the list left out of the plan because the chain already showed them minted to the address when it
   * was made (a re-plan after a journal was set aside): `[address, tickets]`, lowercase. Absent with
   * `--allow-repeat`, and when nothing was on-chain.
   */
  excluded?: [string, number][];
}

/**
 * One transaction for a batch, written and fsynced before it is broadcast: with `raw` and `hash` when it was
 * signed first (a local key, or a node that signs), else the intended nonce and fees only (`node-send`: the
 * hash follows in a `sent` entry once the node answers).
 */
export interface AttemptEntry {
  t: "attempt";
  at: string;
  batch: number;
  attempt: number;
  nonce: number;
  gasLimit: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  hash?: string;
  raw?: string;
  /** The first token ID the transaction names (absent in journals written before batches could move). */
  firstTokenId?: string;
}

/**
 * A transaction that is not this airdrop's (a claim, another minter) minted batch `batch`'s first token `from`:
 * this batch and every one after it now start `to - from` later. Written before anything is sent at the new ID, so
 * a resume derives the same plan (see `applyShifts`); the evidence is the mint of `from` as the chain recorded it.
 */
export interface ShiftEntry {
  t: "shift";
  at: string;
  batch: number;
  from: string;
  to: string;
  mint: { transactionHash: string; blockNumber: number; to: string; operator?: string };
}

/** The node accepted an attempt (`node-send` mode: this is where its hash first appears). */
export interface SentEntry {
  t: "sent";
  at: string;
  batch: number;
  attempt: number;
  hash: string;
}

/** A batch is on-chain with the required confirmations, verified against the plan. */
export interface MinedEntry {
  t: "mined";
  at: string;
  batch: number;
  hash: string;
  blockNumber: number;
  blockHash: string;
  gasUsed: string;
  effectiveGasPrice: string;
  /** Blocks on top of and including the batch's block when it was recorded. */
  confirmations: number;
}

/** Every batch is on-chain. */
export interface DoneEntry {
  t: "done";
  at: string;
}

export type JournalEntry = PlanEntry | AttemptEntry | ShiftEntry | SentEntry | MinedEntry | DoneEntry;

/** An append-only, durable record of one airdrop. */
export interface Journal {
  /** The file, or "(memory)". */
  readonly location: string;
  /** Every entry so far, oldest first. */
  entries(): readonly JournalEntry[];
  /** Appends one entry and returns once it is on disk (fsync). */
  append(entry: JournalEntry): void;
  /**
   * The signed transaction of an attempt, read again from the file if it was set aside in memory (see
   * {@link RAW_KEPT_BATCHES}); undefined if it never had one.
   */
  rawOf(batch: number, attempt: number): string | undefined;
  /** Releases the journal's lock. */
  close(): void;
}

export interface JournalPathParameters {
  /** The state folder (default `.papercut`). */
  stateDir: string;
  chainId: bigint;
  contract: string;
  fileHash: string;
}

/**
 * Where the journal of an airdrop lives: one per chain, contract and attendee-file hash.
 *
 * @returns `<stateDir>/journal/chain-<id>/<contract>/<fileHash>.jsonl`
 * @example
 * journalPath({ stateDir: ".papercut", chainId: 31337n, contract, fileHash });
 */
export function journalPath({ stateDir, chainId, contract, fileHash }: JournalPathParameters): string {
  return path.join(stateDir, "journal", `chain-${chainId}`, contract.toLowerCase(), `${fileHash}.jsonl`);
}

/**
 * An in-memory journal, for ephemeral networks (nothing there survives the process anyway) and tests.
 *
 * @returns The journal.
 * @example
 * const journal = createMemoryJournal();
 */
export function createMemoryJournal(initial: readonly JournalEntry[] = []): Journal {
  return journalOver(createMemoryStore(initial.map((entry) => JSON.stringify(entry))), [...initial]);
}

/**
 * Opens (creating if needed) an airdrop's journal file and locks it against a second process. JSON lines,
 * append-only; each append is fsynced before it returns. A torn last line (the process died while writing it)
 * is dropped: the broadcast it preceded never happened.
 *
 * @param file The journal path (see {@link journalPath}).
 * @returns The journal.
 * @throws {JournalLockedError} when another live process holds it.
 * @example
 * const journal = openFileJournal(journalPath({ stateDir, chainId, contract, fileHash }));
 */
export function openFileJournal(file: string): Journal {
  const store = openAppendOnlyFile(file, {
    lock: "held",
    lockedError: (holder) => new JournalLockedError(file, holder),
  });
  try {
    // Read 8 MiB at a time; a signed transaction of a batch more than RAW_KEPT_BATCHES below the highest mined one
    // so far is dropped as it is read (the final trim would drop it anyway), so the journal is never held whole.
    // A torn last line is cut off: the entry never completed, so whatever it announced was never broadcast.
    const list: JournalEntry[] = [];
    let mined = -1;
    store.read({
      repair: true,
      onLine: (line) => {
        for (const entry of parseEntries(file, [line])) {
          if (entry.t === "mined" && entry.batch > mined) mined = entry.batch;
          if (entry.t === "attempt" && entry.batch <= mined - RAW_KEPT_BATCHES) delete entry.raw;
          list.push(entry);
        }
      },
    });
    return journalOver(store, list, file);
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * Reads a journal file without locking it (for `tickets status`, dry runs and reports), 8 MiB at a time
 * ({@link readLinesInPieces}), so a
 * million-ticket airdrop's journal (over 100 MB, nearly all signed transactions) is never one string in memory.
 *
 * @param file The journal path.
 * @param options `raw: false` leaves out the signed transactions (`raw` of attempts), which only a send needs.
 * @returns Its entries, or an empty list if it does not exist.
 * @throws {JournalMismatchError} when a complete line is not valid JSON.
 * @example
 * const entries = readJournal(path, { raw: false });
 */
export function readJournal(file: string, { raw = true }: { raw?: boolean } = {}): JournalEntry[] {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries: JournalEntry[] = [];
  const keep = (entry: JournalEntry) => {
    if (!raw && entry.t === "attempt") delete entry.raw;
    entries.push(entry);
  };
  try {
    const { tail } = readLinesInPieces(fd, { start: 0, firstNumber: 1 }, (line) => {
      for (const entry of parseEntries(file, [line])) keep(entry);
    });
    // A last line without its newline is being written, or was torn by a crash: kept if it is whole JSON.
    const last = parseLine(tail.toString("utf8"));
    if (last !== undefined) keep(last);
  } finally {
    closeSync(fd);
  }
  return entries;
}

/**
 * The unfinished airdrops of a contract: journals in the same folder (same chain and contract) that have a plan but
 * no `done` entry, other than `except`.
 *
 * @param dir The folder of a journal (`path.dirname(journalPath(...))`).
 * @param exceptFileHash The attendee-file hash of the airdrop being started.
 * @returns Their plan entries and paths.
 * @example
 * const others = unfinishedJournals(path.dirname(file), attendees.fileHash);
 */
export function unfinishedJournals(dir: string, exceptFileHash: string): { file: string; plan: PlanEntry }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter(
      (n) => /^[0-9a-f]{64}\.jsonl$/.test(n) && n !== `${exceptFileHash}.jsonl`,
    );
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = path.join(dir, name);
    const entries = readJournal(file, { raw: false });
    const plan = entries.find((e): e is PlanEntry => e.t === "plan");
    return plan !== undefined && !entries.some((e) => e.t === "done") ? [{ file, plan }] : [];
  });
}

/**
 * Moves a journal aside (`<name>.stale-<time>.jsonl`), e.g. when it belongs to a dev node that was restarted.
 *
 * @param file The journal path.
 * @returns The new path.
 * @example
 * const moved = archiveJournal(path);
 */
export function archiveJournal(file: string): string {
  const target = file.replace(/\.jsonl$/, `.stale-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`);
  renameSync(file, target);
  return target;
}

/**
 * Signed transactions (`raw`, about 64 bytes per ticket) are kept in memory only for the batches not yet mined and
 * the last this many mined ones (a reorganisation could make them pending again): the file keeps them all, and a
 * million-ticket airdrop would otherwise hold every one of them (about 130 MB).
 */
export const RAW_KEPT_BATCHES = 64;

/** The airdrop journal over a store: entries parsed once, then each append written durably and kept. */
function journalOver(store: AppendOnlyStore, list: JournalEntry[], file?: string): Journal {
  let closed = false;
  let mined = -1;
  const forgetOldRaws = () => {
    const below = mined - RAW_KEPT_BATCHES;
    if (file === undefined) return; // nowhere to read them again from
    for (const e of list) if (e.t === "attempt" && e.raw !== undefined && e.batch <= below) delete e.raw;
  };
  for (const e of list) if (e.t === "mined" && e.batch > mined) mined = e.batch;
  forgetOldRaws();
  return {
    location: store.location,
    entries: () => list,
    append: (entry) => {
      if (closed) throw new Error("journal is closed");
      store.append(JSON.stringify(entry));
      list.push(structuredClone(entry));
      if (entry.t === "mined" && entry.batch > mined) {
        mined = entry.batch;
        forgetOldRaws();
      }
    },
    rawOf: (batch, attempt) => {
      const find = (entries: readonly JournalEntry[]) =>
        entries.find(
          (e): e is AttemptEntry => e.t === "attempt" && e.batch === batch && e.attempt === attempt,
        )?.raw;
      return find(list) ?? (file === undefined ? undefined : find(readJournal(file)));
    },
    close: () => {
      closed = true;
      store.close();
    },
  };
}

function parseEntries(file: string, lines: readonly StoredLine[]): JournalEntry[] {
  return lines.flatMap(({ number, text }) => {
    if (text === "") return [];
    const entry = parseLine(text);
    if (entry === undefined) {
      throw new JournalMismatchError(
        file,
        `line ${number} is not valid JSON (the file was edited or damaged)`,
        "damaged",
      );
    }
    return [entry];
  });
}

function parseLine(text: string): JournalEntry | undefined {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as JournalEntry;
  } catch {
    return undefined;
  }
}
