import { readFile } from "node:fs/promises";

import { FileNotFoundError } from "./errors.js";
import { parseMethodology, type ParseMethodologyReturnType } from "./parse-methodology.js";

/** The methodology published with the project. */
export const DEFAULT_METHODOLOGY_FILE = "metadata/carbon/methodology.json";

export interface LoadMethodologyParameters {
  /** Path of the methodology file; default {@link DEFAULT_METHODOLOGY_FILE}. */
  file?: string;
}

export type LoadMethodologyReturnType = ParseMethodologyReturnType & { file: string };

/**
 * Reads, validates and hashes a methodology file.
 *
 * @param parameters The file to read.
 * @returns The methodology, its canonical hash and the file name.
 * @throws FileNotFoundError, InvalidMethodologyError, UnknownCurrencyError.
 * @example
 * const { methodology, hash } = await loadMethodology({ file: "metadata/carbon/methodology.json" });
 */
export async function loadMethodology({
  file = DEFAULT_METHODOLOGY_FILE,
}: LoadMethodologyParameters = {}): Promise<LoadMethodologyReturnType> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new FileNotFoundError(file, "methodology", cause);
  }
  return { ...parseMethodology({ text, file }), file };
}
