import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import path from "node:path";

import { releaseLock, tryLock, withFileLock, type LockHolder } from "../file-lock.js";

/** One complete line of an append-only store, with its 1-based line number. */
export interface StoredLine {
  number: number;
  text: string;
}

/** What {@link AppendOnlyStore.read} found since the previous read. */
export interface ReadLinesReturnType {
  /** Every complete line (ending in a newline) added since the previous read, oldest first; blank lines too. */
  lines: StoredLine[];
  /**
   * The store shrank since the previous read (it was replaced or truncated): `lines` starts again from its
   * first line, and whatever the caller built from earlier reads is void.
   */
  restarted: boolean;
  /** The text after the last newline: a line still being written, or torn by a crash ("" when none). */
  tail: string;
}

/** How {@link AppendOnlyStore.read} reads. */
export interface ReadOptions {
  /** Cut a torn last line off the store (only while holding the lock). */
  repair?: boolean;
  /**
   * Told of each complete line as it is read (8 MiB of the file at a time), instead of the lines being returned
   * (`lines` is then empty): a reader that keeps only part of each line never holds the whole file.
   */
  onLine?: (line: StoredLine) => void;
}

/**
 * An append-only store of text lines, read incrementally: a file ({@link openAppendOnlyFile}) or memory
 * ({@link createMemoryStore}). Both journals (the airdrop's and the gate's) keep their entries in one, one JSON
 * value a line.
 */
export interface AppendOnlyStore {
  /** The file, or "(memory)". */
  readonly location: string;
  /**
   * Reads what was appended since the previous read (everything, the first time). A last line without its
   * newline is left out (in `tail`); with `repair` (only while holding the lock) it is cut off the store, so the
   * next append starts on a line of its own.
   */
  read(options?: ReadOptions): ReadLinesReturnType;
  /** Appends one line (without its newline) and returns once it is durable (fsync). */
  append(text: string): void;
  /**
   * Writes the store's first line if the store does not exist yet (exclusively: of two processes doing this at
   * once, one writes it), durably.
   *
   * @returns Whether this call created it.
   */
  create(firstLine: string): boolean;
  /** Releases the store's lock, if {@link openAppendOnlyFile} took one; appending afterwards throws. */
  close(): void;
}

export interface OpenAppendOnlyFileParameters {
  /**
   * `held`: take `<file>.lock` now, once, and keep it until {@link AppendOnlyStore.close} (a single writer, e.g.
   * an airdrop); `none`: take no lock here (readers, or writers that lock each check-and-append with
   * {@link withAppendLock}).
   */
  lock?: "held" | "none";
  /** The error to throw when `lock: "held"` finds the lock held by another live process. */
  lockedError?: (holder: LockHolder | undefined) => Error;
}

/**
 * Opens an append-only file of lines (the file itself is created by the first append or {@link
 * AppendOnlyStore.create}, so a run that fails before writing leaves nothing). Each append is written with
 * `O_APPEND` and fsynced before it returns; the folder is fsynced when the file is created.
 *
 * @param file The file's path (its folder is created if needed).
 * @param parameters Whether to hold `<file>.lock` while open.
 * @returns The store.
 * @throws What `lockedError` returns (by default a plain `Error`) when another live process holds the lock.
 * @example
 * const store = openAppendOnlyFile(file, { lock: "held", lockedError: (h) => new JournalLockedError(file, h) });
 * const { lines } = store.read({ repair: true });
 * store.append(JSON.stringify(entry));
 * store.close();
 */
export function openAppendOnlyFile(
  file: string,
  { lock = "none", lockedError }: OpenAppendOnlyFileParameters = {},
): AppendOnlyStore {
  const lockFile = lockPath(file);
  if (lock === "held") {
    mkdirSync(path.dirname(file), { recursive: true });
    const attempt = tryLock(lockFile);
    if (!attempt.acquired) {
      throw lockedError?.(attempt.holder) ?? new Error(`${file}: locked by another process`);
    }
  }
  /** Bytes read so far: always the end of a complete line. */
  let offset = 0;
  /** Lines read so far (for line numbers). */
  let count = 0;
  let closed = false;

  const store: AppendOnlyStore = {
    location: file,
    read: ({ repair = false, onLine } = {}) => {
      // A file not there yet reads as empty; one that vanished after we read from it is an error.
      const fd = offset === 0 ? openExisting(file, flags(repair)) : openSync(file, flags(repair));
      if (fd === undefined) return { lines: [], restarted: false, tail: "" };
      let restarted = false;
      try {
        const { size } = fstatSync(fd);
        if (size < offset) {
          offset = 0;
          count = 0;
          restarted = true;
        }
        const lines: StoredLine[] = [];
        const read = readLinesInPieces(fd, { start: offset, end: size, firstNumber: count + 1 }, (line) =>
          onLine === undefined ? lines.push(line) : onLine(line),
        );
        if (read.tail.length > 0 && repair) {
          ftruncateSync(fd, read.end);
          fsyncSync(fd);
        }
        offset = read.end;
        count = read.lastNumber;
        return { lines, restarted, tail: read.tail.toString("utf8") };
      } finally {
        closeSync(fd);
      }
    },
    append: (text) => {
      if (closed) throw new Error(`${file}: closed`);
      const bytes = Buffer.from(text + "\n", "utf8");
      const end = appendDurably(file, bytes, false)!;
      // Only when the caller had read to the end does the read position follow the write; otherwise the next
      // read returns this line along with what others appended before it.
      if (offset === end - bytes.length) {
        offset = end;
        count += 1;
      }
    },
    create: (firstLine) => {
      if (closed) throw new Error(`${file}: closed`);
      return appendDurably(file, Buffer.from(firstLine + "\n", "utf8"), true) !== undefined;
    },
    close: () => {
      if (closed) return;
      closed = true;
      if (lock === "held") releaseLock(lockFile);
    },
  };
  return store;
}

