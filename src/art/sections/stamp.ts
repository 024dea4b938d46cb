import { textPath } from "../font.js";
import { CARD } from "../palette.js";
import { TicketState } from "../state.js";
import { CARD_PATH, PERFORATION_Y } from "./background.js";

/** 入场 ("admitted") in seal style, left to right, as strokes in a 150-unit square centred on the origin. */
const SEAL_GLYPHS =
  "M-46-52L-34-40V-12L-58 52M-34-12L-14 52M8-10H24M16-40V28M8 36L26 26M28-48H54L38-30M28-26H58V44L50 52M42-26L30 8M50-18L34 30";

/**
 * The stamp section, which shows the ticket's state: nothing while valid; a red seal 入场 "ADMITTED" on
 * the stub once checked in; a gold "SOUVENIR" mark after the event; a "VOID" overprint when cancelled.
 *
 * @param state - The ticket's state (see {@link TicketState}).
 * @returns The elements (empty for a valid ticket).
 * @example
 * svgStamp(TicketState.CheckedIn);
 */
export function svgStamp(state: number): string {
  if (state === TicketState.CheckedIn) {
    return (
      `<g transform="translate(816 1136) rotate(-8)" opacity=".9"><rect x="-75" y="-75" width="150" height="150" rx="9" fill="${CARD.seal}"/>` +
      `<g fill="none" stroke="${CARD.card}" stroke-linecap="round" stroke-linejoin="round">` +
      `<rect x="-64" y="-64" width="128" height="128" rx="4" stroke-width="4"/><path stroke-width="8" d="${SEAL_GLYPHS}"/>` +
      `<path transform="translate(-69 88) scale(3)" stroke="${CARD.seal}" stroke-width=".9" d="${textPath("ADMITTED")}"/></g></g>`
    );
  }
  if (state === TicketState.Souvenir) {
    return (
      `<g transform="translate(816 1136) rotate(-10)" fill="none" stroke="${CARD.gold}" stroke-linecap="round" stroke-linejoin="round">` +
      `<circle r="80" stroke-width="6"/><circle r="69" stroke-width="2"/>` +
      `<path transform="translate(-60 -8) scale(2.6)" stroke-width=".9" d="${textPath("SOUVENIR")}"/>` +
      `<path d="M-44-24H44M-44 24H44" stroke-width="2"/></g>`
    );
  }
  if (state === TicketState.Voided) {
    return (
      `<path d="${CARD_PATH}" fill="${CARD.card}" fill-opacity=".5"/>` +
      `<g transform="translate(500 ${PERFORATION_Y - 420}) rotate(-28)" fill="none" stroke="${CARD.voided}" stroke-linecap="round" stroke-linejoin="round">` +
      `<rect x="-290" y="-105" width="580" height="210" rx="18" stroke-width="14"/>` +
      `<path transform="translate(-242 -66) scale(22)" stroke-width=".65" d="${textPath("VOID")}"/></g>`
    );
  }
  return "";
}
