import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { withFileLock } from "../../src/file-lock.js";

/** How long a task waits for another task's build (a first build of every contract takes a few minutes here). */
const BUILD_LOCK_TIMEOUT_MS = 20 * 60_000;

/**
 * Compiles the contracts if needed (a no-op when nothing changed), so a task works on a fresh clone
 * without a separate `hardhat build`. Two tasks started at once in the same project take turns: Hardhat's build
 * rewrites its cache files even when nothing changed, and two builds at once fail renaming them.
 */
export async function ensureBuilt(hre: HardhatRuntimeEnvironment): Promise<void> {
  await mkdir(hre.config.paths.cache, { recursive: true });
  const lock = path.join(hre.config.paths.cache, "papercut-build.lock");
  await withFileLock(
    lock,
    async () => {
      // The compiler's progress is human text: keep it off stdout, which may carry a task's JSON result.
      const log = console.log;
      console.log = (...args: unknown[]) => console.error(...args);
      try {
        await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
      } finally {
        console.log = log;
      }
    },
    { timeoutMs: BUILD_LOCK_TIMEOUT_MS, pollMs: 100, purpose: "contract build" },
  );
}

/**
 * Compiles if needed, then opens the network chosen with `--network` (the in-process one by default) and tells
 * what kind it is. `ephemeral` networks (in-process) vanish when the command ends: nothing there needs confirming.
 */
export async function openNetwork(hre: HardhatRuntimeEnvironment) {
  await ensureBuilt(hre);
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const ephemeral = connection.networkConfig.type === "edr-simulated";
  return { connection, ethers, chainId, networkName: connection.networkName, ephemeral };
}
