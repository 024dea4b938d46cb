import type { ArtConfig } from "./config.js";
import { attributesJson, ticketAttributes } from "./attributes.js";
import { designTicket } from "./design.js";
import { CARD } from "./palette.js";
import { tokenSeed } from "./random.js";
import { renderTicketSvg } from "./render-ticket-svg.js";
import type { TicketStateValue } from "./state.js";

/** Parameters of {@link renderTokenUri}: the renderer's configuration, a token and its state. */
export interface RenderTokenUriParameters extends ArtConfig {
  /** Token ID. */
  tokenId: bigint;
  /** The ticket's state. */
  state: TicketStateValue;
}

/**
 * The ticket's metadata JSON exactly as the renderer contract writes it, with the SVG inlined as a base64
 * data URI in `image`.
 *
 * @param parameters - Configuration, token and state.
 * @returns The JSON text.
 * @example
 * JSON.parse(renderTokenJson({ salt, tokenId: 1n, state: 0, eventName, dateText, externalUrl: "" }));
 */
export function renderTokenJson(parameters: RenderTokenUriParameters): string {
  const { salt, tokenId, state, eventName, dateText, externalUrl } = parameters;
  const design = designTicket(tokenSeed({ salt, tokenId }));
  const svg = renderTicketSvg({ ...parameters, design });
  const id = tokenId.toString();
  return (
    `{"name":"${eventName} #${id}","description":"Ticket ${id} of ${eventName}, ${dateText}. ` +
    `A papercut window flower (jianzhi) cut from one sheet folded ${design.folds} times, drawn entirely on-chain.",` +
    `"image":"data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}",` +
    (externalUrl === "" ? "" : `"external_url":"${externalUrl}${id}",`) +
    `"background_color":"${CARD.background.slice(1)}",` +
    `"attributes":${attributesJson(ticketAttributes(design, state, tokenId))}}`
  );
}

/**
 * The ticket's token URI exactly as `PapercutRenderer.tokenURI(tokenId, state)` returns it:
 * `data:application/json;base64,` and the metadata JSON.
 *
 * @param parameters - Configuration, token and state.
 * @returns The data URI.
 * @example
 * expect(await ticket.tokenURI(1n)).to.equal(renderTokenUri({ salt, tokenId: 1n, state: 0, ... }));
 */
export function renderTokenUri(parameters: RenderTokenUriParameters): string {
  return `data:application/json;base64,${Buffer.from(renderTokenJson(parameters)).toString("base64")}`;
}
