export interface RateLimit {
  /** Requests allowed in a burst, and per window on average. */
  limit: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

export interface RateLimiterParameters extends RateLimit {
  /** The clock (milliseconds); tests inject a fake one. */
  now?: () => number;
  /** Most keys remembered; when exceeded, keys whose bucket has refilled are forgotten (default 100,000). */
  maxKeys?: number;
}

/** What {@link RateLimiter.take} decided. */
export interface RateDecision {
  allowed: boolean;
  /** When refused: milliseconds until one request is allowed again. */
  retryAfterMs: number;
}

/**
 * A token bucket per key (an IP, a link): `limit` requests at once, refilled at `limit` per `windowMs`.
 * In memory: a restart forgets. Node and browsers.
 *
 * @example
 * const perIp = new RateLimiter({ limit: 30, windowMs: 60_000 });
 * if (!perIp.take(ip).allowed) return tooManyRequests();
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor({ limit, windowMs, now = Date.now, maxKeys = 100_000 }: RateLimiterParameters) {
    if (!Number.isFinite(limit) || limit < 1)
      throw new RangeError(`rate limit ${limit}: expected at least 1`);
    if (!Number.isFinite(windowMs) || windowMs <= 0)
      throw new RangeError(`window ${windowMs} ms: expected > 0`);
    this.limit = limit;
    this.windowMs = windowMs;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  /** Takes one request from `key`'s bucket if it has one. */
  take(key: string): RateDecision {
    const now = this.#now();
    const rate = this.limit / this.windowMs;
    const bucket = this.#buckets.get(key) ?? { tokens: this.limit, at: now };
    bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    if (!this.#buckets.has(key)) {
      if (this.#buckets.size >= this.#maxKeys) this.#forgetRefilled(now, rate);
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / rate) };
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#buckets.size;
  }

  #forgetRefilled(now: number, rate: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * rate >= this.limit) this.#buckets.delete(key);
    }
  }
}

/**
 * Reads a rate limit written `N/SECONDS` (e.g. `5/600`: five requests per ten minutes).
 *
 * @returns The limit, or undefined when the text is malformed.
 * @example
 * parseRateLimit("30/60"); // { limit: 30, windowMs: 60000 }
 */
export function parseRateLimit(text: string): RateLimit | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const limit = Number(m[1]);
  const seconds = Number(m[2]);
  if (limit < 1 || seconds <= 0) return undefined;
  return { limit, windowMs: seconds * 1000 };
}
