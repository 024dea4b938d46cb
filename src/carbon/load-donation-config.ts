import { existsSync } from "node:fs";

import { DEFAULT_EVENT_FILE, loadEventConfig } from "../event/load-event-config.js";
import type { DonationRecipient } from "./build-record.js";
import { FileNotFoundError } from "./errors.js";

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
 * Reads the donation defaults from the event file (`donation.recipient` and `donation.methodologyURI`), validated
 * with the rest of the file by {@link loadEventConfig}: one reader and one set of rules for the whole event.
 *
 * @param parameters The file and whether it must exist.
 * @returns The defaults found.
 * @throws FileNotFoundError (when required and missing), EventConfigError for anything wrong in the file.
 * @example
 * const { recipient, methodologyURI } = await loadDonationConfig();
 */
export async function loadDonationConfig({
  file = DEFAULT_EVENT_FILE,
  required = false,
}: LoadDonationConfigParameters = {}): Promise<LoadDonationConfigReturnType> {
  if (!existsSync(file)) {
    if (required) throw new FileNotFoundError(file, "event file", undefined);
    return { file };
  }
  const { donation } = await loadEventConfig({ file });
  return { file, recipient: donation.recipient, methodologyURI: donation.methodologyURI };
}
