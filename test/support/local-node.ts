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
  /** The chain id the node answers with. */
  chainId: number;
  /** One JSON-RPC call (throws the node's error message on failure). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Plain ethers on the node (no caching, so instant mining does not confuse nonces). */
  provider: JsonRpcProvider;
  /** The node's output so far (for failure messages). */
  output(): string;
  /** Stops the node's whole process group and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartLocalNodeOptions {
  /** Which node: `npx hardhat node` or anvil (from the npm package). Default: hardhat. */
  kind?: NodeKind;
  /** Interval mining: one block every this many ms (automine off). Default: automine. */
  blockTimeMs?: number;
  /** The chain id (e.g. not 31337, to keep a test's Ignition journal apart). Default: 31337. */
  chainId?: number;
  /** How long to wait for the node to answer. Default: 180 s (two busy cores can be slow to start one). */
  timeoutMs?: number;
}

/**
 * Sends one JSON-RPC request.
 *
 * @returns The result; throws the node's error message when it answers with an error.
 * @example
 * await rpc(node.url, "evm_increaseTime", [120]);
 */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * Starts `npx hardhat node` or anvil (from the npm package) on a free loopback port in its own process group,
 * waits until it answers with the expected chain id, and sets the mining mode. Always `stop()` it (an exit hook
 * kills it otherwise).
 *
 * @example
 * const node = await startLocalNode({ kind: "anvil", blockTimeMs: 1000 });
 */
export async function startLocalNode(options: StartLocalNodeOptions | NodeKind = {}): Promise<LocalNode> {
  const {
    kind = "hardhat",
    blockTimeMs,
    chainId = 31337,
    timeoutMs = 180_000,
  } = typeof options === "string" ? { kind: options } : options;
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
          "--chain-id",
          String(chainId),
        ]
      : [
          require.resolve("@foundry-rs/anvil/bin.mjs"),
          "--host",
          "127.0.0.1",
          "--port",
          String(port),
          "--chain-id",
          String(chainId),
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
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1, staticNetwork: true });
  const node: LocalNode = {
    kind,
    url,
    port,
    chainId,
    rpc: async <T>(method: string, params?: unknown[]) => (await rpc(url, method, params)) as T,
    provider,
    output: () => log,
    stop: async () => {
      provider.destroy();
      await killGroup(child);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} node exited early:\n${log}`);
    try {
      if (Number(await rpc(url, "eth_chainId")) === chainId) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await node.stop();
      throw new Error(`${kind} node did not answer chain id ${chainId} within ${timeoutMs} ms:\n${log}`);
    }
    await sleep(250);
  }
  if (blockTimeMs !== undefined && !(kind === "anvil" && blockTimeMs % 1000 === 0)) {
    await node.rpc("evm_setAutomine", [false]);
    await setIntervalMining(node, blockTimeMs);
  }
  return node;
}

/**
 * Turns on interval mining (Hardhat takes milliseconds, anvil whole seconds).
 *
 * @example
 * await setIntervalMining(node, 1000);
 */
export async function setIntervalMining(node: LocalNode, blockTimeMs: number): Promise<void> {
  await node.rpc("evm_setIntervalMining", [
    node.kind === "anvil" ? Math.max(1, Math.round(blockTimeMs / 1000)) : blockTimeMs,
  ]);
}
