import type { IncomingMessage } from "node:http";

/**
 * Reads a request's body as UTF-8, up to `limit` bytes.
 *
 * @param req The request.
 * @param limit The most bytes accepted.
 * @returns The body, or `undefined` when it is longer than `limit` (the rest is not read into memory).
 * @example
 * const text = await readBody(req, 64 * 1024);
 * if (text === undefined) res.writeHead(413).end();
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
