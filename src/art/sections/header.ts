import type { TicketDesign } from "../design.js";
import { BAND_KINDS, CENTRES, GEOMETRY, PAPERS, RIMS } from "../palette.js";
import { TICKET_STATE_NAMES, TICKET_STATE_NAMES_ZH } from "../state.js";
import type { StubParts } from "./stub.js";

/**
 * A text as SVG character data: `&`, `<` and `>` escaped (what the renderer's constructor does to the event's
 * names before storing them).
 *
 * @param text - The text.
 * @returns The escaped text.
 * @example
 * svgEscape("A & B"); // "A &amp; B"
 */
export function svgEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The ticket's papercut and state in words, Chinese then English, from the same seed as the art: what a screen
 * reader reads as the image's description.
 *
 * @param design - The ticket's design.
 * @param state - The ticket's state.
 * @returns The description.
 * @example
 * ticketDescription(designTicket(seed), TicketState.Valid);
 * // "有效。中国红剪纸窗花，折8次，3圈纹样：锯齿、云纹、花瓣；中心莲花，锯齿边。 Valid. Papercut window flower …"
 */
export function ticketDescription(design: TicketDesign, state: number): string {
  const paper = PAPERS[design.paper]!;
  const centre = CENTRES[design.centre]!;
  const rim = RIMS[design.rim]!;
  const bands = design.bands.map((b) => BAND_KINDS[b]!);
  return (
    `${TICKET_STATE_NAMES_ZH[state]}。${paper.zh}剪纸窗花，折${design.folds}次，${bands.length}圈纹样：` +
    `${bands.map((b) => b.zh).join("、")}；中心${centre.zh}，${rim.zh}边。 ` +
    `${TICKET_STATE_NAMES[state]}. Papercut window flower in ${paper.name} paper, folded ${design.folds} times, ` +
    `${bands.length} bands (${bands.map((b) => b.name).join(", ")}), ${centre.name} centre, ${rim.name} rim.`
  );
}

/**
 * The opening of the SVG: its size for image proxies (`width`, `height`, `viewBox`), `role="img"`, a `<title>`
 * (event and number, Chinese then English) and a `<desc>` ({@link ticketDescription}).
 *
 * @param parameters - The event's stub parts, the design, the token ID and the state.
 * @returns The `<svg>` start tag, title and description.
 * @example
 * svgOpen({ parts: stubParts(config), design, tokenId: 3n, state: TicketState.Valid });
 */
export function svgOpen({
  parts,
  design,
  tokenId,
  state,
}: {
  parts: StubParts;
  design: TicketDesign;
  tokenId: bigint;
  state: number;
}): string {
  const number = tokenId.toString().padStart(4, "0");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${GEOMETRY.width}" height="${GEOMETRY.height}" ` +
    `viewBox="0 0 ${GEOMETRY.width} ${GEOMETRY.height}" role="img"><title>` +
    `${parts.titleZh}${number}${parts.titleEn}${number}</title>` +
    `<desc>${ticketDescription(design, state)}</desc>`
  );
}
