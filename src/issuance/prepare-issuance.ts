import { zeroPadValue, type Interface } from "ethers";

import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { findDeploymentBlock } from "../chain/find-deployment-block.js";
import { quoteFees, type FeeQuote } from "../chain/quote-fees.js";
import { forEachLogPage } from "../chain/read-logs.js";
import { JournalMismatchError } from "../journal/errors.js";
import { ticketInterface } from "./abi.js";
import { IssuancePreconditionError, SupplyExceededError } from "./errors.js";
import type { JournalEntry, PlanEntry } from "./journal.js";
import type { ParseAttendeesReturnType } from "./parse-attendees.js";
import { planIssuance, type IssuancePlan } from "./plan-issuance.js";
import type { RecipientTable } from "./recipient-table.js";
import { applyShifts } from "./shift-plan.js";
import { sizeBatches, TX_GAS_CAP, type SizeBatchesReturnType } from "./size-batches.js";
import type { TxSender } from "./tx-sender.js";

/** The ticket contract as the chain sees it now. */
export interface IssuanceTarget {
  chainId: bigint;
  /** Hash of block 0. */
  genesis: string;
  blockNumber: number;
  cap: bigint;
  totalMinted: bigint;
  nextTokenId: bigint;
  paused: boolean;
  senderIsMinter: boolean;
}

export interface PrepareIssuanceParameters {
  provider: Eip1193Provider;
  contract: string;
  sender: TxSender;
  attendees: ParseAttendeesReturnType;
  /** The airdrop's journal so far (empty for a new airdrop). */
  journalEntries: readonly JournalEntry[];
  /** The journal's location, for messages. */
  journalLocation: string;
  iface?: Interface;
  /** Upper bound on tickets per batch. */
  maxBatchSize?: number;
  /** Share of the per-transaction gas limit a batch may use, in percent. Default 75. */
  marginPercent?: number;
  /**
   * Plan every row's full quantity even for addresses the contract already minted tickets to (a second airdrop to
   * the same people, on purpose). Default false: a new plan leaves out, per address, the tickets already on-chain.
   */
  allowRepeat?: boolean;
}

export interface PrepareIssuanceReturnType {
  /** True when the journal already had a plan: it is reused as it is. */
  resumed: boolean;
  plan: IssuancePlan;
  /** The plan entry: the journal's, or the one to append before the first send. */
  planEntry: PlanEntry;
  target: IssuanceTarget;
  /** How batches were sized (new plans only). */
  sizing: SizeBatchesReturnType | undefined;
  fees: FeeQuote;
  /** Estimated gas of every batch (fresh recipients: an upper estimate) and its cost now and at most. */
  estimatedGas: bigint;
  expectedCost: bigint;
  maxCost: bigint;
  /** Recipients in the list who already received tickets from this contract earlier (new plans only). */
  previousHolders: string[];
  /**
   * Tickets of the list the plan leaves out because they are already on-chain (the plan entry's `excluded`, as a
   * map from lowercase address to tickets); empty with `allowRepeat`.
   */
  excluded: Map<string, number>;
}

/**
 * Everything before the first send: reads the contract (code, cap, minted, paused, minter role), then either
 * reloads the journal's plan (checking it belongs to this chain history, contract and file; with the batches moved
 * where its `shift` entries say) or makes a new one:
 * reads which addresses of the list the contract already minted tickets to (its `Transfer` events from zero) and,
 * unless `allowRepeat`, leaves those tickets out (so a re-plan after a journal was set aside never issues a row
 * twice), checks the supply, sizes batches from gas estimates, plans, and prices it at the current EIP-1559 fees.
 * Sends nothing and writes nothing.
 *
 * @param parameters Provider, contract, sender, the validated attendee list and the journal so far.
 * @returns The plan and what it costs.
 * @throws {SupplyExceededError} when the list asks for more tickets than remain.
 * @throws {IssuancePreconditionError} no contract, not a minter, or paused.
 * @throws {JournalMismatchError} when the journal belongs to another chain history or plan.
 * @example
 * const prepared = await prepareIssuance({ provider, contract, sender, attendees, journalEntries: [], journalLocation: "(memory)" });
 */
