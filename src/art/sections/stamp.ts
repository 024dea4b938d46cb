import { textPath } from "../font.js";
import { CARD } from "../palette.js";
import { TicketState } from "../state.js";
import { CARD_PATH, PERFORATION_Y } from "./background.js";

/** 入场 ("admitted") in seal style, right to left, as strokes in a 150-unit square centred on the origin. */
const SEAL_GLYPHS =
  "M24-52L36-40V-12L12 52M36-12L56 52M-58-10H-42M-50-40V28M-58 36L-40 26M-38-48H-12L-28-30M-38-26H-8V44L-16 52M-24-26L-36 8M-16-18L-32 30";

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
      `<g transform="translate(806 1118) rotate(-8)" opacity=".9"><rect x="-75" y="-75" width="150" height="150" rx="9" fill="${CARD.seal}"/>` +
      `<g fill="none" stroke="${CARD.card}" stroke-linecap="round" stroke-linejoin="round">` +
      `<rect x="-64" y="-64" width="128" height="128" rx="4" stroke-width="4"/><path stroke-width="8" d="${SEAL_GLYPHS}"/>` +
      `<path transform="translate(-69 88) scale(3)" stroke="${CARD.seal}" stroke-width=".9" d="${textPath("ADMITTED")}"/></g></g>`
    );
  }
  if (state === TicketState.Souvenir) {
    return (
      `<g transform="translate(806 1118) rotate(-10)" fill="none" stroke="${CARD.gold}" stroke-linecap="round" stroke-linejoin="round">` +
      `<circle r="76" stroke-width="6"/><circle r="64" stroke-width="2"/>` +
      `<path transform="translate(-46 -6) scale(2)" stroke-width="1.1" d="${textPath("SOUVENIR")}"/>` +
      `<path d="M-40-26H40M-40 26H40" stroke-width="2"/></g>`
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
