import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { PapercutError } from "../errors.js";
import { readBody } from "../http/read-body.js";
import type { ClaimRelayer } from "./claim-relayer.js";
import { RELAY_CLAIM_PATH, RELAY_STATUS_PATH } from "./claim-types.js";
import { UntrustedProxyError } from "./errors.js";

/** Headers a reverse proxy (or a CDN) adds to name the client it forwards for. */
export const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "forwarded",
  "x-real-ip",
  "x-client-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "fastly-client-ip",
] as const;

export interface StartRelayServerParameters {
  relayer: ClaimRelayer;
  /** A loopback address (default 127.0.0.1): the relayer is never exposed directly; put a proxy in front. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The `Access-Control-Allow-Origin` answered to browsers (default `*`): the claim page's origin. */
  allowOrigin?: string;
  /**
   * Read the client IP from the last `X-Forwarded-For` entry (set by the reverse proxy in front). Off by
   * default: then every client is the socket's peer, and a request that carries a forwarding header (see
   * {@link FORWARDING_HEADERS}) is refused with 403 `proxy-not-trusted` rather than counted in the proxy's one
   * bucket.
   */
  trustProxy?: boolean;
  /** Told (once) when forwarded requests are refused, for the operator's console. */
  log?: (line: string) => void;
  /** The largest body accepted (default 16 KiB; a claim with a 64-hash proof is under 5 KiB). */
  maxBodyBytes?: number;
}

export interface StartRelayServerReturnType {
  /** The base URL, e.g. `http://127.0.0.1:8546`. */
  url: string;
  port: number;
  /** Stops accepting requests, lets the claims in flight finish, then closes. */
  close(): Promise<void>;
}

/** The relayer was asked to listen on a non-loopback address. */
export class RelayHostError extends PapercutError {
  override name = "RelayHostError";
  readonly host: string;
  constructor(host: string) {
    super(`--host ${host}: the relayer listens on loopback only (127.0.0.1, ::1)`, {
      details: "expose it through a reverse proxy (TLS, access logs) and pass --trust-proxy",
    });
    this.host = host;
  }
}

/**
 * Serves a {@link ClaimRelayer} over HTTP on a loopback address: `POST /claim` with a JSON claim request,
 * `GET /status`, CORS for the claim page. Every answer is one JSON object; 429 answers carry `Retry-After`.
 * Forwarded requests are refused unless `trustProxy` (behind a proxy, every client would otherwise share one
 * rate-limit bucket: one abusive client would lock everyone out).
 *
 * @returns The URL and a graceful `close`.
 * @throws {RelayHostError} When `host` is not a loopback address.
 * @example
 * const server = await startRelayServer({ relayer, port: 8546 });
 * process.once("SIGINT", () => void server.close());
 */
export async function startRelayServer({
  relayer,
  host = "127.0.0.1",
  port = 0,
  allowOrigin = "*",
  trustProxy = false,
  log = () => {},
  maxBodyBytes = 16 * 1024,
}: StartRelayServerParameters): Promise<StartRelayServerReturnType> {
  if (!isLoopback(host)) throw new RelayHostError(host);

  const send = (res: ServerResponse, status: number, body: unknown, retryAfter?: number) => {
    if (res.headersSent) return;
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "access-control-allow-origin": allowOrigin,
      vary: "origin",
      ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }),
    });
    res.end(JSON.stringify(body));
  };

  let warnedProxy = false;
  const server = createServer((req, res) => {
    void route(req, res).catch(() =>
      send(res, 500, { ok: false, error: "chain-error", message: "internal error" }),
    );
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://relay").pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": allowOrigin,
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
        vary: "origin",
      });
      res.end();
      return;
    }
    const forwarded = trustProxy ? undefined : FORWARDING_HEADERS.find((h) => req.headers[h] !== undefined);
    if (forwarded !== undefined) {
      const error = new UntrustedProxyError(forwarded);
      if (!warnedProxy) {
        warnedProxy = true;
        log(`refused: ${error.shortMessage}; ${error.details}`);
      }
      send(res, 403, { ok: false, error: "proxy-not-trusted", message: error.shortMessage });
      return;
    }
    if (path === RELAY_STATUS_PATH && req.method === "GET") {
      send(res, 200, await relayer.status());
      return;
    }
    if (path !== RELAY_CLAIM_PATH) {
      send(res, 404, { ok: false, error: "not-found", message: `no ${path} here` });
      return;
    }
    if (req.method !== "POST") {
      send(res, 405, { ok: false, error: "invalid-request", message: "POST a JSON claim" });
      return;
    }
    const text = await readBody(req, maxBodyBytes);
    if (text === undefined) {
      send(res, 413, {
        ok: false,
        error: "invalid-request",
        message: `the body exceeds ${maxBodyBytes} bytes`,
      });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, { ok: false, error: "invalid-request", message: "the body is not JSON" });
      return;
    }
    const reply = await relayer.handle(body, clientIp(req, trustProxy));
    send(res, reply.status, reply.body, reply.body.ok ? undefined : reply.body.retryAfter);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await relayer.drain();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const list = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",");
    const last = list[list.length - 1]?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}
