import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { deploy, type DeploymentParameters, type IgnitionModule } from "@nomicfoundation/ignition-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { rpc } from "../../src/chain/eip1193.js";

/**
 * Runs the same deployment on a fresh in-process network and returns the gas each transaction used there: the
 * plan's price before anything is sent.
 */
export async function simulateGas(
  hre: HardhatRuntimeEnvironment,
  module: IgnitionModule,
  deploymentParameters: DeploymentParameters,
): Promise<Map<string, bigint>> {
  const sim = await hre.network.create("default");
  try {
    const accounts = await rpc<string[]>(sim.provider, "eth_accounts");
    const hashes = new Map<string, string>();
    const listener = new Proxy(
      {},
      {
        get: (_target, key) => (event: { futureId?: string; hash?: string }) => {
          if (key === "transactionConfirm" && event.futureId !== undefined && event.hash !== undefined) {
            hashes.set(event.futureId, event.hash);
          }
          return Promise.resolve();
        },
      },
    );
    await deploy({
      provider: sim.provider,
      artifactResolver: new HardhatArtifactResolver(hre.artifacts),
      ignitionModule: module,
      deploymentParameters,
      accounts,
      defaultSender: accounts[0],
      executionEventListener: listener as never,
    });
    const gas = new Map<string, bigint>();
    for (const [futureId, hash] of hashes) {
      const receipt = await rpc<{ gasUsed: string } | null>(sim.provider, "eth_getTransactionReceipt", [
        hash,
      ]);
      if (receipt !== null) gas.set(futureId, BigInt(receipt.gasUsed));
    }
    return gas;
  } finally {
    await sim.close();
  }
}