export async function prepareIssuance({
  provider,
  contract,
  sender,
  attendees,
  journalEntries,
  journalLocation,
  iface = ticketInterface(),
  maxBatchSize,
  marginPercent = 75,
  allowRepeat = false,
}: PrepareIssuanceParameters): Promise<PrepareIssuanceReturnType> {
  const target = await readIssuanceTarget({ provider, iface, contract, sender: sender.address });
  const fees = await quoteFees(provider);
  if (fees === undefined) {
    throw new IssuancePreconditionError("no-eip1559", "this chain has no EIP-1559 base fee; not supported");
  }
  const existing = journalEntries.find((e): e is PlanEntry => e.t === "plan");

  if (existing !== undefined) {
    const mismatch =
      existing.genesis !== target.genesis || existing.chainId !== target.chainId.toString()
        ? "other-chain"
        : existing.contract.toLowerCase() !== contract.toLowerCase() ||
            existing.fileHash !== attendees.fileHash
          ? "plan"
          : undefined;
    if (mismatch !== undefined) {
      throw new JournalMismatchError(
        journalLocation,
        mismatch === "other-chain"
          ? "the journal was written on another chain history (a restarted dev node?)"
          : "the journal is for another contract or attendee file",
        mismatch,
      );
    }
    const excluded = new Map(existing.excluded ?? []);
    const planned = planIssuance({
      recipients: withoutExcluded(attendees.table, excluded),
      startId: BigInt(existing.startId),
      counts: existing.counts,
    });
    if (planned.planHash !== existing.planHash) {
      throw new JournalMismatchError(
        journalLocation,
        "the attendee list no longer gives the journaled plan",
        "plan",
      );
    }
    // Batches the interrupted run moved past foreign mints (claims) resume where it moved them.
    const plan = applyShifts(planned, journalEntries, journalLocation);
    const cost = price(
      plan,
      BigInt(existing.baseGas),
      BigInt(existing.gasPerTicket),
      fees,
      target.nextTokenId,
    );
    return {
      resumed: true,
      plan,
      planEntry: existing,
      target,
      sizing: undefined,
      fees,
      ...cost,
      previousHolders: [],
      excluded,
    };
  }

  if (!target.senderIsMinter) {
    throw new IssuancePreconditionError(
      "not-minter",
      `the sending account ${sender.address} does not have the minter role on ${contract}`,
      "grant it MINTER_ROLE from the admin account, then run again; nothing was sent",
    );
  }
  if (target.paused) {
    throw new IssuancePreconditionError(
      "paused",
      `the ticket contract ${contract} is paused; nothing was sent`,
    );
  }
  // Who already holds tickets from this contract: a re-plan (the journal set aside) must not issue them again.
  const onChain =
    target.totalMinted > 0n
      ? await mintedTo(provider, iface, contract, attendees, target.blockNumber)
      : new Map<string, number>();
  if (onChain === undefined && !allowRepeat) {
    throw new IssuancePreconditionError(
      "holders-unknown",
      `cannot tell which of these addresses already hold tickets from ${contract} (${target.totalMinted} minted): ` +
        `the node keeps no history to find its deployment block on a chain of ${target.blockNumber} blocks; nothing was sent`,
      "resume with the airdrop's journal if it has one; else use a node with history (archive), or pass --allow-repeat to plan every row's full quantity",
    );
  }
  // `onChain` holds only addresses of the list (see mintedTo): small unless the list was mostly issued before.
  const previousHolders = [...(onChain?.keys() ?? [])].sort();
  const excluded = new Map<string, number>();
  if (!allowRepeat) {
    for (const [address, count] of onChain ?? []) {
      const already = Math.min(attendees.table.quantity(attendees.table.indexOf(address)), count);
      if (already > 0) excluded.set(address, already);
    }
  }
  const recipients = withoutExcluded(attendees.table, excluded);
  const totalTickets = recipients.totalTickets;

  const remaining = target.cap - target.totalMinted;
  if (BigInt(totalTickets) > remaining) {
    throw new SupplyExceededError(attendees.file, BigInt(totalTickets), remaining);
  }

  const startId = target.nextTokenId;
  const sizing =
    totalTickets === 0
      ? NOTHING_TO_SIZE
      : await sizeBatches({
          estimateGas: async (recipients) =>
            BigInt(
              await rpc<string>(provider, "eth_estimateGas", [
                {
                  from: sender.address,
                  to: contract,
                  data: iface.encodeFunctionData("airdrop", [startId, recipients]),
                },
              ]),
            ),
          totalTickets,
          blockGasLimit: fees.blockGasLimit,
          txGasCap: TX_GAS_CAP,
          marginPercent,
          maxBatchSize,
        });
  const plan = planIssuance({ recipients, startId, batchSize: sizing.batchSize });
  const planEntry: PlanEntry = {
    t: "plan",
    v: 1,
    at: new Date().toISOString(),
    chainId: target.chainId.toString(),
    genesis: target.genesis,
    contract: contract.toLowerCase(),
    file: attendees.file.split(/[\\/]/).pop() ?? attendees.file,
    fileHash: attendees.fileHash,
    sender: sender.address,
    signing: sender.mode,
    startId: startId.toString(),
    counts: plan.batches.map((b) => b.count),
    planHash: plan.planHash,
    totalTickets: plan.totalTickets,
    fromBlock: target.blockNumber,
    baseGas: sizing.baseGas.toString(),
    gasPerTicket: sizing.gasPerTicket.toString(),
    ...(excluded.size > 0 ? { excluded: [...excluded] } : {}),
  };
  const cost = price(plan, sizing.baseGas, sizing.gasPerTicket, fees, startId);
  return { resumed: false, plan, planEntry, target, sizing, fees, ...cost, previousHolders, excluded };
}

