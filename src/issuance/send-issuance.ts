import { keccak256, type Interface } from "ethers";

import { classifySendError } from "../chain/classify-send-error.js";
import { revertData, rpc, toQuantity, type Eip1193Provider } from "../chain/eip1193.js";
import { quoteFees } from "../chain/quote-fees.js";
import { isTransientRpcError } from "../chain/resilient-provider.js";
import { PapercutError } from "../errors.js";
import { JournalMismatchError } from "../journal/errors.js";
import { describeRevert, ticketInterface } from "./abi.js";
import {
  BatchRevertedError,
  IssuanceConflictError,
  IssuanceOutcomeUnknownError,
  IssuancePreconditionError,
} from "./errors.js";
import {
  findAppliedBatch,
  findTokenMint,
  verifyBatchReceipt,
  type AppliedBatch,
  type RpcReceipt,
  type TokenMint,
} from "./find-applied-batch.js";
import type { AttemptEntry, Journal, MinedEntry, ShiftEntry } from "./journal.js";
import type { IssuanceBatch, IssuancePlan } from "./plan-issuance.js";
import { nextAction, type BatchMemory } from "./next-action.js";
import { applyShifts, shiftPlan } from "./shift-plan.js";
import type { TxSender, UnsignedTransaction } from "./tx-sender.js";

/** How long a confirmation wait may see no new block before it says the chain may mine only on demand. */
const QUIET_CHAIN_MS = 10_000;

/** Points where a test can make the process die (see the kill-and-resume tests). */
export type Failpoint = "before-broadcast" | "after-broadcast" | "after-mined";

/** What the sender reports while it works. */
export type IssuanceEvent =
  | { type: "reconciled"; appliedBatches: number; appliedTickets: number }
  | {
      type: "sending";
      batch: number;
      attempt: number;
      nonce: number;
      hash: string | undefined;
      replacement: boolean;
    }
  | { type: "rebroadcast"; batch: number; hash: string | undefined }
  /** A mint not of this airdrop took batch `batch`'s first token `from`: it and the later batches now start at `to`. */
  | { type: "shifted"; batch: number; from: bigint; to: bigint; by: string }
  | { type: "waiting"; batch: number; reason: string }
  | { type: "batch-confirmed"; batch: AppliedBatch; alreadyApplied: boolean };

export interface SendIssuanceParameters {
  provider: Eip1193Provider;
  chainId: bigint;
  contract: string;
  sender: TxSender;
  plan: IssuancePlan;
  journal: Journal;
  /** A block before any of this airdrop's transactions (from the plan entry). */
  fromBlock: number;
  /** The contract interface (default: the minimal issuance ABI). */
  iface?: Interface;
  /** Blocks a batch must be buried under (1 = mined) before the next is sent. Default 1. */
  confirmations?: number;
  /** How often to look at the chain while waiting. Default 1,000 ms. */
  pollIntervalMs?: number;
  /** A transaction pending longer than this is replaced at the same nonce with higher fees. Default 120 s. */
  stuckAfterMs?: number;
  /** Fee increase of a replacement, in percent (nodes require at least 10). Default 25. */
  feeBumpPercent?: number;
  /** Most replacements per nonce; after that it keeps waiting (and rebroadcasting). Default 4. */
  maxReplacements?: number;
  /** How long to wait for pending transactions of the account that this airdrop did not send. Default 5 min. */
  foreignPendingTimeoutMs?: number;
  /**
   * How long to wait, when the contract shows a batch's tokens issued, for the node to serve the receipt or event
   * that says which transaction issued them (a node can serve a block's state before its receipts and logs).
   * Default 120 s; after it the run stops with {@link IssuanceOutcomeUnknownError}, having sent nothing more.
   */
  settleTimeoutMs?: number;
  /** Checked between batches: when it returns true the sender stops after the current batch. */
  shouldStop?: () => boolean;
  onEvent?: (event: IssuanceEvent) => void;
  /** Test hook, called at each {@link Failpoint}. */
  failpoint?: (point: Failpoint, batch: number) => void;
}

