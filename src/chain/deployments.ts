import { readFile } from "node:fs/promises";
import path from "node:path";

import type { Provider } from "ethers";

import { PapercutError } from "../errors.js";
import { rpc, type Eip1193Provider } from "./eip1193.js";
import { StaleDeploymentError } from "./errors.js";

/** The Ignition future id of the ticket contract. */
export const TICKET_FUTURE_ID = "PapercutTicketModule#PapercutTicket";
/** The Ignition future ids of the other contracts `tickets event deploy` deploys. */
export const RENDERER_FUTURE_ID = "PapercutRendererModule#PapercutRenderer";
export const CLAIMS_FUTURE_ID = "PapercutEventModule#TicketClaims";
export const LEDGER_FUTURE_ID = "PapercutEventModule#DonationLedger";
/** Where a claims contract may be recorded: the event's, then one added to a ticket by `TicketClaimsModule`. */
export const CLAIMS_FUTURE_IDS = [CLAIMS_FUTURE_ID, "TicketClaimsModule#TicketClaims"] as const;

export interface ReadDeployedAddressParameters {
  /** The project's `ignition/` folder. */
  ignitionDir: string;
  chainId: bigint;
  /** Ignition future id, e.g. {@link TICKET_FUTURE_ID}; or several, the first recorded wins. */
  futureId?: string | readonly string[];
  /** When given, the recorded contract must have code on this chain (else {@link StaleDeploymentError}). */
  provider?: Eip1193Provider;
}

/**
 * Reads the address Ignition recorded for a contract on a chain (`ignition/deployments/chain-<id>/
 * deployed_addresses.json`). In-process networks keep no journal, so there it returns undefined.
 *
 * @returns The checksummed address, or undefined if nothing was deployed there.
 * @example
 * const address = await readDeployedAddress({ ignitionDir: "ignition", chainId: 31337n });
 */
export async function readDeployedAddress({
  ignitionDir,
  chainId,
  futureId = TICKET_FUTURE_ID,
  provider,
}: ReadDeployedAddressParameters): Promise<string | undefined> {
  const dir = path.join(ignitionDir, "deployments", `chain-${chainId}`);
  const file = path.join(dir, "deployed_addresses.json");
  const text = await readIfExists(file);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new PapercutError(`${file}: not valid JSON`, { cause });
  }
  for (const id of typeof futureId === "string" ? [futureId] : futureId) {
    const value = (parsed as Record<string, unknown>)[id];
    if (typeof value !== "string") continue;
    if (provider !== undefined && (await rpc<string>(provider, "eth_getCode", [value, "latest"])) === "0x") {
      throw new StaleDeploymentError(dir, [{ futureId: id, address: value }]);
    }
    return value;
  }
  return undefined;
}

export interface FindCreationParameters {
  provider: Provider;
  /** The deployed contract. */
  address: string;
  /** The first block that may hold the creation (the block before the deploy started, plus one). */
  fromBlock: number;
}

/**
 * Finds the transaction that created a contract among the blocks mined since `fromBlock`: Ignition returns
 * the contract but not its creation transaction.
 *
 * @returns The transaction hash, its block and gas used, or undefined if none of those blocks created it.
 * @example
 * const creation = await findCreation({ provider, address, fromBlock: before + 1 });
 */
export async function findCreation({ provider, address, fromBlock }: FindCreationParameters) {
  const latest = await provider.getBlockNumber();
  const wanted = address.toLowerCase();
  for (let n = fromBlock; n <= latest; n++) {
    const block = await provider.getBlock(n);
    for (const hash of block?.transactions ?? []) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt?.contractAddress?.toLowerCase() === wanted) {
        return { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
      }
    }
  }
  return undefined;
}

/**
 * Reads from Ignition's journal the hash of the confirmed transaction of a future (a contract's deployment),
 * so that a re-run that deploys nothing can still report it.
 *
 * @returns The transaction hash, or undefined when the journal has none.
 * @example
 * const hash = await readJournalTxHash({ ignitionDir: "ignition", chainId: 31337n });
 */
export async function readJournalTxHash({
  ignitionDir,
  chainId,
  futureId = TICKET_FUTURE_ID,
}: {
  ignitionDir: string;
  chainId: bigint;
  futureId?: string;
}): Promise<string | undefined> {
  const file = path.join(ignitionDir, "deployments", `chain-${chainId}`, "journal.jsonl");
  const text = await readIfExists(file);
  if (text === undefined) return undefined;
  let hash: string | undefined;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as { type?: unknown; futureId?: unknown; hash?: unknown };
    if (
      entry.type === "TRANSACTION_CONFIRM" &&
      entry.futureId === futureId &&
      typeof entry.hash === "string"
    ) {
      hash = entry.hash;
    }
  }
  return hash;
}

/** A file's text, or undefined if there is no such file. */
async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
