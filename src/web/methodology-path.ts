import { readFile } from "node:fs/promises";

import { loadMethodology } from "../carbon/load-methodology.js";

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

/**
 * The carbon methodology files to publish with the pages, each at its {@link methodologyPath}, and their hashes.
 *
 * @param files - Methodology files (JSON); each is checked by `loadMethodology` first.
 * @returns The site files by path, and the hashes in the order given.
 * @example
 * const { files, hashes } = await methodologySiteFiles(["metadata/carbon/methodology.json"]);
 * await buildSite({ webDir, outDir, config, files });
 */
export async function methodologySiteFiles(
  files: readonly string[],
): Promise<{ files: Record<string, string>; hashes: string[] }> {
  const site: Record<string, string> = {};
  const hashes: string[] = [];
  for (const file of files) {
    const { hash } = await loadMethodology({ file });
    site[methodologyPath(hash)] = await readFile(file, "utf8");
    hashes.push(hash);
  }
  return { files: site, hashes };
}