export interface SendIssuanceReturnType {
  status: "done" | "stopped";
  /** Every batch on-chain, in plan order, as read back from the chain. */
  applied: AppliedBatch[];
  /** The plan as sent: each batch at the first token ID it was issued at (moved past foreign mints). */
  plan: IssuancePlan;
  /** Batches this run moved past a foreign mint (journaled `shift` entries). */
  shifts: number;
  /** Batches that were already on-chain when this run started. */
  alreadyApplied: number;
  /** Transactions signed/sent by this run (replacements included). */
  sent: number;
  rebroadcasts: number;
  replacements: number;
}

/** The attempts of one batch, merged from `attempt` and `sent` entries. */
interface Attempt extends AttemptEntry {
  hash?: string;
}

/**
 * Sends an airdrop's batches exactly once, resuming from any interruption. Before sending anything it
 * reconciles with the chain: batches whose token range the contract already issued are located (journaled
 * transactions first, else the `TicketsIssued` event), verified recipient by recipient against the plan, and
 * skipped. Then, one batch at a time and in order:
 *
 * - every transaction is journaled (and fsynced) before broadcast: the signed raw transaction and its hash, or
 *   for a node that can only send, the intended nonce and fees (the hash follows once the node answers);
 * - each batch names its first token ID, so a replay reverts on-chain instead of issuing twice, and the chain
 *   (`nextTokenId`, receipts, events), never the absence of an answer, decides whether a batch happened;
 * - a transaction the node forgot (dropped, or never arrived) is rebroadcast unchanged; one pending longer than
 *   `stuckAfterMs` is replaced at the same nonce with fees raised by `feeBumpPercent`; "nonce too low", "already
 *   known", "replacement underpriced" and transport failures lead back to reading the chain;
 * - a batch counts when it is `confirmations` blocks deep and its receipt is still canonical;
 * - when a transaction that is not this airdrop's (a claim, another minter) minted a batch's first token, shown by
 *   the mint's receipt, and that mint is `confirmations` deep, the batch and every later one move to the contract's
 *   next token: journaled (`shift`) before anything is sent at the new ID, so a resume derives the same plan; a
 *   transaction still in flight for the old first ID can only revert, so it is replaced, never rebroadcast, and
 *   its revert does not count against the batch;
 * - when the contract shows a batch's tokens issued but the node does not serve the receipt or event that issued
 *   them yet, the outcome is unknown, not a conflict: it waits (bounded by `settleTimeoutMs`, re-reading up to the
 *   block whose state showed them issued) and calls it a conflict only on evidence, the transaction that minted
 *   the batch's first token and issued something else.
 *
 * @param parameters Provider, sender, plan, journal and policy.
 * @returns Whether it finished or stopped on request, and every applied batch read from the chain.
 * @throws {IssuanceConflictError} if one of this airdrop's own transactions issued a batch otherwise than planned,
 * or the chain stays behind the batches it confirmed.
 * @throws {IssuanceOutcomeUnknownError} if the node never served who issued a batch's tokens within the wait.
 * @example
 * const result = await sendIssuance({ provider, chainId, contract, sender, plan, journal, fromBlock });
 */
export async function sendIssuance(parameters: SendIssuanceParameters): Promise<SendIssuanceReturnType> {
  const run = new IssuanceRun(parameters);
  return await run.execute();
}

class IssuanceRun {
  readonly #p: Required<Omit<SendIssuanceParameters, "iface" | "shouldStop" | "onEvent" | "failpoint">> &
    Pick<SendIssuanceParameters, "shouldStop" | "onEvent" | "failpoint">;
  readonly #iface: Interface;
  readonly #stats = { sent: 0, rebroadcasts: 0, replacements: 0, shifts: 0 };
  /** The plan as it is now: batches move past foreign mints. */
  #plan: IssuancePlan;

