import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

import { JsonRpcProvider } from "ethers";

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface LocalNode {
  url: string;
  port: number;
  provider: JsonRpcProvider;
  stop: () => Promise<void>;
}

/**
 * Starts a real JSON-RPC node on 127.0.0.1 (`npx hardhat node` or anvil) in its own process group, waits until
 * it answers, and returns a provider and `stop` (which kills the whole group).
 */
export async function startLocalNode(kind: "hardhat" | "anvil" = "hardhat"): Promise<LocalNode> {
  const port = await freePort();
  const args =
    kind === "hardhat"
      ? ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)]
      : ["anvil", "--host", "127.0.0.1", "--port", String(port), "--silent"];
  const child: ChildProcess = spawn("npx", args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, staticNetwork: false });
  const stop = async () => {
    provider.destroy();
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} node exited early: ${stderr.slice(-500)}`);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} node did not answer on ${url} within 120 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, provider, stop };
}
