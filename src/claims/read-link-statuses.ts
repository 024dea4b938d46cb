import type { Contract } from "ethers";

/** `linkStatus` values, by their position in the contract's `LinkStatus` enum. */
export const LINK_STATUSES = ["unknown", "open", "claimed", "revoked", "expired"] as const;
/** A link's status as a word. */
export type LinkStatusName = (typeof LINK_STATUSES)[number];

export interface ReadLinkStatusesParameters {
  claims: Contract;
  links: readonly { batchId: bigint; index: bigint }[];
  /** How many reads run at once (default 16). */
  concurrency?: number;
}

/**
 * Reads what each link can do now (`open`, `claimed`, `revoked`, `expired`, `unknown`), a few reads at a time.
 *
 * @returns The statuses, in the order of `links`.
 * @example
 * const statuses = await readLinkStatuses({ claims, links: rows });
 */
export async function readLinkStatuses({
  claims,
  links,
  concurrency = 16,
}: ReadLinkStatusesParameters): Promise<LinkStatusName[]> {
  const out: LinkStatusName[] = new Array<LinkStatusName>(links.length);
  let next = 0;
  const worker = async () => {
    while (next < links.length) {
      const at = next++;
      const { batchId, index } = links[at]!;
      const code = Number((await claims.getFunction("linkStatus")(batchId, index)) as bigint);
      out[at] = LINK_STATUSES[code] ?? "unknown";
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, links.length) }, worker));
  return out;
}
