import { designTicket, type TicketDesign } from "./design.js";
import { GEOMETRY, PAPERS } from "./palette.js";
import { tokenSeed } from "./random.js";
import { svgBackground } from "./sections/background.js";
import { svgPaper } from "./sections/paper.js";
import { svgStamp } from "./sections/stamp.js";
import { svgStub } from "./sections/stub.js";
import type { TicketStateValue } from "./state.js";

/** Parameters of {@link renderTicketSvg}. */
export interface RenderTicketSvgParameters {
  /** Collection salt (32 bytes, 0x-prefixed hex). */
  salt: string;
  /** Token ID (the ticket number). */
  tokenId: bigint;
  /** The ticket's state. */
  state: TicketStateValue;
  /** Event name for the stub. */
  eventName: string;
  /** Date line for the stub. */
  dateText: string;
  /** The ticket's design, when already computed (`designTicket(tokenSeed({ salt, tokenId }))`). */
  design?: TicketDesign;
}

/**
 * The ticket's SVG, byte for byte what `PapercutRenderer` puts in the token URI: background, paper (bands
 * and centre motif cut by a mask), stub and stamp, concatenated like Uniswap's `NFTSVG.generateSVG`.
 *
 * @param parameters - Salt, token ID, state and stub texts (already validated: see `assertStubText`).
 * @returns The SVG document.
 * @example
 * const svg = renderTicketSvg({ salt, tokenId: 1n, state: TicketState.Valid, eventName, dateText });
 */
export function renderTicketSvg({
  salt,
  tokenId,
  state,
  eventName,
  dateText,
  design = designTicket(tokenSeed({ salt, tokenId })),
}: RenderTicketSvgParameters): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${GEOMETRY.width} ${GEOMETRY.height}">` +
    svgBackground() +
    svgPaper(design) +
    svgStub({ eventName, dateText, tokenId, paperHex: PAPERS[design.paper]!.hex }) +
    svgStamp(state) +
    `</svg>`
  );
}
