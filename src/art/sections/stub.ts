import { textPath } from "../font.js";
import { CARD } from "../palette.js";

/** Parameters of {@link svgStub}. */
export interface StubParameters {
  /** Event name (drawn in capitals). */
  eventName: string;
  /** Date line. */
  dateText: string;
  /** The ticket number (token ID). */
  tokenId: bigint;
  /** The paper colour, in which the ticket number is printed. */
  paperHex: string;
}

/**
 * The ticket number as printed on the stub: "NO. " and at least four digits.
 *
 * @param tokenId - The token ID.
 * @returns The printed number.
 * @example
 * ticketNumberText(42n); // "NO. 0042"
 */
export function ticketNumberText(tokenId: bigint): string {
  return `NO. ${tokenId.toString().padStart(4, "0")}`;
}

/**
 * The stub section: event name, date and ticket number (in the paper's colour, as numbered tickets are
 * printed in red) drawn with the stroke font (no font files).
 *
 * @param parameters - The texts and the token ID.
 * @returns The elements.
 * @example
 * svgStub({ eventName: "China Internet Charity Summit", dateText: "20 MAY 2022", tokenId: 1n, paperHex: "#c8102e" });
 */
export function svgStub({ eventName, dateText, tokenId, paperHex }: StubParameters): string {
  return (
    `<g fill="none" stroke="${CARD.ink}" stroke-linecap="round" stroke-linejoin="round">` +
    `<path transform="translate(70 1020) scale(4)" stroke-width=".7" d="${textPath(eventName)}"/>` +
    `<path transform="translate(70 1066) scale(3)" stroke-width=".8" d="${textPath(dateText)}"/>` +
    `<path transform="translate(70 1130) scale(9)" stroke-width=".5" stroke="${paperHex}" d="${textPath(ticketNumberText(tokenId))}"/>` +
    `<path transform="translate(70 1216) scale(3)" stroke-width=".8" d="${textPath("ADMIT ONE")}"/></g>`
  );
}
