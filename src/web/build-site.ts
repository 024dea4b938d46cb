import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import type { SiteConfig } from "./site-config.js";

export interface BuildSiteParameters {
  /** The web app's folder (holding vite.config.ts). */
  webDir: string;
  /** Where the built site goes. */
  outDir: string;
  /** Written as `config.json` beside the pages. */
  config: SiteConfig;
  /** Further files to publish with the pages, by path relative to the site (e.g. the carbon methodology). */
  files?: Record<string, string | Uint8Array>;
}

/**
 * Builds the static site with Vite into a temporary folder, writes its `config.json`, then moves it into place,
 * so a failed build never leaves a half-written site that looks complete.
 *
 * @returns The folder of the built site.
 * @example
 * await buildSite({ webDir: "web", outDir: "web/dist", config: { chainId: "31337", ... } });
 */
export async function buildSite({
  webDir,
  outDir,
  config,
  files = {},
}: BuildSiteParameters): Promise<string> {
  const { build } = await import("vite");
  const finalDir = path.resolve(outDir);
  const tempDir = `${finalDir}.tmp-${process.pid}`;
  await rm(tempDir, { recursive: true, force: true });
  await build({
    configFile: path.resolve(webDir, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir: tempDir, emptyOutDir: true },
  });
  await writeFile(path.join(tempDir, "config.json"), JSON.stringify(config, null, 2) + "\n");
  for (const [rel, content] of Object.entries(files)) {
    const target = path.resolve(tempDir, rel);
    if (!target.startsWith(tempDir + path.sep)) throw new Error(`${rel}: outside the site`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  await rm(finalDir, { recursive: true, force: true });
  await rename(tempDir, finalDir);
  return finalDir;
}