  constructor(p: SendIssuanceParameters) {
    this.#p = {
      confirmations: 1,
      pollIntervalMs: 1_000,
      stuckAfterMs: 120_000,
      feeBumpPercent: 25,
      maxReplacements: 4,
      foreignPendingTimeoutMs: 300_000,
      settleTimeoutMs: 120_000,
      ...p,
    };
    this.#iface = p.iface ?? ticketInterface();
    // The journal's shifts, if the caller's plan does not have them yet (applyShifts skips those it has).
    this.#plan = applyShifts(p.plan, p.journal.entries(), p.journal.location);
  }

  async execute(): Promise<SendIssuanceReturnType> {
    const { plan, journal } = this.#p;
    const applied: AppliedBatch[] = [];
    const result = (status: "done" | "stopped") => ({
      status,
      applied,
      alreadyApplied,
      plan: this.#plan,
      ...this.#stats,
    });
    const next = await this.#nextTokenId();
    if (next < plan.startId) {
      throw new JournalMismatchError(
        journal.location,
        `the contract's next token is ${next}, before this airdrop's first token ${plan.startId} (another chain history?)`,
        "other-chain",
      );
    }
    // Reconcile: everything the chain already has, verified against the plan. A batch whose first token someone
    // else minted is left to the send loop below, which moves it (and the later ones) past that mint.
    for (const batch of this.#plan.batches) {
      if (batch.firstTokenId >= next) break;
      const found = await this.#locateSettled(batch);
      if (found === undefined || "foreign" in found) break;
      const confirmed = await this.#confirm(batch, found, true);
      if (confirmed === undefined) break; // reorganised away meanwhile: sent again below
      applied.push(confirmed);
    }
    const alreadyApplied = applied.length;
    this.#p.onEvent?.({
      type: "reconciled",
      appliedBatches: alreadyApplied,
      appliedTickets: applied.reduce((s, a) => s + a.count, 0),
    });

    for (let index = applied.length; index < plan.batches.length; index++) {
      if (this.#p.shouldStop?.() === true) return result("stopped");
      applied.push(await this.#drive(index));
    }
    if (!journal.entries().some((e) => e.t === "done")) journal.append({ t: "done", at: now() });
    return result("done");
  }

  /**
   * Sends one batch and returns once it is confirmed on-chain: reads the chain, asks {@link nextAction} what to
   * do, carries that out, and again.
   */
  async #drive(index: number): Promise<AppliedBatch> {
    const checkedReverts = new Set<string>();
    let reverts = 0;
    let memory: BatchMemory = {};
    /** What locating the batch's first token found: minted by a transaction not of this batch. */
    let foreign: { firstTokenId: bigint; mint: TokenMint } | undefined;
    for (;;) {
      const batch = this.#plan.batches[index]!;
      const nextTokenId = await this.#nextTokenId();
      const [latestNonce, pendingNonce] =
        nextTokenId === batch.firstTokenId
          ? await Promise.all([this.#nonce("latest"), this.#nonce("pending")])
          : [0, 0];
      const attempts = this.#attempts(batch.index);
      const stale = (a: Attempt) =>
        a.firstTokenId !== undefined && BigInt(a.firstTokenId) !== batch.firstTokenId;
      if (nextTokenId === batch.firstTokenId) {
        // Mined attempts that reverted: three mean sending again would not help. One that named a first token the
        // batch has since moved from reverted because of the foreign mint: expected, not counted.
        for (const a of attempts) {
          if (a.hash === undefined || a.nonce >= latestNonce || checkedReverts.has(a.hash) || stale(a))
            continue;
          checkedReverts.add(a.hash);
          const receipt = await rpc<RpcReceipt | null>(this.#p.provider, "eth_getTransactionReceipt", [
            a.hash,
          ]);
          if (receipt !== null && BigInt(receipt.status) === 0n) {
            reverts++;
            if (reverts >= 3) throw new BatchRevertedError(batch.index, a.hash, "three attempts reverted");
          }
        }
      }
      const live = attempts.filter((a) => a.nonce >= latestNonce);
      const top = live.at(-1);
      const evidence = foreign?.firstTokenId === batch.firstTokenId ? foreign.mint : undefined;
      const decision = nextAction({
        firstTokenId: batch.firstTokenId,
        attempts: attempts.map((a) => ({
          attempt: a.attempt,
          nonce: a.nonce,
          hash: a.hash,
          at: Date.parse(a.at),
          ...(stale(a) ? { stale: true } : {}),
        })),
        chain: {
          nextTokenId,
          latestNonce,
          pendingNonce,
          topKnown:
            nextTokenId !== batch.firstTokenId || top === undefined
              ? undefined
              : await this.#anyKnown(live.filter((a) => a.nonce === top.nonce)),
          ...(evidence === undefined
            ? {}
            : { foreignMint: { blockNumber: evidence.blockNumber }, headBlock: await this.#blockNumber() }),
        },
        memory,
        policy: {
          stuckAfterMs: this.#p.stuckAfterMs,
          maxReplacements: this.#p.maxReplacements,
          foreignPendingTimeoutMs: this.#p.foreignPendingTimeoutMs,
          settleTimeoutMs: this.#p.settleTimeoutMs,
          rebroadcastEveryMs: Math.max(2 * this.#p.pollIntervalMs, 1_000),
          confirmations: this.#p.confirmations,
        },
        now: Date.now(),
      });
      memory = decision.memory;
      const { action } = decision;
      switch (action.type) {
        case "locate": {
          const found = await this.#locateSettled(batch);
          if (found === undefined) continue; // reorganised away: start over
          if ("foreign" in found) {
            foreign = { firstTokenId: batch.firstTokenId, mint: found.foreign };
            continue; // the next decision moves the batch once that mint is confirmed
          }
          this.#p.failpoint?.("after-mined", batch.index);
          const confirmed = await this.#confirm(batch, found, false);
          if (confirmed !== undefined) return confirmed;
          continue; // reorganised away: start over
        }
        case "shift":
          this.#shift(batch, action.firstTokenId, evidence!);
          continue;
        case "send":
          await this.#sendAttempt(batch, action.nonce, undefined);
          continue;
        case "replace":
          await this.#sendAttempt(
            batch,
            action.nonce,
            attempts.find((a) => a.attempt === action.previous.attempt),
          );
          continue;
        case "rebroadcast":
          await this.#rebroadcast(
            batch,
            attempts.find((a) => a.attempt === action.attempt.attempt)!,
          );
          continue;
        case "fail":
          if (action.reason === "behind") {
            throw new IssuanceConflictError(
              batch.index,
              batch.firstTokenId,
              `the contract's next token is ${nextTokenId} (for ${Math.round(this.#p.settleTimeoutMs / 1000)} s): an earlier batch is missing`,
            );
          }
          throw new IssuancePreconditionError(
            "pending-transactions",
            `the sending account ${this.#p.sender.address} has ${pendingNonce - latestNonce} pending transactions this airdrop did not send`,
            "wait for them to be mined or replace them, then run the same command again",
          );
        case "wait":
          if (action.reason !== undefined) {
            this.#p.onEvent?.({ type: "waiting", batch: batch.index, reason: action.reason });
          }
          await sleep(this.#p.pollIntervalMs);
          continue;
      }
    }
  }

  /** Journals that a batch and the later ones move to `to`, past a foreign mint of its first token; then moves them. */
  #shift(batch: IssuanceBatch, to: bigint, mint: TokenMint): void {
    const entry: ShiftEntry = {
      t: "shift",
      at: now(),
      batch: batch.index,
      from: batch.firstTokenId.toString(),
      to: to.toString(),
      mint: {
        transactionHash: mint.transactionHash,
        blockNumber: mint.blockNumber,
        to: mint.to,
        ...(mint.issued === undefined ? {} : { operator: mint.issued.operator }),
      },
    };
    this.#p.journal.append(entry);
    this.#plan = shiftPlan({ plan: this.#plan, batch: batch.index, firstTokenId: to });
    this.#stats.shifts++;
    this.#p.onEvent?.({
      type: "shifted",
      batch: batch.index,
      from: batch.firstTokenId,
      to,
      by: describeMint(mint),
    });
  }

  /** Journals, then broadcasts, one transaction for a batch (a replacement of `previous` if given). */
  async #sendAttempt(batch: IssuanceBatch, nonce: number, previous: Attempt | undefined): Promise<void> {
    const { provider, sender, journal, chainId } = this.#p;
    const data = this.#iface.encodeFunctionData("airdrop", [batch.firstTokenId, batch.recipients]);
    const fees = await quoteFees(provider);
    if (fees === undefined) {
      throw new IssuancePreconditionError("no-eip1559", "this chain has no EIP-1559 base fee; not supported");
    }
    let maxFeePerGas = fees.maxFeePerGas;
    let maxPriorityFeePerGas = fees.maxPriorityFeePerGas;
    let gasLimit: bigint;
    if (previous !== undefined) {
      const bump = (v: string) => (BigInt(v) * BigInt(100 + this.#p.feeBumpPercent) + 99n) / 100n;
      maxFeePerGas = max(bump(previous.maxFeePerGas), maxFeePerGas);
      maxPriorityFeePerGas = max(bump(previous.maxPriorityFeePerGas), maxPriorityFeePerGas);
      if (maxPriorityFeePerGas > maxFeePerGas) maxFeePerGas = maxPriorityFeePerGas;
      gasLimit = BigInt(previous.gasLimit);
    } else {
      const estimate = await this.#estimate(batch, data);
      if (estimate === undefined) return; // the contract moved on: the caller reads the chain again
      const cap = fees.blockGasLimit < 16_777_216n ? fees.blockGasLimit : 16_777_216n;
      gasLimit = min((estimate * 120n) / 100n, cap);
    }
    const attempt = this.#attempts(batch.index).length + 1;
    const tx: UnsignedTransaction = {
      chainId,
      nonce,
      to: this.#p.contract,
      data,
      gasLimit,
      maxFeePerGas,
      maxPriorityFeePerGas,
    };
    const entry: AttemptEntry = {
      t: "attempt",
      at: now(),
      batch: batch.index,
      attempt,
      nonce,
      gasLimit: gasLimit.toString(),
      maxFeePerGas: maxFeePerGas.toString(),
      maxPriorityFeePerGas: maxPriorityFeePerGas.toString(),
      firstTokenId: batch.firstTokenId.toString(),
    };
    if (sender.sign !== undefined) {
      const raw = await sender.sign(tx);
      entry.raw = raw;
      entry.hash = keccak256(raw);
    }
    journal.append(entry);
    this.#stats.sent++;
    if (previous !== undefined) this.#stats.replacements++;
    this.#p.onEvent?.({
      type: "sending",
      batch: batch.index,
      attempt,
      nonce,
      hash: entry.hash,
      replacement: previous !== undefined,
    });
    this.#p.failpoint?.("before-broadcast", batch.index);
    await this.#broadcast(batch, entry);
    this.#p.failpoint?.("after-broadcast", batch.index);
  }

  /** Sends a journaled attempt to the node. Refusals that mean "check the chain" are not errors. */
  async #broadcast(batch: IssuanceBatch, a: Attempt): Promise<void> {
    const { provider, sender, journal } = this.#p;
    // Its signed form may have been set aside in memory (a batch mined long ago, then reorganised away).
    if (a.raw === undefined && a.hash !== undefined) a.raw = journal.rawOf(batch.index, a.attempt);
    try {
      if (a.raw !== undefined) {
        await rpc<string>(provider, "eth_sendRawTransaction", [a.raw]);
      } else {
        const hash = await rpc<string>(provider, "eth_sendTransaction", [
          {
            from: sender.address,
            to: this.#p.contract,
            data: this.#iface.encodeFunctionData("airdrop", [batch.firstTokenId, batch.recipients]),
            value: "0x0",
            type: "0x2",
            nonce: toQuantity(a.nonce),
            gas: toQuantity(BigInt(a.gasLimit)),
            maxFeePerGas: toQuantity(BigInt(a.maxFeePerGas)),
            maxPriorityFeePerGas: toQuantity(BigInt(a.maxPriorityFeePerGas)),
          },
        ]);
        journal.append({ t: "sent", at: now(), batch: batch.index, attempt: a.attempt, hash });
      }
    } catch (error) {
      const { kind, knownHash } = classifySendError(error);
      if (
        kind === "already-known" &&
        a.raw === undefined &&
        knownHash !== undefined &&
        a.hash === undefined
      ) {
        journal.append({ t: "sent", at: now(), batch: batch.index, attempt: a.attempt, hash: knownHash });
      }
      switch (kind) {
        case "already-known":
        case "nonce-too-low":
        case "underpriced":
        case "unavailable":
          return; // the chain decides: the caller reads it again
        case "fee-too-low": {
          const attempts = this.#attempts(batch.index).filter((x) => x.nonce === a.nonce);
          if (attempts.length - 1 < this.#p.maxReplacements + 2) await this.#sendAttempt(batch, a.nonce, a);
          return;
        }
        case "insufficient-funds":
          throw new PapercutError(
            `the sending account ${sender.address} cannot pay for batch ${batch.index + 1}`,
            {
              details:
                "fund it, then run the same command again (nothing is lost: the journal keeps the plan)",
              cause: error,
            },
          );
        default:
          throw new PapercutError(`the node refused batch ${batch.index + 1}'s transaction`, {
            details: firstLine(error),
            cause: error,
          });
      }
    }
  }

  async #rebroadcast(batch: IssuanceBatch, a: Attempt): Promise<void> {
    this.#stats.rebroadcasts++;
    this.#p.onEvent?.({ type: "rebroadcast", batch: batch.index, hash: a.hash });
    await this.#broadcast(batch, a);
  }

  /** Estimates the batch's gas now; undefined if the contract already moved past it. */
  async #estimate(batch: IssuanceBatch, data: string): Promise<bigint | undefined> {
    try {
      return BigInt(
        await rpc<string>(this.#p.provider, "eth_estimateGas", [
          { from: this.#p.sender.address, to: this.#p.contract, data },
        ]),
      );
    } catch (error) {
      const revert = describeRevert(this.#iface, revertData(error));
      if (revert?.name === "TicketBatchOutOfOrder") return undefined;
      if (revert !== undefined) {
        throw new PapercutError(`the contract refuses batch ${batch.index + 1}: ${revert.text}`, {
          cause: error,
        });
      }
      if (isTransientRpcError(error)) throw error;
      throw new PapercutError(`could not estimate the gas of batch ${batch.index + 1}`, {
        details: firstLine(error),
        cause: error,
      });
    }
  }

  /** Whether the node knows any of these transactions (pending or mined). */
  async #anyKnown(group: Attempt[]): Promise<boolean> {
    for (const a of group) {
      if (a.hash === undefined) continue;
      const tx = await rpc<unknown>(this.#p.provider, "eth_getTransactionByHash", [a.hash]);
      if (tx !== null && tx !== undefined) return true;
    }
    return false;
  }

  /** This batch's journaled transaction hashes, newest first. */
  #candidates(batch: IssuanceBatch): string[] {
    const candidates: string[] = [];
    for (const e of this.#p.journal.entries()) {
      if ((e.t === "mined" || e.t === "sent" || e.t === "attempt") && e.batch === batch.index && e.hash) {
        candidates.push(e.hash);
      }
    }
    return [...new Set(candidates.reverse())];
  }

  /**
   * Locates a batch whose tokens the contract shows issued. A node can serve a block's state before that block's
   * receipts and logs (under load; a load-balanced endpoint whose indexes lag), so a batch not found yet is
   * unknown, not someone else's: this waits, re-reading the journaled transactions' receipts and the events up
   * to the block whose state showed the tokens issued, until it finds the batch, finds evidence that another
   * transaction minted its first token, or `settleTimeoutMs` passes.
   *
   * @returns The applied batch; `{ foreign }`, the evidence, when a transaction that is not this batch's minted its
   * first token; undefined if the chain no longer shows its first token issued (reorganised away).
   * @throws {IssuanceConflictError} when one of this batch's own transactions minted the first token otherwise.
   * @throws {IssuanceOutcomeUnknownError} when the wait ends without an answer, saying what was read.
   */
  async #locateSettled(batch: IssuanceBatch): Promise<AppliedBatch | { foreign: TokenMint } | undefined> {
    const first = batch.firstTokenId;
    const started = Date.now();
    for (;;) {
      const head = await this.#blockNumber();
      const nextAtHead = await this.#nextTokenId(toQuantity(head));
      const next = nextAtHead > first ? nextAtHead : await this.#nextTokenId();
      if (next <= first) return undefined;
      const candidates = this.#candidates(batch);
      const found = await findAppliedBatch({
        provider: this.#p.provider,
        iface: this.#iface,
        contract: this.#p.contract,
        batch,
        candidateHashes: candidates,
        fromBlock: this.#p.fromBlock,
        toBlock: head,
      });
      if (found !== undefined) return found;
      let mint: TokenMint | undefined;
      if (nextAtHead > first) {
        // The block `head` holds the state with the token issued, so its mint event is at or before it.
        mint = await findTokenMint({
          provider: this.#p.provider,
          iface: this.#iface,
          contract: this.#p.contract,
          tokenId: first,
          fromBlock: this.#p.fromBlock,
          toBlock: head,
        });
        if (mint?.receipt) {
          const verdict = verifyBatchReceipt({
            iface: this.#iface,
            contract: this.#p.contract,
            batch,
            receipt: mint.receipt,
          });
          if (verdict !== undefined && "applied" in verdict) return verdict.applied;
          if (candidates.includes(mint.transactionHash)) {
            throw new IssuanceConflictError(
              batch.index,
              first,
              verdict?.mismatch ??
                `${describeMint(mint)}: this batch's own transaction issued something else`,
            );
          }
          return { foreign: mint };
        }
      }
      if (Date.now() - started >= this.#p.settleTimeoutMs) {
        throw new IssuanceOutcomeUnknownError(
          batch.index,
          first,
          `the contract's next token is ${next}` +
            (nextAtHead > first
              ? ` (${nextAtHead} at block ${head})`
              : `, but ${nextAtHead} at the node's latest block ${head}`) +
            `; not served after ${Math.round((Date.now() - started) / 1000)} s: a receipt for any of this batch's ${candidates.length} journaled transactions` +
            (candidates.length > 0 ? ` (${candidates.map((h) => h.slice(0, 10) + "…").join(", ")})` : "") +
            `, a TicketsIssued event for token ${first} in blocks ${this.#p.fromBlock}..${head}` +
            (mint === undefined
              ? `, a Transfer event minting token ${first}`
              : `; served: ${describeMint(mint)}, but not its receipt`),
        );
      }
      this.#p.onEvent?.({
        type: "waiting",
        batch: batch.index,
        reason: `the node shows token ${first} issued but has not yet served the transaction that issued it`,
      });
      await sleep(this.#p.pollIntervalMs);
    }
  }

  /**
   * Waits until an applied batch is `confirmations` deep and still canonical, then journals it. Returns
   * undefined if it was reorganised away meanwhile.
   */
  async #confirm(
    batch: IssuanceBatch,
    found: AppliedBatch,
    already: boolean,
  ): Promise<AppliedBatch | undefined> {
    const { provider, journal, confirmations } = this.#p;
    let current = found;
    let depth = 0;
    let lastHead = -1;
    let headSince = Date.now();
    for (;;) {
      const head = Number(BigInt(await rpc<string>(provider, "eth_blockNumber")));
      if (head !== lastHead) [lastHead, headSince] = [head, Date.now()];
      depth = head - current.blockNumber + 1;
      if (depth >= confirmations) {
        const receipt = await rpc<RpcReceipt | null>(provider, "eth_getTransactionReceipt", [current.hash]);
        if (receipt !== null && receipt.blockHash === current.blockHash) break;
        // Moved or gone (a reorganisation, or a node that no longer serves the receipt): read the chain again.
        const again = await this.#locateSettled(batch);
        if (again === undefined || "foreign" in again) return undefined;
        current = again;
        continue;
      }
      // A chain that mines only when a transaction arrives never buries the batch: say so, and how to go on.
      const quiet = Date.now() - headSince >= QUIET_CHAIN_MS;
      this.#p.onEvent?.({
        type: "waiting",
        batch: batch.index,
        reason:
          `confirmations (${head - current.blockNumber + 1}/${confirmations})` +
          (quiet
            ? `; no new block since block ${head}: a chain that mines only when a transaction arrives will not ` +
              `confirm it. Stop (Ctrl-C) and run the same command with --confirmations 1; nothing is lost`
            : ""),
      });
      await sleep(this.#p.pollIntervalMs);
    }
    const recorded = journal
      .entries()
      .some(
        (e) =>
          e.t === "mined" &&
          e.batch === batch.index &&
          e.hash === current.hash &&
          e.blockHash === current.blockHash,
      );
    if (!recorded) {
      const entry: MinedEntry = {
        t: "mined",
        at: now(),
        batch: batch.index,
        hash: current.hash,
        blockNumber: current.blockNumber,
        blockHash: current.blockHash,
        gasUsed: current.gasUsed.toString(),
        effectiveGasPrice: current.effectiveGasPrice.toString(),
        confirmations: depth,
      };
      journal.append(entry);
    }
    this.#p.onEvent?.({ type: "batch-confirmed", batch: current, alreadyApplied: already });
    return current;
  }

  #attempts(batch: number): Attempt[] {
    const list: Attempt[] = [];
    for (const e of this.#p.journal.entries()) {
      if (e.t === "attempt" && e.batch === batch) list.push({ ...e });
      else if (e.t === "sent" && e.batch === batch) {
        const a = list.find((x) => x.attempt === e.attempt);
        if (a !== undefined) a.hash ??= e.hash;
      }
    }
    return list;
  }

  /** The contract's next token ID at a block (a quantity, or "latest"). */
  async #nextTokenId(block = "latest"): Promise<bigint> {
    const data = await rpc<string>(this.#p.provider, "eth_call", [
      { to: this.#p.contract, data: this.#iface.encodeFunctionData("nextTokenId") },
      block,
    ]);
    return this.#iface.decodeFunctionResult("nextTokenId", data)[0] as bigint;
  }

  async #blockNumber(): Promise<number> {
    return Number(BigInt(await rpc<string>(this.#p.provider, "eth_blockNumber")));
  }

  async #nonce(tag: "latest" | "pending"): Promise<number> {
    return Number(
      BigInt(await rpc<string>(this.#p.provider, "eth_getTransactionCount", [this.#p.sender.address, tag])),
    );
  }
}

/** "token 7 was minted in 0xabc… (block 12) by a batch of 5 from token 5 (operator 0x…)". */
function describeMint(mint: TokenMint): string {
  const batch =
    mint.issued === undefined
      ? ""
      : ` by a batch of ${mint.issued.count} from token ${mint.issued.firstTokenId} (operator ${mint.issued.operator})`;
  return `token ${mint.tokenId} was minted to ${mint.to} in ${mint.transactionHash} (block ${mint.blockNumber})${batch}`;
}

function now(): string {
  return new Date().toISOString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? "";
}
