/** One journaled transaction of a batch (an `attempt` entry, with its hash once known). */
export interface BatchAttempt {
  attempt: number;
  nonce: number;
  hash?: string;
  /** When it was journaled, in ms since the epoch. */
  at: number;
  /**
   * It names a first token ID the batch no longer has (the batch moved past a foreign mint since): it reverts if
   * mined, so it is never rebroadcast, and a pending one is replaced at once by the batch at its new first ID.
   */
  stale?: boolean;
}

/** What the chain said about one batch just before the decision. */
export interface BatchChainView {
  /** The contract's next token ID. */
  nextTokenId: bigint;
  /** The sending account's nonce: mined (`latest`) and counting its pending transactions (`pending`). */
  latestNonce: number;
  pendingNonce: number;
  /**
   * Whether the node knows (pending or mined) any transaction of the newest nonce this batch has in flight;
   * undefined when the batch has nothing in flight.
   */
  topKnown: boolean | undefined;
  /**
   * Evidence, from locating the batch's first token once the contract moved past it, that a transaction that is
   * not this batch's minted it (a claim, another minter): the block it was mined in. Undefined until located.
   */
  foreignMint?: { blockNumber: number };
  /** The node's latest block (needed with `foreignMint`, to count its confirmations). */
  headBlock?: number;
}

/** What the sender remembers between decisions about one batch (timers), all in ms since the epoch. */
export interface BatchMemory {
  lastRebroadcastAt?: number;
  foreignPendingSince?: number;
  behindSince?: number;
}

export interface NextActionPolicy {
  /** A transaction pending longer than this is replaced at the same nonce with higher fees. */
  stuckAfterMs: number;
  /** Most replacements per nonce. */
  maxReplacements: number;
  /** How long the account's pending transactions that this airdrop did not send are waited for. */
  foreignPendingTimeoutMs: number;
  /** How long a node whose state is behind this airdrop's confirmed batches is waited for. */
  settleTimeoutMs: number;
  /** Least time between two broadcasts of a transaction the node forgot. */
  rebroadcastEveryMs: number;
  /** Blocks a foreign mint must be buried under before the batch moves past it (default 1: mined). */
  confirmations?: number;
}

export interface NextActionParameters {
  /** The batch's first token ID. */
  firstTokenId: bigint;
  /** The batch's journaled transactions, oldest first. */
  attempts: readonly BatchAttempt[];
  chain: BatchChainView;
  memory: BatchMemory;
  policy: NextActionPolicy;
  now: number;
}

/** What to do next for a batch. */
export type NextAction =
  /** The contract moved past the batch's first token: find who issued it (never send). */
  | { type: "locate" }
  /**
   * A transaction not of this airdrop minted the batch's first token (confirmed): journal that this batch and the
   * ones after it now start at `firstTokenId` (the contract's next token), then go on.
   */
  | { type: "shift"; firstTokenId: bigint }
  /** Sign and journal a new transaction at the account's lowest free nonce, then broadcast it. */
  | { type: "send"; nonce: number }
  /** Replace the pending transaction at `nonce` with higher fees. */
  | { type: "replace"; nonce: number; previous: BatchAttempt }
  /** The node forgot the transaction: broadcast the journaled one again, unchanged. */
  | { type: "rebroadcast"; attempt: BatchAttempt }
  /** Look at the chain again after the poll interval. */
  | { type: "wait"; reason?: string }
  /** Stop: the account is blocked by transactions this airdrop did not send, or the chain stays behind. */
  | { type: "fail"; reason: "foreign-pending" | "behind" };

export interface NextActionReturnType {
  action: NextAction;
  /** The memory to keep for the next decision about this batch. */
  memory: BatchMemory;
}

/**
 * Decides the next step of sending one batch from its journal and what the chain says now, without doing
 * anything: the exactly-once rules of the airdrop in one pure function (the sender carries the action out).
 *
 * - the contract moved past the batch's first token: locate it, never send (the batch, or someone's, is on-chain);
 *   once located as minted by a transaction that is not this batch's, and that mint is `confirmations` deep, shift
 *   the batch (and the ones after it) to the contract's next token: a claim between two batches never stops the
 *   airdrop, and no token of this batch can be among those skipped (its transactions all name an earlier first ID);
 * - the contract is before it: the node's state is behind the confirmed batches; wait, then fail;
 * - nothing of the batch in flight: send at the lowest free nonce, unless the account has pending transactions
 *   this airdrop did not send (wait for them, then fail);
 * - the newest attempt sits behind a nonce gap nothing fills: send at the lowest free nonce instead (should the old
 *   one ever be mined, the contract's first-token check makes it revert);
 * - the node does not know the newest attempt: rebroadcast it, at most every `rebroadcastEveryMs`;
 * - it names a first ID the batch no longer has (stale; it can only revert): never rebroadcast it; replace it at
 *   once while pending (at most `maxReplacements` times), else send at the lowest free nonce;
 * - it is pending longer than `stuckAfterMs`: replace it at the same nonce, at most `maxReplacements` times;
 * - otherwise wait.
 *
 * @param parameters The batch's first token, attempts, the chain's view, memory, policy and clock.
 * @returns The action and the memory to keep.
 * @example
 * const { action } = nextAction({ firstTokenId: 1n, attempts: [], chain, memory: {}, policy, now: Date.now() });
 * action; // { type: "send", nonce: 0 }
 */
