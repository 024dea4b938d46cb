import type { ArtConfig } from "./config.js";
import { designTicket, type TicketDesign } from "./design.js";
import { PAPERS } from "./palette.js";
import { tokenSeed } from "./random.js";
import { svgBackground } from "./sections/background.js";
import { svgOpen } from "./sections/header.js";
import { svgPaper } from "./sections/paper.js";
import { svgStamp } from "./sections/stamp.js";
import { stubParts, svgStub } from "./sections/stub.js";
import type { TicketStateValue } from "./state.js";

/** Parameters of {@link renderTicketSvg}: the renderer's configuration, a token and its state. */
export interface RenderTicketSvgParameters extends ArtConfig {
  /** Token ID (the ticket number). */
  tokenId: bigint;
  /** The ticket's state. */
  state: TicketStateValue;
  /** The ticket's design, when already computed (`designTicket(tokenSeed({ salt, tokenId }))`). */
  design?: TicketDesign;
}

/**
 * The ticket's SVG, byte for byte what `PapercutRenderer` puts in the token URI: the opening (size, role, title
 * and description for screen readers), background, paper (bands and centre motif cut by a mask), stub and
 * stamp, concatenated like Uniswap's `NFTSVG.generateSVG`.
 *
 * @param parameters - Configuration (already validated: see `assertArtConfig`), token ID and state.
 * @returns The SVG document.
 * @example
 * const svg = renderTicketSvg({ ...SAMPLE_ART, tokenId: 1n, state: TicketState.Valid });
 */
export function renderTicketSvg(parameters: RenderTicketSvgParameters): string {
  const { salt, tokenId, state } = parameters;
  const design = parameters.design ?? designTicket(tokenSeed({ salt, tokenId }));
  const parts = stubParts(parameters);
  return (
    svgOpen({ parts, design, tokenId, state }) +
    svgBackground() +
    svgPaper(design) +
    svgStub({ parts, tokenId, paperHex: PAPERS[design.paper]!.hex }) +
    svgStamp(parts.stamps, state) +
    `</svg>`
  );
}
