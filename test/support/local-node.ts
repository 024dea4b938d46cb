import { createRequire } from "node:module";
import path from "node:path";

import { JsonRpcProvider } from "ethers";

import { freePort, killGroup, REPO_ROOT, sleep, spawnGroup } from "./processes.js";

export { freePort };

const require = createRequire(import.meta.url);

export type NodeKind = "hardhat" | "anvil";

/** A JSON-RPC node on 127.0.0.1, started by a test. */
export interface LocalNode {
  kind: NodeKind;
  url: string;
  port: number;
  /** One JSON-RPC call (throws the node's error message on failure). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Plain ethers on the node (no caching, so instant mining does not confuse nonces). */
  provider: JsonRpcProvider;
  /** The node's output so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartLocalNodeOptions {
  kind: NodeKind;
  /** Interval mining: one block every this many ms (automine off). Default: automine. */
  blockTimeMs?: number;
}

/**
 * Starts `npx hardhat node` or anvil (from the npm package) on a free loopback port in its own process group,
 * waits until it answers, and sets the mining mode. Always `stop()` it (an exit hook kills it otherwise).
 */
export async function startLocalNode({ kind, blockTimeMs }: StartLocalNodeOptions): Promise<LocalNode> {
  const port = await freePort();
  const args =
    kind === "hardhat"
      ? [
          path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js"),
          "node",
          "--hostname",
          "127.0.0.1",
          "--port",
          String(port),
        ]
      : [
          require.resolve("@foundry-rs/anvil/bin.mjs"),
          "--host",
          "127.0.0.1",
          "--port",
          String(port),
          "--silent",
          ...(blockTimeMs !== undefined && blockTimeMs % 1000 === 0
            ? ["--block-time", String(blockTimeMs / 1000)]
            : []),
        ];
  const child = spawnGroup(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const url = `http://127.0.0.1:${port}`;
  let id = 0;
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, staticNetwork: true });
  const node: LocalNode = {
    kind,
    url,
    port,
    rpc,
    provider,
    output: () => log,
    stop: async () => {
      provider.destroy();
      await killGroup(child);
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} node exited early:\n${log}`);
    try {
      await rpc("eth_chainId");
      break;
    } catch {
      if (Date.now() > deadline) {
        await node.stop();
        throw new Error(`${kind} node did not start within 90 s:\n${log}`);
      }
      await sleep(250);
    }
  }
  if (blockTimeMs !== undefined && !(kind === "anvil" && blockTimeMs % 1000 === 0)) {
    await rpc("evm_setAutomine", [false]);
    await setIntervalMining(node, blockTimeMs);
  }
  return node;
}

/** Turns on interval mining (Hardhat takes milliseconds, anvil whole seconds). */
export async function setIntervalMining(node: LocalNode, blockTimeMs: number): Promise<void> {
  await node.rpc("evm_setIntervalMining", [
    node.kind === "anvil" ? Math.max(1, Math.round(blockTimeMs / 1000)) : blockTimeMs,
  ]);
}
