import { readFile } from "node:fs/promises";

import { isAddress } from "ethers";

import type { DonationRecipient } from "./build-record.js";
import { FileNotFoundError, InvalidRecipientError } from "./errors.js";

/** The event configuration file that holds the default donation settings. */
export const DEFAULT_EVENT_FILE = "metadata/event.json";

export interface LoadDonationConfigParameters {
  /** Path of the event configuration; default {@link DEFAULT_EVENT_FILE}. */
  file?: string;
  /** Whether a missing file is an error (true) or means "no defaults" (false, the default). */
  required?: boolean;
}

export interface LoadDonationConfigReturnType {
  /** The default recipient, when the file names one. */
  recipient?: DonationRecipient | undefined;
  /** The default methodology URI, when the file names one. */
  methodologyURI?: string | undefined;
  file: string;
}

/**
 * Reads the donation defaults from the event configuration: `{"donation": {"recipient": {"name",
 * "registryId", "account"}, "methodologyURI"}}`. Other keys of the file are ignored.
 *
 * @param parameters The file and whether it must exist.
 * @returns The defaults found.
 * @throws FileNotFoundError (when required), InvalidRecipientError for a malformed recipient.
 * @example
 * const { recipient, methodologyURI } = await loadDonationConfig();
 */
export async function loadDonationConfig({
  file = DEFAULT_EVENT_FILE,
  required = false,
}: LoadDonationConfigParameters = {}): Promise<LoadDonationConfigReturnType> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if (required) throw new FileNotFoundError(file, "event configuration", cause);
    return { file };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new InvalidRecipientError("file", "(unparsable JSON)", file, cause);
  }
  const donation = (data as { donation?: unknown }).donation;
  if (donation === undefined) return { file };
  if (typeof donation !== "object" || donation === null) {
    throw new InvalidRecipientError("donation", donation, file);
  }
  const { recipient: r, methodologyURI } = donation as { recipient?: unknown; methodologyURI?: unknown };
  if (methodologyURI !== undefined && typeof methodologyURI !== "string") {
    throw new InvalidRecipientError("methodologyURI", methodologyURI, file);
  }
  if (r === undefined) return { file, methodologyURI };
  const { name, registryId = "", account = "" } = r as Record<string, unknown>;
  if (typeof name !== "string" || name.trim() === "") throw new InvalidRecipientError("name", name, file);
  if (typeof registryId !== "string") throw new InvalidRecipientError("registryId", registryId, file);
  if (typeof account !== "string" || (account !== "" && !isAddress(account))) {
    throw new InvalidRecipientError("account", account, file);
  }
  return { file, methodologyURI, recipient: { name, registryId, account } };
}
