import { HDNodeWallet, Wallet, getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { readDeployedAddress } from "../../src/chain/deployments.js";
import { rpc, type Eip1193Provider } from "../../src/chain/eip1193.js";
import { PapercutError } from "../../src/errors.js";
import { createResilientProvider, type ResilientProvider } from "../../src/chain/resilient-provider.js";
import { IssuancePreconditionError } from "../../src/issuance/errors.js";
import { createKeySender, createNodeSender, type TxSender } from "../../src/issuance/tx-sender.js";

/**
 * Opens the `--network` connection behind a retrying EIP-1193 provider (timeouts, dropped connections, HTTP
 * 429/5xx are retried with backoff) and reads its chain ID through it. Tasks that must survive a flaky RPC
 * use this instead of `openNetwork`.
 */
export async function openResilientNetwork(hre: HardhatRuntimeEnvironment) {
  const connection = await hre.network.getOrCreate();
  const provider: ResilientProvider = createResilientProvider({ provider: connection.provider });
  const chainId = BigInt(await rpc<string>(provider, "eth_chainId"));
  const ephemeral = connection.networkConfig.type === "edr-simulated";
  return { connection, provider, chainId, networkName: connection.networkName, ephemeral };
}

/**
 * The account that sends, from the network's configuration: its first configured key or mnemonic account
 * (signed here; the key stays in memory and is never printed), else the node's first unlocked account.
 */
export async function senderFromNetwork(
  connection: Awaited<ReturnType<typeof openResilientNetwork>>["connection"],
  provider: ResilientProvider,
): Promise<TxSender> {
  const config = connection.networkConfig;
  if (config.type === "http") {
    const accounts = config.accounts;
    if (Array.isArray(accounts)) {
      const first = accounts[0];
      if (first !== undefined) return createKeySender(new Wallet(await first.getHexString()));
    } else if (accounts !== "remote") {
      const wallet = HDNodeWallet.fromPhrase(
        await accounts.mnemonic.get(),
        await accounts.passphrase.get(),
        `${accounts.path}/${accounts.initialIndex}`,
      );
      return createKeySender(wallet);
    }
  }
  const accounts = await rpc<string[]>(provider, "eth_accounts");
  const address = accounts[0];
  if (address === undefined) {
    throw new IssuancePreconditionError(
      "no-sender",
      `network ${connection.networkName} has no account to send from`,
      "configure a key (hardhat-keystore or an environment variable) for this network",
    );
  }
  return await createNodeSender({ provider, address });
}

/** The ticket contract to use: `--contract`, else this chain's deployment recorded by `tickets deploy`. */
export async function resolveContract(
  given: string,
  ignitionDir: string,
  chainId: bigint,
  networkName: string,
  ephemeral: boolean,
  provider?: Eip1193Provider,
): Promise<string> {
  if (given !== "") {
    if (!/^0x[0-9a-fA-F]{40}$/.test(given)) throw new PapercutError(`--contract ${given}: not an address`);
    return getAddress(given.toLowerCase());
  }
  const deployed = ephemeral
    ? undefined
    : await readDeployedAddress({ ignitionDir, chainId, ...(provider === undefined ? {} : { provider }) });
  if (deployed === undefined) {
    throw new PapercutError(
      `no ticket contract deployed on ${networkName} (chain ${chainId}): deploy it first or pass --contract`,
      {
        details: ephemeral
          ? "the in-process network starts empty for every command: use a node (--network localhost)"
          : "npx hardhat tickets event deploy --network " + networkName,
      },
    );
  }
  return getAddress(deployed);
}
