import type { Eip1193Provider } from "../../src/chain/eip1193.js";

export interface FaultyProviderOptions {
  /** Share of requests that fail, 0..1. */
  rate: number;
  seed?: number;
  /** Only these methods get faults (default: all). */
  methods?: readonly string[];
}

/**
 * An EIP-1193 provider in front of another that fails a share of requests the way a flaky HTTP endpoint does:
 * before the request reaches the node (refused), after the node processed it (the answer is lost), or with a
 * JSON-RPC rate-limit error. For fast in-process tests; the HTTP fault proxy covers the real thing.
 */
export function faultyProvider(inner: Eip1193Provider, { rate, seed = 7, methods }: FaultyProviderOptions) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const stats = { requests: 0, before: 0, after: 0, limited: 0, afterOnSend: 0 };
  const provider: Eip1193Provider = {
    request: async (args) => {
      stats.requests++;
      const eligible = methods === undefined || methods.includes(args.method);
      const roll = eligible && random() < rate ? random() : undefined;
      if (roll !== undefined && roll < 0.35) {
        stats.before++;
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1"), { code: "ECONNREFUSED" });
      }
      if (roll !== undefined && roll < 0.5) {
        stats.limited++;
        throw Object.assign(new Error("limit exceeded"), { code: -32005 });
      }
      const result = await inner.request(args);
      if (roll !== undefined) {
        stats.after++;
        if (args.method === "eth_sendTransaction" || args.method === "eth_sendRawTransaction")
          stats.afterOnSend++;
        throw Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
      }
      return result;
    },
  };
  return { provider, stats };
}
