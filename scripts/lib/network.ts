import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { describeHolder, withFileLock } from "../../src/file-lock.js";

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
      // A build with nothing to do takes a second; a first build takes minutes: then say what is happening.
      const slow = setTimeout(
        () =>
          process.stderr.write(
            "building the contracts if they changed (a first build takes a minute or two)...\n",
          ),
        3_000,
      );
      try {
        await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
      } finally {
        clearTimeout(slow);
        console.log = log;
      }
    },
    {
      timeoutMs: BUILD_LOCK_TIMEOUT_MS,
      pollMs: 100,
      purpose: "contract build",
      onWait: (holder, waitedMs) =>
        process.stderr.write(
          `waiting ${Math.round(waitedMs / 1000)} s for another command's contract build (${describeHolder(holder)}) ` +
            `to finish (lock ${lock})\n`,
        ),
    },
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
