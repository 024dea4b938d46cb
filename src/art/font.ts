import { InvalidStubTextError } from "./errors.js";

/**
 * A compact stroke font for the ticket stub, on a grid 4 wide and 6 high (y down, 7 for the comma's tail):
 * each glyph is a few polylines drawn with round caps and joins, so no font file is ever loaded. The
 * encoded bytes (see {@link FONT_DATA}) are the same constant in `contracts/art/PapercutFont.sol`.
 *
 * Each stroke is written "x y x y …" pairs as two digits; strokes are separated by "|".
 */
const GLYPHS: Readonly<Record<string, string>> = {
  " ": "",
  "!": "20 24|26 26",
  "#": "10 16|30 36|02 42|04 44",
  "&": "46 12 11 20 31 32 04 05 16 26 44",
  "'": "20 21",
  "(": "30 21 25 36",
  ")": "10 21 25 16",
  "+": "21 25|03 43",
  ",": "25 26 17",
  "-": "13 33",
  ".": "26 26",
  "/": "40 06",
  "0": "10 30 41 45 36 16 05 01 10|31 15",
  "1": "11 20 26|16 36",
  "2": "01 10 30 41 42 06 46",
  "3": "01 10 30 41 42 33 13|33 44 45 36 16 05",
  "4": "36 30 04 44",
  "5": "40 00 03 33 44 45 36 06",
  "6": "30 10 01 05 16 36 45 44 33 03",
  "7": "00 40 16",
  "8": "13 02 01 10 30 41 42 33 13 04 05 16 36 45 44 33",
  "9": "43 13 02 01 10 30 41 45 36 16",
  ":": "21 22|24 25",
  A: "06 02 20 42 46|04 44",
  B: "06 00 30 41 42 33 03|33 44 45 36 06",
  C: "41 30 10 01 05 16 36 45",
  D: "00 06 26 44 42 20 00",
  E: "40 00 06 46|03 33",
  F: "40 00 06|03 33",
  G: "41 30 10 01 05 16 36 45 43 23",
  H: "00 06|40 46|03 43",
  I: "10 30|20 26|16 36",
  J: "40 45 36 16 05",
  K: "00 06|40 04|13 46",
  L: "00 06 46",
  M: "06 00 23 40 46",
  N: "06 00 46 40",
  O: "10 30 41 45 36 16 05 01 10",
  P: "06 00 30 41 42 33 03",
  Q: "10 30 41 45 36 16 05 01 10|24 46",
  R: "06 00 30 41 42 33 03|23 46",
  S: "41 30 10 01 02 13 33 44 45 36 16 05",
  T: "00 40|20 26",
  U: "00 05 16 36 45 40",
  V: "00 26 40",
  W: "00 16 22 36 40",
  X: "00 46|40 06",
  Y: "00 23 40|23 26",
  Z: "00 40 06 46",
};

/** Horizontal advance of every glyph, in grid units. */
export const FONT_ADVANCE = 6;
/** Height of a capital, in grid units. */
export const FONT_CAP_HEIGHT = 6;
/** First character code covered by {@link FONT_INDEX}. */
export const FONT_FIRST_CHAR = 32;
/** Last character code covered by {@link FONT_INDEX}. */
export const FONT_LAST_CHAR = 90;

function encode(): { data: Uint8Array; index: Uint8Array } {
  const data: number[] = [];
  const index: number[] = [];
  for (let c = FONT_FIRST_CHAR; c <= FONT_LAST_CHAR; c++) {
    const glyph = GLYPHS[String.fromCharCode(c)];
    if (glyph === undefined) {
      index.push(0xff, 0xff, 0xff);
      continue;
    }
    const start = data.length;
    for (const stroke of glyph === "" ? [] : glyph.split("|")) {
      const points = stroke.trim().split(/\s+/);
      points.forEach((p, i) => {
        const x = Number(p[0]);
        const y = Number(p[1]);
        data.push((i === 0 ? 0x80 : 0) | (x << 3) | y);
      });
    }
    index.push(start >> 8, start & 0xff, data.length - start);
  }
  return { data: Uint8Array.from(data), index: Uint8Array.from(index) };
}

const ENCODED = encode();

/**
 * The glyph strokes, one byte a point: bit 7 starts a new stroke, bits 3..5 are x (0..4), bits 0..2 are y.
 */
export const FONT_DATA: Uint8Array = ENCODED.data;

/**
 * For each character code 32..90: the glyph's start in {@link FONT_DATA} (2 bytes, big-endian) and its
 * length (1 byte); `ff ff ff` marks a character the font cannot draw.
 */
export const FONT_INDEX: Uint8Array = ENCODED.index;

/** Most characters a stub line may have (it must fit the stub at its size). */
export const STUB_TEXT_MAX_LENGTH = 36;

function glyphOf(code: number): { start: number; length: number } | undefined {
  const c = code >= 97 && code <= 122 ? code - 32 : code;
  if (c < FONT_FIRST_CHAR || c > FONT_LAST_CHAR) return undefined;
  const i = (c - FONT_FIRST_CHAR) * 3;
  const length = FONT_INDEX[i + 2] as number;
  if (length === 0xff) return undefined;
  return { start: ((FONT_INDEX[i] as number) << 8) | (FONT_INDEX[i + 1] as number), length };
}

/**
 * Checks that a stub text can be drawn: 1..36 characters, each a space, a digit, a letter (drawn as a
 * capital) or one of `! # & ' ( ) + , - . / :`.
 *
 * @param field - What the text is, for the error ("event name", "date").
 * @param text - The text.
 * @throws {InvalidStubTextError} naming the first character the font cannot draw.
 * @example
 * assertStubText("event name", "China Internet Charity Summit");
 */
export function assertStubText(field: string, text: string): void {
  if (text.length === 0 || text.length > STUB_TEXT_MAX_LENGTH) {
    throw new InvalidStubTextError(field, text, -1, `expected 1..${STUB_TEXT_MAX_LENGTH} characters`);
  }
  for (let i = 0; i < text.length; i++) {
    if (glyphOf(text.charCodeAt(i)) === undefined) {
      throw new InvalidStubTextError(
        field,
        text,
        i,
        `character ${JSON.stringify(text[i])} at index ${i} cannot be drawn: use letters, digits, spaces and ! # & ' ( ) + , - . / :`,
      );
    }
  }
}

/**
 * The path data (`d`) drawing a text in the stroke font, in grid units from the origin: stroke it with
 * round caps and joins and place it with a transform.
 *
 * @param text - Text the font can draw (see {@link assertStubText}).
 * @returns The path data, possibly empty.
 * @example
 * textPath("NO. 42"); // "M0 6 0 0 4 6 4 0M…"
 */
export function textPath(text: string): string {
  let d = "";
  for (let i = 0; i < text.length; i++) {
    const glyph = glyphOf(text.charCodeAt(i));
    if (glyph === undefined) continue;
    const ox = i * FONT_ADVANCE;
    for (let k = glyph.start; k < glyph.start + glyph.length; k++) {
      const b = FONT_DATA[k] as number;
      d += (b & 0x80 ? "M" : " ") + String(ox + ((b >> 3) & 7)) + " " + String(b & 7);
    }
  }
  return d;
}
