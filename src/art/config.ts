import { InvalidExternalUrlError, InvalidSaltError } from "./errors.js";
import { assertStubText } from "./font.js";

/** The renderer's configuration: what `PapercutRenderer`'s constructor takes. */
export interface ArtConfig {
  /** Collection salt (32 bytes, 0x-prefixed hex). */
  salt: string;
  /** The event's name in Chinese, drawn in the glyph font (the event file's `name.zh`). */
  eventNameZh: string;
  /** The event's name in English, drawn in the stroke font (`name.en`). */
  eventName: string;
  /** The date line in Chinese (`dateText.zh`). */
  dateTextZh: string;
  /** The date line in English (`dateText.en`). */
  dateText: string;
  /** Prefix of each ticket's `external_url`; empty for none. */
  externalUrl: string;
  /** The glyph set, 0x-prefixed hex (see `encodeGlyphSet`): every character of the Chinese texts. */
  glyphs: string;
  /** The event's start in Unix seconds (the metadata's "Event Date" trait). */
  eventDate: bigint;
}

/**
 * Checks a renderer configuration as the contract's constructor does (and the salt's form), so that a preview
 * never shows what the chain would refuse. The Chinese texts are checked against the glyph set when it is built
 * (`encodeGlyphSet`) and when the stub is drawn.
 *
 * @param config - The configuration.
 * @throws {InvalidSaltError}, {InvalidStubTextError} or {InvalidExternalUrlError}.
 * @example
 * assertArtConfig(SAMPLE_ART);
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

/**
 * `PapercutRenderer`'s constructor arguments, in order, from a configuration.
 *
 * @param config - The configuration.
 * @returns salt, Chinese name, English name, Chinese date, English date, external URL prefix, glyph set,
 * event date.
 * @example
 * await factory.deploy(...rendererConstructorArguments(SAMPLE_ART));
 */
export function rendererConstructorArguments(
  config: ArtConfig,
): [string, string, string, string, string, string, string, bigint] {
  const { salt, eventNameZh, eventName, dateTextZh, dateText, externalUrl, glyphs, eventDate } = config;
  return [salt, eventNameZh, eventName, dateTextZh, dateText, externalUrl, glyphs, eventDate];
}
