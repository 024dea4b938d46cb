/**
 * Where `tickets web` publishes a carbon methodology file in the site: named by its canonical hash (the
 * `methodologyHash` a donation record carries), so the event page finds the file a record was computed with.
 *
 * @param hash - The methodology's canonical hash (`0x…`).
 * @returns The file's path relative to the site's root.
 * @example
 * methodologyPath("0xAB…") // "carbon/methodology-0xab….json"
 */
export function methodologyPath(hash: string): string {
  return `carbon/methodology-${hash.toLowerCase()}.json`;
}
