import {
  closeSync,
  constants,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";

import { PapercutError } from "./errors.js";

/** What a lock file says about the process holding it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When it was taken (ISO 8601). */
  at: string;
}

/**
 * Names a lock's holder for a message: "process 123", "process 123 on other-host", or, when the lock could not be
 * read yet, "a process starting now".
 *
 * @param holder The holder from {@link tryLock}, if known.
 * @returns The words to use.
 * @example
 * `another airdrop (${describeHolder(attempt.holder)}) is running`
 */
export function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return "a process starting now";
  return holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
}

export type TryLockReturnType = { acquired: true } | { acquired: false; holder: LockHolder | undefined };

/** A lock file whose contents cannot be read is taken to be being written for this long, then to be stale. */
const UNREADABLE_GRACE_MS = 10_000;

/**
 * Tries once to take a lock file, created exclusively, holding `{pid, host, at}`. A lock whose process is gone (same
 * host, no such pid) is taken over; taking over is safe against another process doing the same at the same moment
 * (the stale file is renamed aside first, and only the one that moved the stale file goes on). A lock from another
 * host is never taken over: we cannot tell whether its process is alive.
 *
 * @param lock The lock file's path (its folder must exist).
 * @returns `acquired: true`, or who holds it (`undefined` when the file cannot be read yet).
 * @example
 * const attempt = tryLock(`${journal}.lock`);
 * if (!attempt.acquired) throw new JournalLockedError(journal, attempt.holder);
 */
export function tryLock(lock: string): TryLockReturnType {
  for (let tries = 0; tries < 5; tries++) {
    let fd: number;
    try {
      fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const seen = readLock(lock);
      if (seen === undefined) continue; // released meanwhile
      if (!isStale(lock, seen))
        return { acquired: false, holder: typeof seen === "string" ? undefined : seen };
      takeOver(lock, seen);
      continue;
    }
    try {
      const holder: LockHolder = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
      writeSync(fd, JSON.stringify(holder));
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(lock, { force: true }); // an empty lock would hold others off for nothing
      throw error;
    }
    closeSync(fd);
    return { acquired: true };
  }
  return { acquired: false, holder: undefined };
}

/**
 * Releases a lock taken with {@link tryLock} (or {@link withFileLock}).
 *
 * @param lock The lock file's path.
 * @example
 * releaseLock(`${journal}.lock`);
 */
export function releaseLock(lock: string): void {
  rmSync(lock, { force: true });
}

export interface WithFileLockParameters {
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
  /** How often to look again while waiting. */
  pollMs?: number;
  /** Says what the lock protects, in the error when waiting times out. */
  purpose?: string;
  /** Told who holds the lock once the wait has lasted 3 s, and again every 15 s, so a long wait is never silent. */
  onWait?: (holder: LockHolder | undefined, waitedMs: number) => void;
}

/** Waiting for a lock held by another process took too long. */
export class LockTimeoutError extends PapercutError {
  override name = "LockTimeoutError";
  readonly lock: string;
  readonly holder: LockHolder | undefined;

  constructor(lock: string, holder: LockHolder | undefined, timeoutMs: number, purpose: string) {
    super(
      `${lock}: ${describeHolder(holder)} has held the ${purpose} lock for over ${Math.round(timeoutMs / 1000)} s`,
      {
        details: `wait for it to finish, or stop it; if no such process is running, delete ${lock}`,
      },
    );
    this.lock = lock;
    this.holder = holder;
  }
}

/**
 * Runs `fn` holding a lock file, waiting while another live process holds it (see {@link tryLock}).
 *
 * @param lock The lock file's path (its folder must exist).
 * @param fn What to run while holding it.
 * @returns What `fn` returned.
 * @throws {LockTimeoutError} when another process held it for longer than `timeoutMs`.
 * @example
 * await withFileLock(path.join(cacheDir, "build.lock"), () => build(), { purpose: "build" });
 */
export async function withFileLock<T>(
  lock: string,
  fn: () => Promise<T>,
  { timeoutMs = 5_000, pollMs = 5, purpose = "file", onWait }: WithFileLockParameters = {},
): Promise<T> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let told = 0;
  for (;;) {
    const attempt = tryLock(lock);
    if (attempt.acquired) break;
    const now = Date.now();
    if (now > deadline) throw new LockTimeoutError(lock, attempt.holder, timeoutMs, purpose);
    if (onWait !== undefined && now - started >= 3_000 && (told === 0 || now - told >= 15_000)) {
      told = now;
      onWait(attempt.holder, now - started);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await fn();
  } finally {
    releaseLock(lock);
  }
}

/** The lock's holder, its raw text when it is not a holder (being written, or foreign), or undefined if it is gone. */
function readLock(lock: string): LockHolder | string | undefined {
  let text: string;
  try {
    text = readFileSync(lock, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | number;
    // A bare process id: how the check-in journal wrote its lock before this format (always on this host).
    if (typeof value === "number") return { pid: value, host: hostname(), at: "" };
    if (
      typeof value === "object" &&
      value !== null &&
      Number.isSafeInteger(value.pid) &&
      typeof value.host === "string"
    ) {
      return { pid: value.pid!, host: value.host, at: typeof value.at === "string" ? value.at : "" };
    }
  } catch {
    // not JSON (yet)
  }
  return text;
}

function isStale(lock: string, seen: LockHolder | string): boolean {
  if (typeof seen === "string") {
    try {
      return Date.now() - statSync(lock).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
      return false; // gone: the next try creates it
    }
  }
  if (seen.host !== hostname()) return false;
  if (seen.pid === process.pid) return false;
  return seen.pid > 0 && !isAlive(seen.pid);
}

/**
 * Removes a stale lock without removing a fresh one that another process put there meanwhile: the file is renamed
 * aside (atomic, so only one process moves any given file), and if what was moved is not the stale lock that was
 * read, it is linked back (which fails, harmlessly, if yet another lock has appeared: that one then stands).
 */
function takeOver(lock: string, seen: LockHolder | string): void {
  const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it
    throw error;
  }
  const moved = readLock(aside);
  const same =
    typeof seen === "string"
      ? moved === seen
      : typeof moved === "object" &&
        moved.pid === seen.pid &&
        moved.host === seen.host &&
        moved.at === seen.at;
  if (!same) {
    try {
      linkSync(aside, lock);
    } catch {
      // a newer lock is in place already
    }
  }
  rmSync(aside, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
