import { CARD, GEOMETRY } from "../palette.js";

/** The y coordinate of the perforation between the art and the stub. */
export const PERFORATION_Y = 975;

/** The ticket card's outline: rounded corners, and a round notch at each end of the perforation. */
export const CARD_PATH =
  "M50 30H950A20 20 0 0 1 970 50V953A22 22 0 0 0 970 997V1250A20 20 0 0 1 950 1270" +
  "H50A20 20 0 0 1 30 1250V997A22 22 0 0 0 30 953V50A20 20 0 0 1 50 30Z";

/**
 * The background section: the dark surround, the ivory ticket card (rounded, notched at the perforation)
 * and the perforation line.
 *
 * @returns The elements.
 * @example
 * svgBackground();
 */
export function svgBackground(): string {
  return (
    `<rect width="${GEOMETRY.width}" height="${GEOMETRY.height}" fill="${CARD.background}"/>` +
    `<path d="${CARD_PATH}" fill="${CARD.card}"/>` +
    `<path d="M64 ${PERFORATION_Y}H936" stroke="${CARD.perforation}" stroke-width="4" stroke-dasharray="3 11" stroke-linecap="round"/>`
  );
}
