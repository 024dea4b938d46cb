import path from "node:path";

import { getAddress, type Contract, type ContractRunner, type Provider } from "ethers";
import { configVariable } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { readDeployedAddress, readJournalTxHash } from "../../src/chain/deployments.js";
import { normalizeGateId } from "../../src/checkin/gate-id.js";
import { GateJournal } from "../../src/checkin/journal.js";
import { ticketLifecycleContract } from "../../src/checkin/ticket-abi.js";
import { PapercutError } from "../../src/errors.js";
import { openNetwork } from "./network.js";

/** The gate id used when `--gate` is not given. */
export const DEFAULT_GATE = "GATE-1";

/**
 * The ticket contract a task works on: `--contract`, else the one Ignition deployed on this chain.
 */
export async function resolveTicketAddress(
  hre: HardhatRuntimeEnvironment,
  chainId: bigint,
  networkName: string,
  contractOption: string,
): Promise<string> {
  if (contractOption !== "") {
    try {
      return getAddress(contractOption);
    } catch (cause) {
      throw new PapercutError(`--contract ${contractOption}: not an address`, { cause });
    }
  }
  const { provider } = await hre.network.getOrCreate();
  const deployed = await readDeployedAddress({ ignitionDir: hre.config.paths.ignition, chainId, provider });
  if (deployed === undefined) {
    throw new PapercutError(`no ticket contract deployed on ${networkName} (chain ${chainId})`, {
      details:
        "deploy it with `npx hardhat tickets event deploy --network <name>`, or pass --contract <address>",
    });
  }
  return getAddress(deployed);
}

/**
 * The first block worth searching for the ticket's events: its deployment block when Ignition deployed it on this
 * chain (so chains that limit `eth_getLogs` ranges are not asked from block 0), else 0.
 */
export async function ticketFromBlock(
  hre: HardhatRuntimeEnvironment,
  chainId: bigint,
  contract: string,
  provider: Provider,
): Promise<number> {
  const deployed = await readDeployedAddress({ ignitionDir: hre.config.paths.ignition, chainId });
  if (deployed === undefined || getAddress(deployed) !== getAddress(contract)) return 0;
  const hash = await readJournalTxHash({ ignitionDir: hre.config.paths.ignition, chainId });
  const receipt = hash === undefined ? null : await provider.getTransactionReceipt(hash);
  return receipt?.blockNumber ?? 0;
}

/** Opens the gate's journal: `--journal`, else `gate-<GATE>-<chainId>.journal.jsonl` in the working folder. */
export async function openGateJournal(
  journalOption: string,
  gateOption: string,
  chainId: bigint,
  contract: string,
): Promise<GateJournal> {
  const gate = normalizeGateId(gateOption);
  const file = journalOption !== "" ? journalOption : path.resolve(`gate-${gate}-${chainId}.journal.jsonl`);
  return await GateJournal.open({ file, gate, chainId, contract });
}

/**
 * What `gate admit` and `gate sync` start with: the network, the gate's account (the first signer), the ticket
 * contract (`--contract` or the deployed one) and the gate's journal (`--journal`, `--gate`).
 */
export async function openGate(
  hre: HardhatRuntimeEnvironment,
  options: { contract: string; journal: string; gate: string },
) {
  const network = await openNetwork(hre);
  const [gateSigner] = await network.ethers.getSigners();
  if (gateSigner === undefined) throw new PapercutError(`network ${network.networkName} has no gate account`);
  const contract = await resolveTicketAddress(hre, network.chainId, network.networkName, options.contract);
  const journal = await openGateJournal(
    options.journal,
    options.gate === "" ? DEFAULT_GATE : options.gate,
    network.chainId,
    contract,
  );
  return { ...network, gateSigner, contract, journal };
}

/** The ticket contract over its life-cycle ABI. */
export function lifecycleAt(address: string, runner: ContractRunner): Contract {
  return ticketLifecycleContract(address, runner);
}

/**
 * Reads a secret configuration variable (environment first, then hardhat-keystore), never printing it.
 *
 * @throws {PapercutError} When it is set nowhere.
 */
export async function readSecret(hre: HardhatRuntimeEnvironment, name: string): Promise<string> {
  const fromEnv = process.env[name];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const variable = configVariable(name);
  const notSet = new PapercutError(`${name} is not set`, {
    details: `set the environment variable ${name}, or store it with \`npx hardhat keystore set ${name}\``,
  });
  try {
    return await hre.hooks.runHandlerChain("configurationVariables", "fetchValue", [variable], () =>
      Promise.reject(notSet),
    );
  } catch (error) {
    if (error instanceof PapercutError) throw error;
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    // hardhat-keystore reports a missing key itself under `hardhat test` (it never prompts there).
    if (/not found/i.test(message)) throw notSet;
    throw new PapercutError(`${name} could not be read from the keystore`, {
      details: message,
      cause: error,
    });
  }
}

/** A token ID option (`--token-id`): a positive decimal integer. */
export function parseTokenId(value: string): bigint {
  if (!/^[1-9][0-9]{0,77}$/.test(value.trim())) {
    throw new PapercutError(`--token-id ${JSON.stringify(value)}: expected a ticket number (1, 2, ...)`);
  }
  return BigInt(value.trim());
}

/** `2026-05-21T10:00:00.000Z` from Unix seconds. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
