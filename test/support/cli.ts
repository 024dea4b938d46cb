import type { ChildProcess } from "node:child_process";
import path from "node:path";

import { REPO_ROOT, spawnGroup } from "./processes.js";

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits (never rejects). */
  done: Promise<CliResult>;
  /** stdout + stderr so far. */
  output(): string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Starts the real CLI, `hardhat <args>` (what `npx hardhat` runs, on this Node 22), in its own process group.
 * `wrapper` runs it under another command (e.g. GNU time for its peak memory): `[...wrapper, node, cli, ...args]`.
 */
export function startCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  wrapper: readonly string[] = [],
): CliRun {
  const started = Date.now();
  const command = [
    ...wrapper,
    process.execPath,
    path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js"),
  ];
  const child = spawnGroup(command[0]!, [...command.slice(1), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve) => {
    child.once("close", (code, signal) =>
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started }),
    );
  });
  return { child, done, output: () => stdout + stderr };
}

/** Runs the CLI to completion (killing it after `timeoutMs`). */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 180_000,
  wrapper: readonly string[] = [],
): Promise<CliResult> {
  const run = startCli(args, env, wrapper);
  const timer = setTimeout(() => {
    try {
      process.kill(-run.child.pid!, "SIGKILL");
    } catch {
      // gone
    }
  }, timeoutMs);
  try {
    return await run.done;
  } finally {
    clearTimeout(timer);
  }
}

/** The single JSON object a `--json` run printed on stdout. */
export function jsonResult(result: CliResult): Record<string, unknown> {
  const lines = result.stdout
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "");
  if (lines.length !== 1) {
    throw new Error(
      `expected one JSON line on stdout, got ${lines.length}:\n${result.stdout}\n--- stderr:\n${result.stderr}`,
    );
  }
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}
