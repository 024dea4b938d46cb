import type { IncomingMessage, ServerResponse } from "node:http";

import type { Eip1193Provider } from "../chain/eip1193.js";
import { readBody } from "../http/read-body.js";

/**
 * What the pages ask a node for: reads, fee estimates and already-signed transactions. Nothing that signs with the
 * node's own accounts (`eth_sendTransaction`, `eth_sign…`), and none of the development node's controls (`evm_…`,
 * `hardhat_…`), so a page (or any other site the visitor opens) cannot spend the organizer's accounts through it.
 */
export const PAGE_RPC_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "net_version",
  "web3_clientVersion",
  "eth_blockNumber",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_call",
  "eth_estimateGas",
  "eth_getLogs",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getBalance",
  "eth_getTransactionCount",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_sendRawTransaction",
]);

/** The largest request body accepted (a page's batch of calls is a few kilobytes). */
const MAX_BODY_BYTES = 256 * 1024;

interface JsonRpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

/**
 * An HTTP handler that answers JSON-RPC (single requests and batches) from an EIP-1193 provider, so pages in a
 * browser can read a chain that lives inside this process (the demo's in-process Hardhat network). Only
 * {@link PAGE_RPC_METHODS} pass; anything else gets the JSON-RPC error -32601. CORS is open: the bridge is meant
 * for loopback, and it signs nothing.
 *
 * @param provider The provider to answer from (e.g. Hardhat's `connection.provider`).
 * @returns A handler for POST requests (OPTIONS is answered for CORS pre-flight).
 * @example
 * const site = await serveStatic({ root: "demo-out/web", post: { "/rpc": jsonRpcHandler(connection.provider) } });
 */
export function jsonRpcHandler(
  provider: Eip1193Provider,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "content-type",
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { ...cors, "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const answer = async (request: unknown): Promise<unknown> => {
    const r = (typeof request === "object" && request !== null ? request : {}) as JsonRpcRequest;
    const id = typeof r.id === "string" || typeof r.id === "number" ? r.id : null;
    if (r.jsonrpc !== "2.0" || typeof r.method !== "string") {
      return { jsonrpc: "2.0", id, error: { code: -32600, message: "invalid JSON-RPC request" } };
    }
    if (!PAGE_RPC_METHODS.has(r.method)) {
      return {
        jsonrpc: "2.0",
        id,
        error: { code: -32601, message: `${r.method}: not available to pages through this bridge` },
      };
    }
    const params = Array.isArray(r.params) ? (r.params as unknown[]) : [];
    try {
      return { jsonrpc: "2.0", id, result: await provider.request({ method: r.method, params }) };
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown; data?: unknown };
      return {
        jsonrpc: "2.0",
        id,
        error: {
          code: typeof e.code === "number" ? e.code : -32603,
          message: typeof e.message === "string" ? e.message : String(error),
          ...(e.data === undefined ? {} : { data: e.data }),
        },
      };
    }
  };

  return async (req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "access-control-max-age": "600" }).end();
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { ...cors, allow: "POST, OPTIONS" }).end();
      return;
    }
    const text = await readBody(req, MAX_BODY_BYTES);
    if (text === undefined) {
      send(res, 413, { jsonrpc: "2.0", id: null, error: { code: -32600, message: "request too large" } });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "not JSON" } });
      return;
    }
    if (Array.isArray(body)) {
      if (body.length === 0) {
        send(res, 400, { jsonrpc: "2.0", id: null, error: { code: -32600, message: "empty batch" } });
        return;
      }
      const answers: unknown[] = [];
      // In order, one at a time: a batch's transactions keep the nonces the page gave them.
      for (const request of body) answers.push(await answer(request));
      send(res, 200, answers);
      return;
    }
    send(res, 200, await answer(body));
  };
}
