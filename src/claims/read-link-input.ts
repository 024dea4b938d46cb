import { createInterface } from "node:readline/promises";

import { ClaimsInputError } from "./errors.js";

/** The environment variable `tickets claims submit` reads a claim link from. */
export const CLAIM_LINK_ENV = "PAPERCUT_CLAIM_LINK";

/** A readable stream that may be a terminal (process.stdin). */
export type LinkInputStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface ReadLinkInputParameters {
  /** The environment (process.env): {@link CLAIM_LINK_ENV} wins when set. */
  env: Readonly<Record<string, string | undefined>>;
  /** Standard input: piped (the first non-empty line), or a terminal (asked for on `prompt`). */
  stdin: LinkInputStream;
  /** Where a terminal is asked (process.stderr). */
  prompt?: NodeJS.WritableStream;
}

export interface ReadLinkInputReturnType {
  link: string;
  source: "env" | "stdin";
}

/**
 * Reads a claim link, whose secret key must never be on a command line (the process list, shell history): from
 * the environment variable {@link CLAIM_LINK_ENV}, else from standard input (piped: its first non-empty line; a
 * terminal: one line typed or pasted at a prompt).
 *
 * @param parameters The environment and standard input.
 * @returns The link, trimmed, and where it came from.
 * @throws {ClaimsInputError} when neither gives a link.
 * @example
 * // PAPERCUT_CLAIM_LINK='https://…#v=1&k=…' npx hardhat tickets claims submit --to 0x…
 * // printf '%s\n' "$LINK" | npx hardhat tickets claims submit --to 0x…
 * const { link } = await readLinkInput({ env: process.env, stdin: process.stdin, prompt: process.stderr });
 */
export async function readLinkInput({
  env,
  stdin,
  prompt,
}: ReadLinkInputParameters): Promise<ReadLinkInputReturnType> {
  const fromEnv = env[CLAIM_LINK_ENV]?.trim() ?? "";
  if (fromEnv !== "") return { link: fromEnv, source: "env" };
  let text = "";
  if (stdin.isTTY === true) {
    const rl = createInterface({ input: stdin, output: prompt, terminal: false });
    try {
      const closed = new Promise<string>((resolve) => rl.once("close", () => resolve("")));
      text = await Promise.race([rl.question("Claim link (paste it, then Enter): "), closed]);
    } finally {
      rl.close();
    }
  } else {
    for await (const chunk of stdin)
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  }
  const link =
    text
      .split(/\r?\n/)
      .find((line) => line.trim() !== "")
      ?.trim() ?? "";
  if (link === "") {
    throw new ClaimsInputError(
      `no claim link: give it on standard input or in ${CLAIM_LINK_ENV} (never on the command line)`,
    );
  }
  return { link, source: "stdin" };
}
