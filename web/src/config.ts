import { parseSiteConfig, type SiteConfig } from "../../src/web/site-config.js";

/**
 * Loads `config.json` from the site's folder and checks it (`parseSiteConfig`).
 *
 * @returns The configuration the page runs on.
 * @example
 * const config = await loadConfig();
 */
export async function loadConfig(): Promise<SiteConfig> {
  const res = await fetch(new URL("config.json", document.baseURI), { cache: "no-store" });
  if (!res.ok)
    throw new Error(`config.json could not be loaded (${res.status}): build the site with \`tickets web\``);
  return parseSiteConfig(await res.json());
}
