import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

/**
 * Opens the network chosen with `--network` (the in-process one by default) and tells what kind it is.
 * `ephemeral` networks (in-process) vanish when the command ends: nothing there needs confirming.
 */
export async function openNetwork(hre: HardhatRuntimeEnvironment) {
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const ephemeral = connection.networkConfig.type === "edr-simulated";
  return { connection, ethers, chainId, networkName: connection.networkName, ephemeral };
}