/** What {@link readLinesInPieces} read. */
export interface ReadLinesInPiecesReturnType {
  /** The offset just after the last complete line. */
  end: number;
  /** The number of the last complete line (`firstNumber - 1` when none). */
  lastNumber: number;
  /** The bytes after the last newline (a line being written, or torn). */
  tail: Buffer;
}

/** The size of one piece {@link readLinesInPieces} reads. */
export const READ_PIECE_BYTES = 8 << 20;

/**
 * Reads the complete lines of an open file from `start` to `end` (default: its end), {@link READ_PIECE_BYTES} at
 * a time, handing each to `onLine`: the one piece reader of the journals and of large CSV files (see
 * `readCsvFileInPieces`), so a file of any size (a million-ticket airdrop's journal is over 60 MB, a million
 * claim links 1 GB) is never one buffer or string in memory.
 *
 * @param fd An open file.
 * @param range Where to start and stop, the number of the first line, and the piece size (default
 *   {@link READ_PIECE_BYTES}; tests use small pieces to cross their boundaries).
 * @param onLine Told of each complete line (without its newline), in order.
 * @returns Where the complete lines end, the last line's number and the tail.
 * @example
 * const { end, tail } = readLinesInPieces(fd, { start: 0, firstNumber: 1 }, (line) => lines.push(line));
 */
export function readLinesInPieces(
  fd: number,
  {
    start,
    end = Number.POSITIVE_INFINITY,
    firstNumber,
    pieceBytes = READ_PIECE_BYTES,
  }: { start: number; end?: number; firstNumber: number; pieceBytes?: number },
  onLine: (line: StoredLine) => void,
): ReadLinesInPiecesReturnType {
  const piece = Buffer.alloc(Math.max(1, Math.min(pieceBytes, end - start)));
  let carry = Buffer.alloc(0);
  let position = start;
  let done = start;
  let number = firstNumber - 1;
  while (position < end) {
    const read = readSync(fd, piece, 0, Math.min(piece.length, end - position), position);
    if (read === 0) break;
    position += read;
    const data =
      carry.length === 0 ? piece.subarray(0, read) : Buffer.concat([carry, piece.subarray(0, read)]);
    let from = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, from)) {
      onLine({ number: ++number, text: data.toString("utf8", from, nl) });
      from = nl + 1;
    }
    done += from;
    carry = Buffer.from(data.subarray(from));
  }
  return { end: done, lastNumber: number, tail: carry };
}

/**
 * An in-memory append-only store (for ephemeral networks, where nothing survives the process anyway, and tests),
 * with the same reading rules as a file.
 *
 * @param initial Lines already in it.
 * @returns The store.
 * @example
 * const store = createMemoryStore();
 * store.append('{"t":"done"}');
 */
export function createMemoryStore(initial: readonly string[] = []): AppendOnlyStore {
  const all = [...initial];
  let read = 0;
  return {
    location: "(memory)",
    read: () => {
      const lines = all.slice(read).map((text, i) => ({ number: read + i + 1, text }));
      read = all.length;
      return { lines, restarted: false, tail: "" };
    },
    append: (text) => {
      if (read === all.length) read += 1;
      all.push(text);
    },
    create: (firstLine) => {
      if (all.length > 0) return false;
      all.push(firstLine);
      return true; // left for the first read, as in a file
    },
    close: () => {},
  };
}

/**
 * Runs `fn` holding an append-only file's lock (`<file>.lock`, see {@link withFileLock}: a lock left by a dead
 * process is taken over), for writers that lock each check-and-append rather than the whole session.
 *
 * @param file The store's file.
 * @param fn What to run while holding it.
 * @param options How long to wait, and what the lock is for (in the timeout error).
 * @returns What `fn` returned.
 * @example
 * await withAppendLock(file, async () => { store.read({ repair: true }); store.append(line); });
 */
export async function withAppendLock<T>(
  file: string,
  fn: () => T | Promise<T>,
  options: { timeoutMs?: number; purpose?: string } = {},
): Promise<T> {
  return await withFileLock(lockPath(file), async () => await fn(), options);
}

function flags(repair: boolean): number {
  return repair ? constants.O_RDWR : constants.O_RDONLY;
}

function lockPath(file: string): string {
  return `${file}.lock`;
}

function openExisting(file: string, flags: number): number | undefined {
  try {
    return openSync(file, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Appends `text` and fsyncs it (and the folder, when this created the file).
 *
 * @returns The file's size after the write, or undefined when `exclusive` found the file there already.
 */
function appendDurably(file: string, bytes: Buffer, exclusive: boolean): number | undefined {
  let fd = openExisting(file, constants.O_WRONLY | constants.O_APPEND);
  let created = false;
  if (fd === undefined) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      fd = openSync(
        file,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL,
        0o600,
      );
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      fd = openSync(file, constants.O_WRONLY | constants.O_APPEND);
    }
  }
  let end: number;
  try {
    if (exclusive && !created) return undefined;
    writeSync(fd, bytes);
    fsyncSync(fd);
    end = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  if (created) fsyncDir(path.dirname(file));
  return end;
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some platforms cannot fsync a directory; the file's own fsync still holds its content
  }
}