export function nextAction({
  firstTokenId,
  attempts,
  chain,
  memory,
  policy,
  now,
}: NextActionParameters): NextActionReturnType {
  const { nextTokenId, latestNonce, pendingNonce, topKnown } = chain;
  if (nextTokenId > firstTokenId) {
    if (chain.foreignMint === undefined) return { action: { type: "locate" }, memory: {} };
    const needed = policy.confirmations ?? 1;
    const depth = (chain.headBlock ?? chain.foreignMint.blockNumber) - chain.foreignMint.blockNumber + 1;
    if (depth >= needed) return { action: { type: "shift", firstTokenId: nextTokenId }, memory: {} };
    return {
      action: {
        type: "wait",
        reason: `token ${firstTokenId} was minted by a transaction not of this airdrop; moving past it once it is confirmed (${depth}/${needed})`,
      },
      memory,
    };
  }
  if (nextTokenId < firstTokenId) {
    const behindSince = memory.behindSince ?? now;
    if (now - behindSince < policy.settleTimeoutMs) {
      return {
        action: {
          type: "wait",
          reason: `the node's state is behind this airdrop (next token ${nextTokenId}, expected ${firstTokenId})`,
        },
        memory: { ...memory, behindSince },
      };
    }
    return { action: { type: "fail", reason: "behind" }, memory: { ...memory, behindSince } };
  }
  const settled: BatchMemory = { ...memory, behindSince: undefined };

  const live = attempts.filter((a) => a.nonce >= latestNonce);
  if (live.length === 0) {
    if (pendingNonce > latestNonce) {
      const foreignPendingSince = settled.foreignPendingSince ?? now;
      const memoryNow = { ...settled, foreignPendingSince };
      if (now - foreignPendingSince > policy.foreignPendingTimeoutMs) {
        return { action: { type: "fail", reason: "foreign-pending" }, memory: memoryNow };
      }
      return { action: { type: "wait", reason: "pending transactions of the account" }, memory: memoryNow };
    }
    return {
      action: { type: "send", nonce: latestNonce },
      memory: { ...settled, foreignPendingSince: undefined },
    };
  }
  const top = live[live.length - 1]!;
  if (top.nonce > latestNonce && pendingNonce <= latestNonce) {
    return { action: { type: "send", nonce: latestNonce }, memory: settled };
  }
  if (top.stale === true) {
    // It can only revert: replace it while it is pending, never broadcast it again.
    if (topKnown === true) {
      const replacements = live.filter((a) => a.nonce === top.nonce).length - 1;
      if (replacements < policy.maxReplacements) {
        return { action: { type: "replace", nonce: top.nonce, previous: top }, memory: settled };
      }
      return {
        action: { type: "wait", reason: "a transaction for the batch's old first token is pending" },
        memory: settled,
      };
    }
    if (pendingNonce <= latestNonce) return { action: { type: "send", nonce: latestNonce }, memory: settled };
    return { action: { type: "wait", reason: "pending transactions of the account" }, memory: settled };
  }
  if (topKnown !== true) {
    const last = settled.lastRebroadcastAt ?? 0;
    if (now - last >= policy.rebroadcastEveryMs) {
      return {
        action: { type: "rebroadcast", attempt: top },
        memory: { ...settled, lastRebroadcastAt: now },
      };
    }
    return { action: { type: "wait" }, memory: settled };
  }
  if (now - top.at > policy.stuckAfterMs) {
    const replacements = live.filter((a) => a.nonce === top.nonce).length - 1;
    if (replacements < policy.maxReplacements) {
      return { action: { type: "replace", nonce: top.nonce, previous: top }, memory: settled };
    }
    return { action: { type: "wait", reason: "stuck after the last fee bump" }, memory: settled };
  }
  return { action: { type: "wait" }, memory: settled };
}
