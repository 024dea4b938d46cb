import type { ArtConfig } from "../config.js";
import { textPath } from "../font.js";
import { decodeGlyphSet, type PlacedGlyph } from "../glyphs/decode-glyph-set.js";
import { TICKET_GLYPH_LABELS } from "../glyphs/ticket-glyph-texts.js";
import { CARD } from "../palette.js";
import { svgEscape } from "./header.js";
import { svgStampParts } from "./stamp.js";

/** The stub's Chinese lines: where each starts (SVG units) and its scale (SVG units per glyph grid unit). */
export const STUB_LINES = {
  name: { x: 70, y: 990, scale: 0.7 },
  date: { x: 70, y: 1046, scale: 0.5 },
  number: { x: 70, y: 1084, scale: 0.9 },
} as const;

/** Widest a Chinese stub line may be, in glyph grid units (660 SVG units at its scale, left of the seal). */
export const STUB_MAX_WIDTH = { name: 942, date: 1320 } as const;

/**
 * The parts of the SVG that do not depend on a ticket's art, computed once per event, as the renderer's
 * constructor computes and stores them: the stub before the paper colour ({@link StubParts.head}), between
 * the colour and the digits (`mid`), after the digits (`tail`), the three stamps, the digits 0-9 as glyph
 * snippets, and the two pieces of the title around the ticket number.
 */
export interface StubParts {
  head: string;
  mid: string;
  tail: string;
  /** Stamps of the states 1 (checked in), 2 (souvenir), 3 (voided). */
  stamps: readonly [string, string, string];
  /** Snippets of the digits 0-9 (see `decodeGlyphSet`). */
  digits: readonly string[];
  /** The title before the number: the Chinese name (escaped) and " 第". */
  titleZh: string;
  /** The title between the numbers: "号 / ", the English name (escaped) and " No. ". */
  titleEn: string;
}

const cache = new Map<string, StubParts>();

/**
 * The path data of a text in the glyph set, after an absolute `M0 0`.
 *
 * @param glyphs - The decoded set.
 * @param text - Text whose every character is in the set.
 * @returns The path data and its width in grid units.
 */
export function glyphTextPath(glyphs: Map<number, PlacedGlyph>, text: string): { d: string; width: number } {
  let d = "";
  let width = 0;
  for (const character of text) {
    const glyph = glyphs.get(character.codePointAt(0)!);
    if (glyph === undefined) throw new Error(`glyph ${JSON.stringify(character)} missing from the set`);
    d += glyph.path;
    width += glyph.advance;
  }
  return { d, width };
}

/**
 * The stub parts of an event (see {@link StubParts}), byte for byte what `PapercutRenderer`'s constructor
 * stores.
 *
 * @param config - The renderer configuration (texts and glyph set).
 * @returns The parts.
 * @example
 * const { head } = stubParts(SAMPLE_ART);
 */
export function stubParts(config: ArtConfig): StubParts {
  const key = JSON.stringify([
    config.eventNameZh,
    config.dateTextZh,
    config.eventName,
    config.dateText,
    config.glyphs,
  ]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const glyphs = decodeGlyphSet(Buffer.from(config.glyphs.slice(2), "hex"));
  const line = ({ x, y, scale }: { x: number; y: number; scale: number }) =>
    `<path transform="translate(${x} ${y}) scale(${scale})" d="M0 0`;
  const parts: StubParts = {
    head:
      `<g fill="${CARD.ink}">` +
      line(STUB_LINES.name) +
      glyphTextPath(glyphs, config.eventNameZh).d +
      `"/>` +
      line(STUB_LINES.date) +
      glyphTextPath(glyphs, config.dateTextZh).d +
      `"/><path fill="`,
    mid:
      `" transform="translate(${STUB_LINES.number.x} ${STUB_LINES.number.y}) scale(${STUB_LINES.number.scale})" d="M0 0` +
      glyphTextPath(glyphs, TICKET_GLYPH_LABELS.numberBefore).d,
    tail:
      glyphTextPath(glyphs, TICKET_GLYPH_LABELS.numberAfter).d +
      `"/></g><g fill="none" stroke="${CARD.ink}" stroke-linecap="round" stroke-linejoin="round">` +
      `<path transform="translate(70 1166) scale(3)" stroke-width=".8" d="${textPath(config.eventName)}"/>` +
      `<path transform="translate(70 1198) scale(2.5)" stroke-width=".9" d="${textPath(config.dateText)}"/>` +
      `<path transform="translate(70 1230) scale(2.5)" stroke-width=".9" d="${textPath("ADMIT ONE")}"/></g>`,
    stamps: svgStampParts(glyphs),
    digits: [...TICKET_GLYPH_LABELS.digits].map((c) => glyphs.get(c.codePointAt(0)!)!.path),
    titleZh: `${svgEscape(config.eventNameZh)} 第`,
    titleEn: `号 / ${svgEscape(config.eventName)} No. `,
  };
  cache.set(key, parts);
  return parts;
}

/**
 * The ticket number's digits as glyph snippets: at least four digits (zero-padded).
 *
 * @param parts - The event's stub parts.
 * @param tokenId - The token ID.
 * @returns The path data.
 * @example
 * ticketNumberPath(stubParts(config), 42n);
 */
export function ticketNumberPath(parts: StubParts, tokenId: bigint): string {
  return [...tokenId.toString().padStart(4, "0")].map((c) => parts.digits[Number(c)]!).join("");
}

/**
 * The stub section: event name and date in Chinese (glyph font, ink), 第 number 号 in the paper's colour (as
 * numbered tickets are printed in red), then the English name, date and ADMIT ONE in the stroke font.
 *
 * @param parameters - The event's stub parts, the token ID and the paper colour.
 * @returns The elements.
 * @example
 * svgStub({ parts: stubParts(config), tokenId: 1n, paperHex: "#c8102e" });
 */
export function svgStub({
  parts,
  tokenId,
  paperHex,
}: {
  parts: StubParts;
  tokenId: bigint;
  paperHex: string;
}): string {
  return parts.head + paperHex + parts.mid + ticketNumberPath(parts, tokenId) + parts.tail;
}
