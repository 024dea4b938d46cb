import path from "node:path";

import { PapercutError } from "../errors.js";
import { describeHolder, type LockHolder } from "../file-lock.js";
import { openAppendOnlyFile, type AppendOnlyStore } from "../journal/append-only-file.js";

/** Another relayer process holds this spending journal: two relayers on one budget would each spend it. */
export class RelayJournalLockedError extends PapercutError {
  override name = "RelayJournalLockedError";
  readonly journal: string;

  /** @param holder Who holds the journal's lock, when its lock file could be read. */
  constructor(journal: string, holder: LockHolder | undefined) {
    super(`another relayer (${describeHolder(holder)}) is spending from ${journal}`, {
      details: "stop it first (one relayer per claims contract and budget); this one sent nothing",
    });
    this.journal = journal;
  }
}

export interface SpendingJournalPathParameters {
  /** The state folder (default `.papercut`). */
  stateDir: string;
  chainId: bigint;
  /** The claims contract. */
  contract: string;
  /** Hash of block 0: a restarted dev node (same chain id, new history) gets a journal of its own. */
  genesis: string;
}

/**
 * Where a claim relayer keeps what it spent: one journal per chain history and claims contract.
 *
 * @returns `<stateDir>/relay/chain-<id>/<contract>-<first 8 hex digits of the genesis hash>.spending.jsonl`
 * @example
 * spendingJournalPath({ stateDir: ".papercut", chainId: 31337n, contract, genesis });
 */
export function spendingJournalPath({
  stateDir,
  chainId,
  contract,
  genesis,
}: SpendingJournalPathParameters): string {
  return path.join(
    stateDir,
    "relay",
    `chain-${chainId}`,
    `${contract.toLowerCase()}-${genesis.slice(2, 10).toLowerCase()}.spending.jsonl`,
  );
}

/**
 * Opens a relayer's spending journal (append-only JSON lines, each fsynced; see {@link SpendingCap}) and holds its
 * lock until the cap is closed, so one budget is spent by one relayer at a time.
 *
 * @param file The journal (see {@link spendingJournalPath}).
 * @returns The store to give `SpendingCap` (through `ClaimRelayer`'s `spendingJournal`).
 * @throws {RelayJournalLockedError} when another live relayer holds it.
 * @example
 * const relayer = new ClaimRelayer({ claims, chainId, spendingCapWei, spendingJournal: openSpendingJournal(file) });
 */
export function openSpendingJournal(file: string): AppendOnlyStore {
  return openAppendOnlyFile(file, {
    lock: "held",
    lockedError: (holder) => new RelayJournalLockedError(file, holder),
  });
}
