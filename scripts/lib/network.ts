import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/**
 * Compiles the contracts if needed (a no-op when nothing changed), so a task works on a fresh clone
 * without a separate `hardhat build`.
 */
export async function ensureBuilt(hre: HardhatRuntimeEnvironment): Promise<void> {
  // The compiler's progress is human text: keep it off stdout, which may carry a task's JSON result.
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  try {
    await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  } finally {
    console.log = log;
  }
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
