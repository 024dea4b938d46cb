import { rpc, toQuantity, type Eip1193Provider } from "./eip1193.js";

export interface FindDeploymentBlockParameters {
  provider: Eip1193Provider;
  address: string;
  /** Default: the latest block. */
  latest?: number;
}

/**
 * Finds the block a contract was created in, by bisecting `eth_getCode` over history (about log2(blocks)
 * calls), so event scans start there instead of at block 0. Nodes that keep no old state make this fail:
 * it then returns 0, which is always safe.
 *
 * @param parameters Provider and address.
 * @returns The first block where the address has code, or 0 if unknown.
 * @example
 * const from = await findDeploymentBlock({ provider, address });
 */
export async function findDeploymentBlock({
  provider,
  address,
  latest,
}: FindDeploymentBlockParameters): Promise<number> {
  const hasCode = async (block: number) =>
    (await rpc<string>(provider, "eth_getCode", [address, toQuantity(block)])) !== "0x";
  try {
    let hi = latest ?? Number(BigInt(await rpc<string>(provider, "eth_blockNumber")));
    if (!(await hasCode(hi))) return hi;
    let lo = 0;
    if (await hasCode(0)) return 0;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await hasCode(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  } catch {
    return 0;
  }
}
