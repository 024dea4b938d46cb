import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";

/**
 * A JSON-RPC proxy in front of the node that the gate's wallet talks through, switchable at will: `up`, `down`
 * (every connection is cut: the chain is unreachable), or `lose-send-answer` (a transaction is forwarded and mined,
 * then its answer is lost). Counts the raw transactions it saw.
 */
export async function startSwitchProxy(target: string) {
  let mode: "up" | "down" | "lose-send-answer" = "up";
  const seen = { sends: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString("utf8");
      if (mode === "down") return req.socket.destroy();
      const isSend = body.includes('"eth_sendRawTransaction"');
      if (isSend) seen.sends++;
      const answer = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const text = await answer.text();
      if (isSend && mode === "lose-send-answer") return req.socket.destroy();
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(text);
    })().catch(() => req.socket.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    setMode(next: typeof mode) {
      mode = next;
      if (next === "down") for (const s of sockets) s.destroy();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
