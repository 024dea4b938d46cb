import { readFileSync } from "node:fs";
import path from "node:path";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { getAddress, id, dataSlice } from "ethers";

import {
  IERC721Conformance__factory,
  type GasProbe,
  type IBenchAirdrop,
  type IERC721Conformance,
} from "../../types/ethers-contracts/index.js";

/** The installed version of npm package `name` (run from the repository root). */
export function packageVersion(name: string): string {
  const file = path.join(process.cwd(), "node_modules", name, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/**
 * The versions a gas result depends on, for a benchmark's results file: Node, Hardhat, EDR, solc, OpenZeppelin,
 * then the `extra` packages, then ethers.
 */
export function benchVersions(extra: readonly string[] = []): Record<string, string> {
  return {
    node: process.version,
    hardhat: packageVersion("hardhat"),
    edr: packageVersion("@nomicfoundation/edr"),
    solc: packageVersion("solc"),
    "@openzeppelin/contracts": packageVersion("@openzeppelin/contracts"),
    ...Object.fromEntries(extra.map((name) => [name, packageVersion(name)])),
    ethers: packageVersion("ethers"),
  };
}

/** EIP-7825 (Osaka): the most gas one transaction may use. */
export const TX_GAS_CAP = 16_777_216n;

const ERC721 = IERC721Conformance__factory.createInterface();
const TRANSFER_TOPIC = ERC721.getEvent("Transfer").topicHash;

/** Sorts addresses ascending by numeric value. */
export function sortAscending(addresses: readonly string[]): string[] {
  return [...addresses].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** `n` distinct, deterministic, never-used addresses (keccak of `label:i`), sorted ascending. */
export function benchAddresses(n: number, label = "papercut-bench-recipient"): string[] {
  return sortAscending(Array.from({ length: n }, (_, i) => getAddress(dataSlice(id(`${label}:${i}`), 12))));
}

/** Splits `list` into `count` consecutive chunks of (almost) equal size. */
export function equalChunks<T>(list: readonly T[], count: number): T[][] {
  const size = Math.ceil(list.length / count);
  const chunks: T[][] = [];
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

/**
 * The same addresses in a deterministic pseudo-random order, cut into `count` chunks, each then sorted: every
 * batch spans the whole address range (the worst case for a roster's `balanceOf`, which then searches every batch).
 */
export function interleavedChunks(sorted: readonly string[], count: number): string[][] {
  const shuffled = [...sorted].sort((a, b) => {
    const x = BigInt(id(`shuffle:${a}`));
    const y = BigInt(id(`shuffle:${b}`));
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return equalChunks(shuffled, count).map(sortAscending);
}

export interface BatchPlan {
  /** Gas of one more recipient (difference of two estimates). */
  marginalGas: bigint;
  /** Most recipients one airdrop transaction can take under the per-transaction cap (and `maxBatch`). */
  maxPerTx: number;
  /** Recipients per transaction used (equal chunks, each within `margin` of the cap). */
  batchSize: number;
  /** Transactions needed. */
  transactions: number;
}

/**
 * Finds the fewest equal airdrop batches whose gas stays under `margin` × the per-transaction cap, from two
 * `eth_estimateGas` calls (100 and 200 recipients) and a check of the first batch. Call before any airdrop.
 */
export async function planBatches(
  token: IBenchAirdrop,
  recipients: readonly string[],
  { maxBatch = Number.MAX_SAFE_INTEGER, margin = 0.9 }: { maxBatch?: number; margin?: number } = {},
): Promise<BatchPlan> {
  // Probe at 100 and 200 recipients, or (with a size limit, i.e. the roster) at half the limit and the limit: a
  // ticket mints batches below its roster threshold to storage, so small probes would price the wrong scheme.
  const high =
    Number.isFinite(maxBatch) && maxBatch < Number.MAX_SAFE_INTEGER
      ? Math.min(maxBatch, recipients.length)
      : 200;
  const low = Math.floor(high / 2);
  const small = await token.airdrop.estimateGas(1n, [...recipients.slice(0, low)]);
  const large = await token.airdrop.estimateGas(1n, [...recipients.slice(0, high)]);
  const marginalGas = (large - small) / BigInt(high - low);
  const base = small - BigInt(low) * marginalGas;
  const fits = (limit: bigint) => Math.min(maxBatch, Number((limit - base) / marginalGas));
  const maxPerTx = fits(TX_GAS_CAP);
  const budget = (TX_GAS_CAP * BigInt(Math.round(margin * 1000))) / 1000n;
  let transactions = Math.ceil(recipients.length / fits(budget));
  for (;;) {
    const batchSize = Math.ceil(recipients.length / transactions);
    const estimate = await token.airdrop.estimateGas(1n, [...recipients.slice(0, batchSize)]);
    if (estimate <= budget) return { marginalGas, maxPerTx, batchSize, transactions };
    transactions++;
  }
}

export interface AirdropResult {
  transactions: number;
  totalGas: bigint;
  largestTxGas: bigint;
  transferEvents: number;
}

/** Sends the batches in order (token IDs from 1), checking each receipt's Transfer count. */
export async function airdropBatches(
  token: IBenchAirdrop,
  batches: readonly string[][],
): Promise<AirdropResult> {
  let next = 1n;
  let totalGas = 0n;
  let largestTxGas = 0n;
  let transferEvents = 0;
  for (const batch of batches) {
    const receipt = await (await token.airdrop(next, [...batch])).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`airdrop at ${next} failed`);
    const transfers = receipt.logs.filter((l) => l.topics[0] === TRANSFER_TOPIC).length;
    if (transfers !== batch.length) throw new Error(`airdrop at ${next}: ${transfers} Transfer events`);
    transferEvents += transfers;
    totalGas += receipt.gasUsed;
    if (receipt.gasUsed > largestTxGas) largestTxGas = receipt.gasUsed;
    next += BigInt(batch.length);
  }
  return { transactions: batches.length, totalGas, largestTxGas, transferEvents };
}

/** Receipt gas of `transferFrom(holder, to, tokenId)` sent by the (impersonated) holder. */
export async function transferGas(
  ethers: HardhatEthers,
  networkHelpers: NetworkHelpers,
  token: IERC721Conformance,
  tokenId: bigint,
  to: string,
): Promise<bigint> {
  const holder = await token.ownerOf(tokenId);
  await networkHelpers.impersonateAccount(holder);
  await networkHelpers.setBalance(holder, 10n ** 18n);
  const signer = await ethers.getSigner(holder);
  const receipt = await (await token.connect(signer).transferFrom(holder, to, tokenId)).wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`transfer of ${tokenId} failed`);
  if ((await token.ownerOf(tokenId)) !== getAddress(to))
    throw new Error(`transfer of ${tokenId} not applied`);
  return receipt.gasUsed;
}

/** Call-level gas of a cold `ownerOf(tokenId)` through the probe (reverts if the call fails). */
export async function ownerOfGas(probe: GasProbe, token: string, tokenId: bigint): Promise<bigint> {
  return await probeGas(probe, token, ERC721.encodeFunctionData("ownerOf", [tokenId]));
}

/** Call-level gas of a cold `balanceOf(owner)` through the probe (reverts if the call fails). */
export async function balanceOfGas(probe: GasProbe, token: string, owner: string): Promise<bigint> {
  return await probeGas(probe, token, ERC721.encodeFunctionData("balanceOf", [owner]));
}

async function probeGas(probe: GasProbe, token: string, data: string): Promise<bigint> {
  const [gasUsed, success] = await probe.measure(token, data);
  if (!success) throw new Error(`probed call ${data.slice(0, 10)} failed`);
  return gasUsed;
}
