import { CARD, GEOMETRY } from "../palette.js";

/** The y coordinate of the perforation between the art and the stub. */
export const PERFORATION_Y = 975;

/**
 * The background section: the dark surround, the ivory ticket card (rounded, notched at the perforation)
 * and the perforation line.
 *
 * @returns The elements.
 * @example
 * svgBackground();
 */
export function svgBackground(): string {
  const p = PERFORATION_Y;
  return (
    `<rect width="${GEOMETRY.width}" height="${GEOMETRY.height}" fill="${CARD.background}"/>` +
    `<path d="M50 30H950A20 20 0 0 1 970 50V${p - 22}A22 22 0 0 0 970 ${p + 22}V1250A20 20 0 0 1 950 1270` +
    `H50A20 20 0 0 1 30 1250V${p + 22}A22 22 0 0 0 30 ${p - 22}V50A20 20 0 0 1 50 30Z" fill="${CARD.card}"/>` +
    `<path d="M64 ${p}H936" stroke="${CARD.perforation}" stroke-width="4" stroke-dasharray="3 11" stroke-linecap="round"/>`
  );
}
