import { createInterface } from "node:readline/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { PapercutError, isPapercutError } from "../../src/errors.js";
import { describeChainError } from "../../src/chain/describe-error.js";

/**
 * Where a task's output goes. Human text goes to stdout, or to stderr when `--json` is given, so that
 * stdout then carries exactly one JSON object (written by {@link Output.result}).
 */
export class Output {
  readonly json: boolean;
  #resultWritten = false;

  constructor(json: boolean) {
    this.json = json;
  }

  /** Human-readable lines (stdout, or stderr under --json). */
  say(...lines: string[]): void {
    const text = lines.join("\n") + "\n";
    if (this.json) process.stderr.write(text);
    else process.stdout.write(text);
  }

  /** Warnings and progress: always stderr. */
  note(...lines: string[]): void {
    process.stderr.write(lines.join("\n") + "\n");
  }

  /** The task's result: under --json, one JSON object on stdout (bigints as decimal strings). */
  result(value: Record<string, unknown>): void {
    if (!this.json) return;
    if (this.#resultWritten) throw new Error("a task wrote two JSON results");
    this.#resultWritten = true;
    process.stdout.write(toJson(value) + "\n");
  }
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);
}

/**
 * Asks for confirmation before a task changes the chain. `--yes` skips the question; without a terminal to
 * ask on, the task refuses rather than guess.
 */
export async function confirm(question: string, { yes }: { yes: boolean }): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new PapercutError("no terminal to confirm on: run again with --yes to proceed");
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // Without this, end of input leaves the question pending and the process exits 0 having done nothing.
  const closed = new Promise<never>((_, reject) =>
    rl.once("close", () => reject(new PapercutError("cancelled (no answer): nothing was sent"))),
  );
  try {
    const answer = (await Promise.race([rl.question(`${question} [y/N] `), closed])).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") throw new PapercutError("cancelled: nothing was sent");
  } finally {
    rl.close();
  }
}

/** The common options of every task. */
export interface CommonTaskArguments {
  json: boolean;
}

/**
 * Wraps a task action: expected errors ({@link PapercutError}, contract reverts, insufficient funds) print
 * one line (`error: …`, details after it) and set a non-zero exit code without a stack trace; anything else
 * is a bug and propagates with its stack.
 */
export function taskAction<A extends CommonTaskArguments>(
  action: (args: A, hre: HardhatRuntimeEnvironment, out: Output) => Promise<void>,
): (args: A, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return async (args, hre) => {
    const out = new Output(args.json);
    try {
      await action(args, hre, out);
    } catch (error) {
      const expected = isPapercutError(error) ? error : describeChainError(error);
      if (expected === undefined) throw error;
      process.stderr.write(`error: ${expected.shortMessage}\n`);
      if (expected.details !== undefined) process.stderr.write(`${expected.details}\n`);
      if (args.json) process.stdout.write(toJson({ ok: false, error: expected.shortMessage }) + "\n");
      process.exitCode = 1;
    }
  };
}
