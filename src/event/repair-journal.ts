import { closeSync, existsSync, fsyncSync, openSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { trackTransaction } from "@nomicfoundation/ignition-core";

import { errorText, rpc, toQuantity, type Eip1193Provider } from "../chain/eip1193.js";
import { checksumAddress } from "../chain/checksum-address.js";
import { EventDeployError } from "./errors.js";

/**
 * One thing an interrupted run had done on the chain without journaling it, now recorded:
 * - `sent`: a transaction whose nonce was journaled but not its hash, and which is exactly the one asked for; Ignition
 *   waits for it instead of sending again;
 * - `replaced`: the nonce was taken by another transaction from the deployer; Ignition sends this step again;
 * - `confirmed`: a step waiting for its confirmation while a later step, with a higher nonce, was already complete;
 *   its receipt is recorded so that Ignition counts the later nonce.
 */
export interface JournalRepair {
  kind: "sent" | "replaced" | "confirmed";
  futureId: string;
  nonce: number;
  hash: string;
}

interface JournalInteraction {
  futureId: string;
  id: number;
  nonce: number | undefined;
  /** Hashes journaled as sent, in order. */
  hashes: string[];
  confirmed: boolean;
  /** Dropped, replaced or timed out: Ignition has already settled what became of it. */
  settled: boolean;
}

/** What `eth_getBlockByNumber(…, true)` gives of a transaction, as far as it is read here. */
interface ChainTransaction {
  hash: string;
  from: string;
  nonce: string;
}

interface ChainReceipt {
  blockHash: string;
  blockNumber: string;
  status: string;
  contractAddress: string | null;
  logs: { address: string; logIndex: string; data: string; topics: string[] }[];
}

const SETTLING_MESSAGES = new Set([
  "ONCHAIN_INTERACTION_DROPPED",
  "ONCHAIN_INTERACTION_REPLACED_BY_USER",
  "ONCHAIN_INTERACTION_TIMEOUT",
]);

/**
 * Makes Ignition's journal tell what the chain already holds, after a run was killed at one of the two moments
 * Ignition does not survive alone (both seen after a SIGKILL, and reproduced exactly in the tests):
 *
 * 1. Between journaling a transaction's nonce (`TRANSACTION_PREPARE_SEND`) and its hash (`TRANSACTION_SEND`).
 *    Ignition then stops for good (HHE10410) and asks the operator to find the hash in a block explorer and run
 *    `ignition track-tx`. Here the chain is asked instead: the block where the sender's transaction count passed
 *    the nonce is found by bisection over recent blocks, and its transaction at that nonce goes to Ignition's own
 *    `trackTransaction`, which records it as sent when it is exactly the one asked for (same recipient, data and
 *    value) and as replaced otherwise.
 * 2. While a step waited for its confirmation and a later step, sent after it with a higher nonce, was already
 *    complete (Ignition checks the steps of a batch in turn, so on a node that mines just after answering, the
 *    later receipt can be seen first). Ignition seeds its next nonce from unfinished steps only, expects the waiting
 *    step's nonce + 1 and refuses the chain's higher count (HHE10411), for good. Here the waiting step's receipt,
 *    once it has the confirmations Ignition asks, is journaled as Ignition's own monitor writes it
 *    (`TRANSACTION_CONFIRM`); Ignition then completes that step and counts nonces from the chain.
 *
 * A nonce the chain has not used yet is left to Ignition, which resends (dropped) or waits (still pending).
 *
 * @param provider The chain the deployment is on.
 * @param deploymentDir Ignition's deployment folder.
 * @param confirmations Blocks Ignition requires on a chain that does not mine on demand (its 5 when undefined;
 *   1 on an automining node, as Ignition's deploy uses).
 * @returns What was recorded, in order.
 * @throws {EventDeployError} When a transaction found cannot be taken yet (too few confirmations).
 * @example
 * for (const r of await repairInterruptedJournal(provider, "ignition/deployments/chain-31337")) console.log(r);
 */
export async function repairInterruptedJournal(
  provider: Eip1193Provider,
  deploymentDir: string,
  confirmations?: number,
): Promise<JournalRepair[]> {
  const journalFile = path.join(deploymentDir, "journal.jsonl");
  if (!existsSync(journalFile)) return [];
  const required = (await isAutomining(provider)) ? 1 : (confirmations ?? 5);
  const repairs: JournalRepair[] = [];

  let journal = readJournal(await readFile(journalFile, "utf8"));
  for (const interaction of journal.unfinished) {
    if (interaction.nonce === undefined || interaction.hashes.length > 0 || interaction.settled) continue;
    const sender = journal.senders.get(interaction.futureId);
    if (sender === undefined) continue;
    let tx: ChainTransaction | undefined;
    try {
      tx = await findTransactionByNonce(provider, sender, interaction.nonce);
    } catch (error) {
      // A node that keeps no state of past blocks cannot answer the search: the operator can still give the hash.
      throw new EventDeployError(
        `could not look up the deployer's transaction with nonce ${interaction.nonce} (journaled for ` +
          `${interaction.futureId}, not known to have been sent): ${errorText(error).split("\n")[0]}`,
        {
          details:
            `find the transaction of ${sender} with nonce ${interaction.nonce} in a block explorer, then run ` +
            `npx hardhat ignition track-tx <hash> ${path.basename(deploymentDir)} --network <name>, and this command again`,
          cause: error,
        },
      );
    }
    if (tx === undefined) continue;
    let outcome: string | void;
    try {
      outcome = await trackTransaction(deploymentDir, tx.hash, provider, required);
    } catch (error) {
      throw new EventDeployError(
        `the deployer's nonce ${interaction.nonce}, journaled for ${interaction.futureId}, holds transaction ` +
          `${tx.hash}, which Ignition cannot take yet`,
        { details: `${errorText(error)}\nwait for more blocks and run the same command again`, cause: error },
      );
    }
    const kind = outcome === undefined ? "sent" : "replaced";
    repairs.push({ kind, futureId: interaction.futureId, nonce: interaction.nonce, hash: tx.hash });
  }

  if (repairs.length > 0) journal = readJournal(await readFile(journalFile, "utf8"));
  const latest = Number(BigInt(await rpc<string>(provider, "eth_blockNumber")));
  for (const interaction of journal.unfinished) {
    const { nonce, hashes } = interaction;
    if (nonce === undefined || hashes.length === 0 || interaction.confirmed || interaction.settled) continue;
    const sender = journal.senders.get(interaction.futureId);
    const later = journal.nonces.some((n) => n.nonce > nonce && journal.senders.get(n.futureId) === sender);
    if (!later) continue;
    for (const hash of [...hashes].reverse()) {
      const receipt = await rpc<ChainReceipt | null>(provider, "eth_getTransactionReceipt", [hash]);
      if (receipt === null) continue;
      const has = latest - Number(BigInt(receipt.blockNumber)) + 1;
      // Too early to record it, and Ignition alone would blame a transaction "sent outside Ignition": say so.
      if (has < required)
        throw new EventDeployError(
          `${interaction.futureId}'s transaction ${hash} has ${has} of the ${required} confirmations this deploy ` +
            `waits for; wait for the chain and run the same command again`,
          {
            details:
              "the interrupted run had sent it and a later step; nothing is sent until it is confirmed",
          },
        );
      appendJournalLine(journalFile, confirmMessage(interaction, hash, receipt));
      repairs.push({ kind: "confirmed", futureId: interaction.futureId, nonce, hash });
      break;
    }
  }
  return repairs;
}

/** The journal's on-chain interactions of unfinished steps, each step's sender and every nonce it reserved. */
function readJournal(text: string): {
  unfinished: JournalInteraction[];
  senders: Map<string, string>;
  nonces: { futureId: string; nonce: number }[];
} {
  const byKey = new Map<string, JournalInteraction>();
  const senders = new Map<string, string>();
  const complete = new Set<string>();
  const nonces: { futureId: string; nonce: number }[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const m = JSON.parse(line) as Record<string, unknown>;
    const type = String(m.type);
    const futureId = String(m.futureId);
    const interaction = byKey.get(`${futureId}\u0000${String(m.networkInteractionId)}`);
    if (type.endsWith("_EXECUTION_STATE_INITIALIZE") && typeof m.from === "string")
      senders.set(futureId, m.from.toLowerCase());
    else if (type.endsWith("_EXECUTION_STATE_COMPLETE")) complete.add(futureId);
    else if (type === "NETWORK_INTERACTION_REQUEST") {
      const ni = m.networkInteraction as Record<string, unknown>;
      if (ni.type !== "ONCHAIN_INTERACTION") continue;
      byKey.set(`${futureId}\u0000${String(ni.id)}`, {
        futureId,
        id: Number(ni.id),
        nonce: undefined,
        hashes: [],
        confirmed: false,
        settled: false,
      });
    } else if (type === "TRANSACTION_PREPARE_SEND") {
      nonces.push({ futureId, nonce: Number(m.nonce) });
      if (interaction !== undefined) interaction.nonce = Number(m.nonce);
    } else if (type === "TRANSACTION_SEND") {
      interaction?.hashes.push(String((m.transaction as { hash: unknown }).hash));
    } else if (type === "TRANSACTION_CONFIRM") {
      if (interaction !== undefined) interaction.confirmed = true;
    } else if (SETTLING_MESSAGES.has(type)) {
      if (interaction !== undefined) interaction.settled = true;
    }
  }
  return { unfinished: [...byKey.values()].filter((i) => !complete.has(i.futureId)), senders, nonces };
}

/** Whether the node mines a block for each transaction (Hardhat, anvil), as Ignition's deploy asks it. */
async function isAutomining(provider: Eip1193Provider): Promise<boolean> {
  try {
    return Boolean(await rpc<boolean>(provider, "hardhat_getAutomine"));
  } catch {
    return false;
  }
}

/**
 * The sender's transaction with this nonce, if a block holds it: the sender's transaction count at the latest block
 * passes the nonce; stepping back in doubling strides finds a block where it did not yet, and bisection between the
 * two finds the block that holds it. Only recent blocks are read when the transaction is recent.
 *
 * @param provider The chain.
 * @param sender The account.
 * @param nonce The nonce.
 * @returns The transaction, or undefined when no block holds one with that nonce yet.
 * @example
 * const tx = await findTransactionByNonce(provider, deployer, 7);
 */
export async function findTransactionByNonce(
  provider: Eip1193Provider,
  sender: string,
  nonce: number,
): Promise<ChainTransaction | undefined> {
  const countAt = async (block: number) =>
    Number(BigInt(await rpc<string>(provider, "eth_getTransactionCount", [sender, toQuantity(block)])));
  let hi = Number(BigInt(await rpc<string>(provider, "eth_blockNumber")));
  if ((await countAt(hi)) <= nonce) return undefined;
  let stride = 1;
  let lo = hi - stride;
  while (lo >= 0 && (await countAt(lo)) > nonce) {
    hi = lo;
    stride *= 2;
    lo = hi - stride;
  }
  lo = Math.max(lo, -1);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await countAt(mid)) > nonce) hi = mid;
    else lo = mid;
  }
  const block = await rpc<{ transactions: ChainTransaction[] } | null>(provider, "eth_getBlockByNumber", [
    toQuantity(hi),
    true,
  ]);
  return block?.transactions.find(
    (tx) => tx.from.toLowerCase() === sender.toLowerCase() && Number(BigInt(tx.nonce)) === nonce,
  );
}

