import { keccak256, toUtf8Bytes } from "ethers";

import { isTransientRpcError } from "../chain/resilient-provider.js";

/** EIP-7825 (Osaka): the most gas one transaction may use. */
export const TX_GAS_CAP = 16_777_216n;

export interface SizeBatchesParameters {
  /**
   * Estimates the gas of one `airdrop` with these recipients (sorted ascending, all fresh addresses) from the
   * sender; throws if the call would revert.
   */
  estimateGas: (recipients: string[]) => Promise<bigint>;
  /** Tickets to issue in all. */
  totalTickets: number;
  /** The current block gas limit. */
  blockGasLimit: bigint;
  /** The per-transaction cap; default {@link TX_GAS_CAP}. */
  txGasCap?: bigint;
  /** Share of the smaller limit a batch may use, in percent. Default 75. */
  marginPercent?: number;
  /** Upper bound on tickets per batch set by the operator (e.g. 50). */
  maxBatchSize?: number;
}

export interface SizeBatchesReturnType {
  /** Tickets per batch. */
  batchSize: number;
  /** The gas a batch may use: `marginPercent` of min(block gas limit, per-transaction cap). */
  gasTarget: bigint;
  /** Estimated gas of one full batch of fresh recipients. */
  batchGas: bigint;
  /** Linear model from the probes: fixed gas per transaction and gas per ticket. */
  baseGas: bigint;
  gasPerTicket: bigint;
  /** eth_estimateGas calls made. */
  probes: number;
}

/**
 * Picks the batch size from gas estimates rather than a fixed number, so it works for any variant of the
 * contract (storage mints at ~48k gas per ticket, the compact roster at a few thousand, with its own size
 * limit). Estimates use distinct fresh addresses, the costliest case, sorted ascending. It fits a line to two
 * probes, then checks the chosen size and halves towards the last size that fit while the estimate exceeds
 * the target or reverts (e.g. a roster-size limit).
 *
 * @param parameters The estimator and limits.
 * @returns The batch size and the gas model.
 * @throws What `estimateGas` throws for a single-ticket batch (no minter role, paused, …): the real reason.
 * @example
 * const { batchSize } = await sizeBatches({ estimateGas, totalTickets: 5000, blockGasLimit: 60_000_000n });
 */
export async function sizeBatches({
  estimateGas,
  totalTickets,
  blockGasLimit,
  txGasCap = TX_GAS_CAP,
  marginPercent = 75,
  maxBatchSize = Number.MAX_SAFE_INTEGER,
}: SizeBatchesParameters): Promise<SizeBatchesReturnType> {
  const limit = blockGasLimit < txGasCap ? blockGasLimit : txGasCap;
  const gasTarget = (limit * BigInt(marginPercent)) / 100n;
  const upper = Math.max(1, Math.min(totalTickets, maxBatchSize));
  let probes = 0;
  const tryEstimate = async (n: number): Promise<bigint | undefined> => {
    probes++;
    try {
      return await estimateGas(probeRecipients(n));
    } catch (error) {
      if (n === 1 || isTransientRpcError(error)) throw error;
      return undefined; // too large for the contract or the node: shrink
    }
  };

  const g1 = await tryEstimate(1);
  if (g1 === undefined || g1 > gasTarget) {
    throw new RangeError(`a single ticket needs ${g1} gas, more than the target ${gasTarget}`);
  }
  if (upper === 1) return { batchSize: 1, gasTarget, batchGas: g1, baseGas: g1, gasPerTicket: 0n, probes };

  const k = Math.min(upper, 32);
  const gk = await tryEstimate(k);
  let good = 1;
  let goodGas = g1;
  let gasPerTicket = 0n;
  let baseGas = g1;
  let candidate: number;
  if (gk === undefined || gk > gasTarget) {
    candidate = Math.max(1, Math.floor(k / 2));
  } else {
    good = k;
    goodGas = gk;
    gasPerTicket = (gk - g1) / BigInt(k - 1);
    baseGas = g1 - gasPerTicket;
    candidate = gasPerTicket > 0n ? Number((gasTarget - baseGas) / gasPerTicket) : upper;
  }
  let bad = upper + 1; // smallest size known not to fit
  candidate = Math.min(candidate, upper);
  for (let round = 0; round < 12 && candidate > good && candidate < bad; round++) {
    const g = await tryEstimate(candidate);
    if (g !== undefined && g <= gasTarget) {
      good = candidate;
      goodGas = g;
      // The model may be pessimistic (warm storage): try further only if the linear guess says it fits.
      const next = gasPerTicket > 0n ? Number((gasTarget - baseGas) / gasPerTicket) : upper;
      candidate = Math.min(upper, bad - 1, next > good ? next : good);
    } else {
      bad = candidate;
      const scaled = g === undefined ? 0 : Math.floor((candidate * Number(gasTarget)) / Number(g));
      candidate = Math.max(good + Math.floor((candidate - good) / 2), Math.min(scaled, candidate - 1));
      if (candidate <= good) break;
    }
  }
  return { batchSize: good, gasTarget, batchGas: goodGas, baseGas, gasPerTicket, probes };
}

/**
 * `n` distinct, deterministic, never-used addresses, sorted ascending: the recipients gas probes use.
 *
 * @param n How many.
 * @returns Lowercase addresses.
 * @example
 * probeRecipients(2); // ["0x1c…", "0xe4…"]
 */
export function probeRecipients(n: number): string[] {
  for (let i = probeCache.length; i < n; i++) {
    probeCache.push("0x" + keccak256(toUtf8Bytes(`papercut-gas-probe-${i}`)).slice(26));
  }
  return probeCache.slice(0, n).sort();
}

const probeCache: string[] = [];
