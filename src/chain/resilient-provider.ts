import { errorCode, errorText, type Eip1193Provider } from "./eip1193.js";
import { RpcUnavailableError } from "./errors.js";

export interface CreateResilientProviderParameters {
  /** The provider to wrap (e.g. Hardhat's `connection.provider`). */
  provider: Eip1193Provider;
  /** Attempts per request, the first included. Default 8. */
  attempts?: number;
  /** First backoff delay; doubles on each retry, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /** A request that has not answered after this long counts as failed (and may still have reached the node). Default 30 s. */
  timeoutMs?: number;
  /** Called before each retry (for progress output and tests). */
  onRetry?: (info: { method: string; attempt: number; delayMs: number; error: unknown }) => void;
}

/** What the wrapper returns: an EIP-1193 provider, plus counters. */
export interface ResilientProvider extends Eip1193Provider {
  /** Requests retried so far, by cause. */
  readonly stats: { retries: number; timeouts: number };
}

/**
 * Wraps an EIP-1193 provider so that transport failures (timeouts, refused or dropped connections, HTTP 429
 * and 5xx, JSON-RPC "limit exceeded") are retried with exponential backoff and jitter. Errors the node gave
 * on purpose (reverts, "nonce too low", "already known", …) pass through at once. After the last attempt it
 * throws {@link RpcUnavailableError}.
 *
 * Retrying a broadcast is safe: a signed transaction sent twice is the same transaction (the node answers
 * "already known" or "nonce too low"), and the issuance code sends with explicit nonces and checks the chain
 * whenever an outcome is unknown.
 *
 * @param parameters The provider and the retry policy.
 * @returns The wrapped provider.
 * @example
 * const provider = createResilientProvider({ provider: connection.provider, attempts: 8 });
 * await provider.request({ method: "eth_blockNumber" });
 */
export function createResilientProvider({
  provider,
  attempts = 8,
  baseDelayMs = 250,
  maxDelayMs = 8_000,
  timeoutMs = 30_000,
  onRetry,
}: CreateResilientProviderParameters): ResilientProvider {
  const stats = { retries: 0, timeouts: 0 };
  const request = async (args: { method: string; params?: unknown[] | Record<string, unknown> }) => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await withTimeout(provider.request(args), timeoutMs);
      } catch (error) {
        if (error instanceof RequestTimeout) stats.timeouts++;
        else if (!isTransientRpcError(error)) throw error;
        lastError = error;
        if (attempt === attempts) break;
        const delayMs = Math.round(
          Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2),
        );
        stats.retries++;
        onRetry?.({ method: args.method, attempt, delayMs, error: lastError });
        await sleep(delayMs);
      }
    }
    throw new RpcUnavailableError(args.method, attempts, { cause: lastError });
  };
  return { request, stats };
}

class RequestTimeout extends Error {}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RequestTimeout(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Hardhat error numbers of transport failures: HHE703 connection refused, HHE704 network timeout. */
const TRANSIENT_HARDHAT_ERRORS = new Set(["HHE703", "HHE704"]);

const TRANSIENT_PATTERNS = [
  /rate limit/,
  /too many requests/,
  /timed? ?out/,
  /econnreset|econnrefused|epipe|socket hang up|other side closed|fetch failed|network error/,
  /unexpected status code/,
  /\b(429|500|502|503|504)\b/,
  /bad gateway|service unavailable|gateway timeout|internal server error/,
  /unexpected end of json|invalid json|unexpected token/,
];

/**
 * Whether an RPC error is a transport failure worth retrying (as opposed to an answer from the node).
 *
 * @param error What the provider threw.
 * @returns True for timeouts, refused/dropped connections, HTTP 429/5xx and JSON-RPC -32005 ("limit exceeded").
 * @example
 * if (isTransientRpcError(err)) await retry();
 */
export function isTransientRpcError(error: unknown): boolean {
  if (error instanceof RpcUnavailableError) return true;
  if (typeof error === "object" && error !== null) {
    const hardhatCode = (error as { errorCode?: unknown }).errorCode;
    if (typeof hardhatCode === "string" && TRANSIENT_HARDHAT_ERRORS.has(hardhatCode)) return true;
  }
  const code = errorCode(error);
  // -1: Hardhat's UnknownError for an HTTP-level failure; -32005: limit exceeded (429 after Hardhat's own retries).
  if (code === -1 || code === -32005) return true;
  // A JSON-RPC answer with another code came from the node on purpose: not transient.
  if (code !== undefined) return false;
  const text = errorText(error);
  return TRANSIENT_PATTERNS.some((pattern) => pattern.test(text));
}
