import { PapercutError } from "../errors.js";

/** A collection salt that is not 32 bytes of 0x-prefixed hex. */
export class InvalidSaltError extends PapercutError {
  override name = "InvalidSaltError";
  /** The offending salt. */
  readonly salt: string;

  constructor(salt: string) {
    super(`invalid salt ${JSON.stringify(salt)}: expected 32 bytes as 0x-prefixed hex (66 characters)`);
    this.salt = salt;
  }
}

/** Text for the ticket stub that the stroke font cannot draw, or that is too long. */
export class InvalidStubTextError extends PapercutError {
  override name = "InvalidStubTextError";
  /** Which text (event name, date). */
  readonly field: string;
  /** The offending text. */
  readonly text: string;
  /** Index of the first offending character, or -1 when the text is too long or empty. */
  readonly index: number;

  constructor(field: string, text: string, index: number, details: string) {
    super(`invalid ${field} ${JSON.stringify(text)}`, { details });
    this.field = field;
    this.text = text;
    this.index = index;
  }
}

/** An external URL prefix the renderer would refuse: not printable ASCII, or a quote or backslash in it. */
export class InvalidExternalUrlError extends PapercutError {
  override name = "InvalidExternalUrlError";
  /** The offending URL. */
  readonly url: string;
  /** Index of the first offending character. */
  readonly index: number;

  constructor(url: string, index: number) {
    super(
      `invalid external URL ${JSON.stringify(url)}: character ${index} must be printable ASCII, not " or \\`,
    );
    this.url = url;
    this.index = index;
  }
}

/** A ticket text with a character the glyph font (see `src/art/glyphs/font-source.ts`) cannot draw. */
export class UnsupportedGlyphError extends PapercutError {
  override name = "UnsupportedGlyphError";
  /** Where the text comes from: an event file field (`name.zh`) or a label. */
  readonly field: string;
  /** The text. */
  readonly text: string;
  /** The character the font lacks. */
  readonly character: string;

  constructor(field: string, text: string, character: string, details?: string) {
    const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    super(
      `${field}: the ticket's font has no ${JSON.stringify(character)} (${code}) in ${JSON.stringify(text)}`,
      {
        details,
      },
    );
    this.field = field;
    this.text = text;
    this.character = character;
  }
}