/** The sizing of a plan with nothing left to issue (every ticket of the list is already on-chain). */
const NOTHING_TO_SIZE: SizeBatchesReturnType = {
  batchSize: 1,
  gasTarget: 0n,
  batchGas: 0n,
  baseGas: 0n,
  gasPerTicket: 0n,
  probes: 0,
};

/** The recipients with the tickets already on-chain taken off (those left with none get none). */
function withoutExcluded(table: RecipientTable, excluded: ReadonlyMap<string, number>): RecipientTable {
  if (excluded.size === 0) return table;
  const quantities = table.quantities();
  for (const [address, count] of excluded) {
    const i = table.indexOf(address);
    if (i >= 0) quantities[i] = Math.max(0, quantities[i]! - count);
  }
  return table.withQuantities(quantities);
}

/** Gas and cost of the batches not yet issued (those starting at or after `next`). */
function price(plan: IssuancePlan, baseGas: bigint, gasPerTicket: bigint, fees: FeeQuote, next: bigint) {
  let estimatedGas = 0n;
  for (const b of plan.batches) {
    if (b.firstTokenId < next) continue;
    estimatedGas += baseGas + gasPerTicket * BigInt(b.count);
  }
  return {
    estimatedGas,
    expectedCost: estimatedGas * fees.expectedFeePerGas,
    maxCost: estimatedGas * fees.maxFeePerGas,
  };
}

/**
 * Tickets the contract minted to each address of the list (from its `Transfer(0, to, id)` events); undefined when
 * they cannot be read (no history to find the deployment block of a long chain: scanning from block 0 would cost
 * too many requests).
 */
async function mintedTo(
  provider: Eip1193Provider,
  iface: Interface,
  contract: string,
  attendees: ParseAttendeesReturnType,
  latest: number,
): Promise<Map<string, number> | undefined> {
  const fromBlock = await findDeploymentBlock({ provider, address: contract, latest });
  // Without history to find the deployment, scanning a long chain from block 0 costs too many requests: skip.
  if (fromBlock === 0 && latest > 200_000) return undefined;
  const minted = new Map<string, number>();
  await forEachLogPage({
    provider,
    address: contract,
    topics: [iface.getEvent("Transfer")!.topicHash, zeroPadValue("0x", 32)],
    fromBlock,
    toBlock: latest,
    onPage: (logs) => {
      for (const l of logs) {
        const to = "0x" + (l.topics[2] ?? "").slice(26).toLowerCase();
        if (attendees.table.indexOf(to) >= 0) minted.set(to, (minted.get(to) ?? 0) + 1);
      }
    },
  });
  return minted;
}

export interface ReadIssuanceTargetParameters {
  provider: Eip1193Provider;
  iface: Interface;
  contract: string;
  /** The account that will send. */
  sender: string;
}

/**
 * Reads what issuance needs to know about the ticket contract.
 *
 * @param parameters Provider, interface, contract and sender.
 * @returns Chain ID, genesis hash, latest block, cap, minted, next token ID, paused, and the sender's role.
 * @throws {IssuancePreconditionError} if there is no contract at the address.
 * @example
 * const target = await readIssuanceTarget({ provider, iface, contract, sender });
 */
export async function readIssuanceTarget({
  provider,
  iface,
  contract,
  sender,
}: ReadIssuanceTargetParameters): Promise<IssuanceTarget> {
  const [chainIdHex, genesisBlock, blockHex, code] = await Promise.all([
    rpc<string>(provider, "eth_chainId"),
    rpc<{ hash: string }>(provider, "eth_getBlockByNumber", ["0x0", false]),
    rpc<string>(provider, "eth_blockNumber"),
    rpc<string>(provider, "eth_getCode", [contract, "latest"]),
  ]);
  const chainId = BigInt(chainIdHex);
  if (code === "0x") {
    throw new IssuancePreconditionError(
      "no-contract",
      `there is no contract at ${contract} on chain ${chainId}`,
      "deploy first (npx hardhat tickets deploy) or pass --contract",
    );
  }
  const call = async (name: string, args: unknown[] = []) => {
    const data = await rpc<string>(provider, "eth_call", [
      { to: contract, data: iface.encodeFunctionData(name, args) },
      "latest",
    ]);
    return iface.decodeFunctionResult(name, data)[0] as unknown;
  };
  const minterRole = (await call("MINTER_ROLE")) as string;
  const [cap, totalMinted, nextTokenId, paused, senderIsMinter] = await Promise.all([
    call("cap") as Promise<bigint>,
    call("totalMinted") as Promise<bigint>,
    call("nextTokenId") as Promise<bigint>,
    call("paused") as Promise<boolean>,
    call("hasRole", [minterRole, sender]) as Promise<boolean>,
  ]);
  return {
    chainId,
    genesis: genesisBlock.hash,
    blockNumber: Number(BigInt(blockHex)),
    cap,
    totalMinted,
    nextTokenId,
    paused,
    senderIsMinter,
  };
}