/**
 * Ignition's `TRANSACTION_CONFIRM` message for a receipt, in the shape its monitor writes (ignition-core 3.1.9:
 * block number and log indexes as numbers, checksummed addresses, status SUCCESS or FAILURE, no contract address on
 * failure) and with its keys sorted, as Ignition's journal writes them.
 */
function confirmMessage(interaction: JournalInteraction, hash: string, receipt: ChainReceipt): unknown {
  const success = Number(BigInt(receipt.status)) === 1;
  return {
    futureId: interaction.futureId,
    hash,
    networkInteractionId: interaction.id,
    receipt: {
      blockHash: receipt.blockHash,
      blockNumber: Number(BigInt(receipt.blockNumber)),
      ...(success && receipt.contractAddress !== null
        ? { contractAddress: checksumAddress(receipt.contractAddress.toLowerCase()) }
        : {}),
      logs: receipt.logs.map((log) => ({
        address: checksumAddress(log.address.toLowerCase()),
        data: log.data,
        logIndex: Number(BigInt(log.logIndex)),
        topics: log.topics,
      })),
      status: success ? "SUCCESS" : "FAILURE",
    },
    type: "TRANSACTION_CONFIRM",
  };
}

/** Appends one message the way Ignition does (a newline, then the JSON), synced to disk before returning. */
function appendJournalLine(file: string, message: unknown): void {
  const fd = openSync(file, "a");
  try {
    writeSync(fd, `\n${JSON.stringify(message)}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
