import { textPath } from "../font.js";
import type { PlacedGlyph } from "../glyphs/decode-glyph-set.js";
import { TICKET_GLYPH_LABELS } from "../glyphs/ticket-glyph-texts.js";
import { CARD } from "../palette.js";
import { CARD_PATH, PERFORATION_Y } from "./background.js";

/** Where the seal and the souvenir mark sit: on the stub, right of the texts, inside a square crop. */
export const STAMP_CENTRE = { x: 816, y: 1066 } as const;

function glyphs(set: Map<number, PlacedGlyph>, text: string): string {
  let d = "M0 0";
  for (const character of text) d += set.get(character.codePointAt(0)!)!.path;
  return d;
}

/**
 * The stamps that show a ticket's state, computed once per event (they draw glyphs of its set): a red seal
 * 入场 "ADMITTED" once checked in, a gold 纪念 "SOUVENIR" mark after the event, a 作废 "VOID" overprint when
 * cancelled.
 *
 * @param set - The event's decoded glyph set.
 * @returns The stamps of states 1, 2 and 3.
 * @example
 * const [admitted] = svgStampParts(decodeGlyphSet(glyphs));
 */
export function svgStampParts(set: Map<number, PlacedGlyph>): [string, string, string] {
  const at = `translate(${STAMP_CENTRE.x} ${STAMP_CENTRE.y})`;
  return [
    `<g transform="${at} rotate(-8)" opacity=".92"><rect x="-75" y="-75" width="150" height="150" rx="9" fill="${CARD.seal}"/>` +
      `<rect x="-64" y="-64" width="128" height="128" rx="4" fill="none" stroke="${CARD.card}" stroke-width="4"/>` +
      `<path transform="translate(-58 -58) scale(.9)" fill="${CARD.card}" d="${glyphs(set, TICKET_GLYPH_LABELS.admitted)}"/>` +
      `<path transform="translate(-46 34) scale(2)" fill="none" stroke="${CARD.card}" stroke-width="1" stroke-linecap="round" stroke-linejoin="round" d="${textPath("ADMITTED")}"/></g>`,
    `<g transform="${at} rotate(-10)" fill="${CARD.gold}"><circle r="80" fill="none" stroke="${CARD.gold}" stroke-width="6"/>` +
      `<circle r="69" fill="none" stroke="${CARD.gold}" stroke-width="2"/>` +
      `<path transform="translate(-52 -52) scale(.82)" d="${glyphs(set, TICKET_GLYPH_LABELS.souvenir)}"/>` +
      `<path transform="translate(-48 22) scale(2)" fill="none" stroke="${CARD.gold}" stroke-width="1.1" stroke-linecap="round" stroke-linejoin="round" d="${textPath("SOUVENIR")}"/></g>`,
    `<path d="${CARD_PATH}" fill="${CARD.card}" fill-opacity=".5"/>` +
      `<g transform="translate(500 ${PERFORATION_Y - 420}) rotate(-28)" fill="${CARD.voided}">` +
      `<rect x="-290" y="-105" width="580" height="210" rx="18" fill="none" stroke="${CARD.voided}" stroke-width="14"/>` +
      `<path transform="translate(-262 -78) scale(2.4)" d="${glyphs(set, TICKET_GLYPH_LABELS.voided)}"/>` +
      `<path transform="translate(82 -24) scale(7.5)" fill="none" stroke="${CARD.voided}" stroke-width="1.2" stroke-linecap="round" stroke-linejoin="round" d="${textPath("VOID")}"/></g>`,
  ];
}

/**
 * The stamp section of a state: nothing while valid, else the event's stamp (see {@link svgStampParts}).
 *
 * @param stamps - The event's stamps.
 * @param state - The ticket's state.
 * @returns The elements (empty for a valid ticket).
 * @example
 * svgStamp(stubParts(config).stamps, TicketState.CheckedIn);
 */
export function svgStamp(stamps: readonly [string, string, string], state: number): string {
  return state === 0 ? "" : stamps[state - 1]!;
}
