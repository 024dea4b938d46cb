import { parseSiteConfig, type SiteConfig } from "../../src/web/site-config.js";
import { setTimeZone, t } from "./i18n.js";

/**
 * Loads `config.json` from the site's folder and checks it (`parseSiteConfig`); dates are shown in the event's
 * time zone from then on.
 *
 * @returns The configuration the page runs on.
 * @example
 * const config = await loadConfig();
 */
export async function loadConfig(): Promise<SiteConfig> {
  const res = await fetch(new URL("config.json", document.baseURI), { cache: "no-store" });
  if (!res.ok) throw new Error(t("config.missing", { status: res.status }));
  const config = parseSiteConfig(await res.json());
  setTimeZone(config.event?.timeZone);
  return config;
}
