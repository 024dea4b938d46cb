import { rpc, type Eip1193Provider } from "./eip1193.js";

export interface FeeQuote {
  /** Base fee of the latest block. */
  baseFeePerGas: bigint;
  /** Tip offered to the block producer. */
  maxPriorityFeePerGas: bigint;
  /** Most paid per gas: twice the base fee plus the tip (survives six full blocks of base-fee rises). */
  maxFeePerGas: bigint;
  /** What a transaction is expected to pay per gas now: base fee plus tip. */
  expectedFeePerGas: bigint;
  /** The latest block's gas limit. */
  blockGasLimit: bigint;
  blockNumber: number;
}

/**
 * Reads the current EIP-1559 fees from the latest block and `eth_maxPriorityFeePerGas` (falling back to
 * 1 gwei, capped by nothing else).
 *
 * @param provider An EIP-1193 provider.
 * @returns The fee quote, or undefined on a chain without a base fee (pre-London).
 * @example
 * const fees = await quoteFees(provider);
 * const cost = gas * fees.expectedFeePerGas;
 */
export async function quoteFees(provider: Eip1193Provider): Promise<FeeQuote | undefined> {
  const block = await rpc<{ baseFeePerGas?: string; gasLimit: string; number: string } | null>(
    provider,
    "eth_getBlockByNumber",
    ["latest", false],
  );
  if (block === null || block.baseFeePerGas === undefined) return undefined;
  const baseFeePerGas = BigInt(block.baseFeePerGas);
  let tip: bigint;
  try {
    tip = BigInt(await rpc<string>(provider, "eth_maxPriorityFeePerGas"));
  } catch {
    tip = 1_000_000_000n;
  }
  return {
    baseFeePerGas,
    maxPriorityFeePerGas: tip,
    maxFeePerGas: 2n * baseFeePerGas + tip,
    expectedFeePerGas: baseFeePerGas + tip,
    blockGasLimit: BigInt(block.gasLimit),
    blockNumber: Number(BigInt(block.number)),
  };
}
