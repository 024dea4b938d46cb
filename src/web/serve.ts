import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";

import { PapercutError } from "../errors.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
};

export interface ServeStaticParameters {
  /** The built site (e.g. web/dist). */
  root: string;
  /** Loopback only by design. */
  host?: "127.0.0.1" | "::1" | "localhost";
  /** 0 picks a free port. */
  port?: number;
  /**
   * Handlers for other methods than GET and HEAD, by path (e.g. `{ "/rpc": jsonRpcHandler(provider) }` for the
   * demo's chain); every other path stays GET and HEAD only.
   */
  post?: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
}

export interface ServeStaticReturnType {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * Serves a built static site on loopback: GET and HEAD only, no directory listings, no path escapes.
 * The pages are static files; this server only exists to open them locally.
 *
 * @returns The base URL and a `close` function.
 * @example
 * const site = await serveStatic({ root: "web/dist" }); console.log(site.url); await site.close();
 */
export async function serveStatic({
  root,
  host = "127.0.0.1",
  port = 0,
  post = {},
}: ServeStaticParameters): Promise<ServeStaticReturnType> {
  const base = path.resolve(root);
  const rootStat = await stat(base).catch(() => undefined);
  if (!rootStat?.isDirectory())
    throw new PapercutError(`${root}: no built site here (run \`tickets web\` first)`);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const handler = post[new URL(req.url ?? "/", "http://localhost").pathname];
      if (handler !== undefined) {
        await handler(req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
        return;
      }
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(base, "." + rel);
      if (file !== base && !file.startsWith(base + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  const shown = host === "::1" ? "[::1]" : host;
  return {
    url: `http://${shown}:${address.port}/`,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
