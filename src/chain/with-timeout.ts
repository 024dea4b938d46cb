import { ChainTimeoutError } from "./errors.js";

/**
 * Waits for a chain call at most `ms` milliseconds. The call itself is not cancelled: it may still finish, and
 * its result (or error) is then ignored, so give it nothing that writes after the caller stopped waiting.
 *
 * @param promise The call.
 * @param ms How long to wait, in milliseconds.
 * @returns What the call returned, if it answered in time.
 * @throws {ChainTimeoutError} If it did not; else whatever the call threw.
 * @example
 * const block = await withTimeout(provider.getBlockNumber(), 4_000);
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChainTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
