import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

import type { Eip1193Provider } from "../../src/chain/eip1193.js";
import { INDEX_METHODS, laggingIndexes, type LaggingIndexesStats } from "./lagging-indexes.js";

/**
 * - `delay`: forwards after 0.2–1.5 s;
 * - `drop-request`: closes the connection without forwarding;
 * - `http-429`: answers 429 (half with `Retry-After: 0`, half without);
 * - `http-500`: answers 500 (or 502/503);
 * - `rpc-limit`: answers JSON-RPC error -32005 "limit exceeded";
 * - `drop-response`: forwards, waits for the node's answer, then closes the connection without answering.
 */
export type FaultKind = "delay" | "drop-request" | "http-429" | "http-500" | "rpc-limit" | "drop-response";

export const ALL_FAULTS: readonly FaultKind[] = [
  "delay",
  "drop-request",
  "http-429",
  "http-500",
  "rpc-limit",
  "drop-response",
];

export interface FaultProxyOptions {
  /** The node's URL. */
  target: string;
  /** Share of requests that get a fault, 0..1. */
  faultRate: number;
  kinds?: readonly FaultKind[];
  /** PRNG seed, so a failing run can be replayed. */
  seed?: number;
  /** A fault forced on the first transaction broadcast, whatever the rate. */
  firstSendFault?: FaultKind;
  /**
   * Serve each new block's receipts, logs and number only this long after the proxy first sees it, while state
   * reads answer at once (see {@link laggingIndexes}): a node whose indexes trail its state.
   */
  lagIndexesMs?: number;
}

export interface FaultProxy {
  url: string;
  /** Requests seen, faults injected by kind, and faults on transaction-sending methods. */
  stats: {
    requests: number;
    faults: Record<FaultKind, number>;
    sendFaults: number;
    methods: Record<string, number>;
  };
  /** What the index lag hid (all zero without `lagIndexesMs`). */
  lag: LaggingIndexesStats;
  setFaultRate(rate: number): void;
  stop(): Promise<void>;
}

const SEND_METHODS = new Set(["eth_sendRawTransaction", "eth_sendTransaction"]);

/**
 * An HTTP JSON-RPC proxy on 127.0.0.1 in front of a node that injects faults at a given rate: delays, dropped
 * requests, 429/5xx answers, JSON-RPC rate-limit errors, and dropped responses after the node processed the
 * request (the "did my transaction go through?" case).
 */
export async function startFaultProxy({
  target,
  faultRate,
  kinds = ALL_FAULTS,
  seed = 1,
  firstSendFault,
  lagIndexesMs,
}: FaultProxyOptions): Promise<FaultProxy> {
  let forced = firstSendFault;
  let rate = faultRate;
  const random = mulberry32(seed);
  const faults = Object.fromEntries(ALL_FAULTS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const stats = { requests: 0, faults, sendFaults: 0, methods: {} as Record<string, number> };
  const sockets = new Set<Socket>();

  const forward = async (body: string) => {
    const response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    return { status: response.status, text: await response.text() };
  };
  const upstream: Eip1193Provider = {
    request: async ({ method, params }) => {
      const answer = await forward(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }));
      const parsed = JSON.parse(answer.text) as { result?: unknown; error?: unknown };
      if (parsed.error !== undefined) throw new UpstreamError(answer.status, parsed.error);
      return parsed.result;
    },
  };
  const lag =
    lagIndexesMs === undefined
      ? { provider: upstream, stats: { hiddenReceipts: 0, hiddenLogs: 0, laggedBlockNumbers: 0 } }
      : laggingIndexes(upstream, { lagMs: lagIndexesMs });
  /** The node's answer, through the index lag when it applies to this request. */
  const answerFor = async (body: string, method: string, id: unknown, params: unknown) => {
    if (lagIndexesMs === undefined || !INDEX_METHODS.has(method)) return await forward(body);
    try {
      const result = await lag.provider.request({ method, params: params as unknown[] });
      return { status: 200, text: JSON.stringify({ jsonrpc: "2.0", id, result }) };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return { status: error.status, text: JSON.stringify({ jsonrpc: "2.0", id, error: error.error }) };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    stats.requests++;
    let method = "?";
    let id: unknown = null;
    let params: unknown = [];
    try {
      const parsed = JSON.parse(body) as { method?: string; id?: unknown; params?: unknown };
      method = parsed.method ?? "?";
      id = parsed.id ?? null;
      params = parsed.params ?? [];
    } catch {
      // not JSON: forwarded as is
    }
    stats.methods[method] = (stats.methods[method] ?? 0) + 1;
    let fault = random() < rate ? kinds[Math.floor(random() * kinds.length)] : undefined;
    if (forced !== undefined && SEND_METHODS.has(method)) {
      fault = forced;
      forced = undefined;
    }
    if (fault !== undefined) {
      faults[fault]++;
      if (SEND_METHODS.has(method)) stats.sendFaults++;
    }
    switch (fault) {
      case "drop-request":
        req.socket.destroy();
        return;
      case "http-429":
        res.writeHead(429, random() < 0.5 ? { "retry-after": "0" } : {});
        res.end("rate limited");
        return;
      case "http-500":
        res.writeHead([500, 502, 503][Math.floor(random() * 3)]!);
        res.end("upstream error");
        return;
      case "rpc-limit":
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32005, message: "limit exceeded" } }));
        return;
      case "delay":
        await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * 1300)));
        break;
      default:
        break;
    }
    const answer = await answerFor(body, method, id, params);
    if (fault === "drop-response") {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    lag: lag.stats,
    setFaultRate: (r) => {
      rate = r;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A JSON-RPC error the node answered, carried through the lag wrapper unchanged. */
class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly error: unknown,
  ) {
    super("upstream JSON-RPC error");
  }
}

/** A small seeded PRNG (mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
