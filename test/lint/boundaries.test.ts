import path from "node:path";

import { expect } from "chai";
import { ESLint } from "eslint";

import { REPO_ROOT } from "../support/processes.js";

/** The two rules that carry the boundaries (eslint.config.js); the rest of the config is not under test here. */
const BOUNDARY_RULES = new Set(["no-restricted-imports", "no-restricted-syntax"]);

/**
 * Lints `code` with the project's own eslint.config.js as if it were the file `file` (an existing file, so the
 * type-aware parser knows it), running only the boundary rules.
 *
 * @returns The 1-based lines the boundary rules reported.
 */
async function flaggedLines(eslint: ESLint, file: string, lines: readonly string[]): Promise<number[]> {
  const [result] = await eslint.lintText(lines.join("\n") + "\n", { filePath: path.join(REPO_ROOT, file) });
  const fatal = result!.messages.filter((m) => m.fatal === true);
  expect(fatal, `${file}: ${fatal.map((m) => m.message).join("; ")}`).to.deep.equal([]);
  return result!.messages.filter((m) => BOUNDARY_RULES.has(m.ruleId ?? "")).map((m) => m.line);
}

describe("lint boundaries (eslint.config.js)", function () {
  let eslint: ESLint;

  before(function () {
    eslint = new ESLint({ cwd: REPO_ROOT, ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId) });
  });

  it("stops src/ importing hardhat, scripts/ or the top-level web/", async function () {
    const planted = [
      'import { network } from "hardhat";',
      'import type { NetworkConnection } from "hardhat/types/network";',
      'import { taskAction } from "../../scripts/lib/cli.js";',
      'import { loadConfig } from "../../web/src/config.js";',
      'export const hre = await import("hardhat");',
      'import type { SiteConfig } from "../web/site-config.js";',
      'import { Contract } from "ethers";',
      "export const used = [network, taskAction, loadConfig, Contract] as unknown as NetworkConnection | SiteConfig;",
    ];
    expect(await flaggedLines(eslint, "src/checkin/gate-id.ts", planted)).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it("tells the top-level web/ from src/web/ at every depth of src/", async function () {
    const fromRoot = [
      'import { loadConfig } from "../web/src/config.js";',
      "export const used = loadConfig;",
    ];
    expect(await flaggedLines(eslint, "src/errors.ts", fromRoot)).to.deep.equal([1]);
    const fromSrcWeb = [
      'import { PapercutError } from "../errors.js";',
      "export const used = PapercutError;",
    ];
    expect(await flaggedLines(eslint, "src/web/site-config.ts", fromSrcWeb)).to.deep.equal([]);
  });

  it("stops web/ importing Node built-ins, with or without node:", async function () {
    const planted = [
      'import { readFileSync } from "node:fs";',
      'import { readFile } from "fs/promises";',
      'import path from "path";',
      'import { createHash } from "crypto";',
      'import { Contract } from "ethers";',
      'import { parseSiteConfig } from "../../src/web/site-config.js";',
      "export const used = [readFileSync, readFile, path, createHash, Contract, parseSiteConfig];",
    ];
    expect(await flaggedLines(eslint, "web/src/time.ts", planted)).to.deep.equal([1, 2, 3, 4]);
  });

  it("lets Vite's own configuration (Node, at build time) use Node built-ins", async function () {
    const planted = ['import { resolve } from "node:path";', 'export const here = resolve(".");'];
    expect(await flaggedLines(eslint, "web/vite.config.ts", planted)).to.deep.equal([]);
  });
});
