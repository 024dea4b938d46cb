import { InvalidExternalUrlError, InvalidSaltError } from "./errors.js";
import { assertStubText } from "./font.js";

/** The renderer's configuration: what `PapercutRenderer`'s constructor takes. */
export interface ArtConfig {
  /** Collection salt (32 bytes, 0x-prefixed hex). */
  salt: string;
  /** Event name for the stubs. */
  eventName: string;
  /** Date line for the stubs. */
  dateText: string;
  /** Prefix of each ticket's `external_url`; empty for none. */
  externalUrl: string;
}

/**
 * Checks a renderer configuration exactly as the contract's constructor does (and the salt's form), so that
 * a preview never shows what the chain would refuse.
 *
 * @param config - The configuration.
 * @throws {InvalidSaltError}, {InvalidStubTextError} or {InvalidExternalUrlError}.
 * @example
 * assertArtConfig({ salt, eventName: "China Internet Charity Summit", dateText: "20 May 2022", externalUrl: "" });
 */
export function assertArtConfig({ salt, eventName, dateText, externalUrl }: ArtConfig): void {
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt)) throw new InvalidSaltError(salt);
  assertStubText("event name", eventName);
  assertStubText("date", dateText);
  for (let i = 0; i < externalUrl.length; i++) {
    const c = externalUrl.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x22 || c === 0x5c) throw new InvalidExternalUrlError(externalUrl, i);
  }
}
