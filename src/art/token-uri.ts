import { getAddress } from "ethers";

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
 * A ticket's metadata name: the event and number in Chinese, then in English.
 *
 * @param config - The event's texts.
 * @param tokenId - The token ID.
 * @returns `2022中国互联网公益峰会 第3号 / China Internet Charity Summit No. 3`.
 * @example
 * ticketName(SAMPLE_ART, 3n);
 */
export function ticketName(config: Pick<ArtConfig, "eventNameZh" | "eventName">, tokenId: bigint): string {
  return `${config.eventNameZh} 第${tokenId}号 / ${config.eventName} No. ${tokenId}`;
}

/**
 * A ticket's metadata description, Chinese then English.
 *
 * @param config - The event's texts.
 * @param tokenId - The token ID.
 * @param folds - How many times its paper was folded.
 * @returns The description.
 * @example
 * ticketDescriptionText(SAMPLE_ART, 3n, 8);
 */
export function ticketDescriptionText(
  config: Pick<ArtConfig, "eventNameZh" | "eventName" | "dateTextZh" | "dateText">,
  tokenId: bigint,
  folds: number,
): string {
  return (
    `${config.eventNameZh}，${config.dateTextZh}，第${tokenId}号门票。剪纸窗花由一张纸折${folds}次剪成，完全在链上绘制。 ` +
    `Ticket No. ${tokenId} of ${config.eventName}, ${config.dateText}. A papercut window flower cut from one sheet ` +
    `folded ${folds} times, drawn entirely on-chain.`
  );
}

/**
 * The ticket's metadata JSON exactly as the renderer contract writes it, with the SVG inlined as a base64
 * data URI in `image`.
 *
 * @param parameters - Configuration, token and state.
 * @returns The JSON text.
 * @example
 * JSON.parse(renderTokenJson({ ...SAMPLE_ART, tokenId: 1n, state: 0 }));
 */
export function renderTokenJson(parameters: RenderTokenUriParameters): string {
  const { salt, tokenId, state, externalUrl, eventDate } = parameters;
  const design = designTicket(tokenSeed({ salt, tokenId }));
  const svg = renderTicketSvg({ ...parameters, design });
  const id = tokenId.toString();
  return (
    `{"name":"${ticketName(parameters, tokenId)}",` +
    `"description":"${ticketDescriptionText(parameters, tokenId, design.folds)}",` +
    `"image":"data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}",` +
    (externalUrl === "" ? "" : `"external_url":"${externalUrl}${id}",`) +
    `"background_color":"${CARD.background.slice(1)}",` +
    `"attributes":${attributesJson(ticketAttributes(design, state, tokenId, eventDate))}}`
  );
}

/**
 * The collection's metadata (ERC-7572 `contractURI`) exactly as the renderer's `collectionURI` writes it: the
 * bilingual name and description, ticket 1 as the image, and the royalty.
 *
 * @param config - The renderer configuration.
 * @param royalty - The ticket's ERC-2981 royalty receiver and basis points.
 * @returns The data URI.
 * @example
 * renderCollectionUri(SAMPLE_ART, { receiver: ZeroAddress, bps: 0n });
 */
export function renderCollectionUri(config: ArtConfig, royalty: { receiver: string; bps: bigint }): string {
  const svg = renderTicketSvg({ ...config, tokenId: 1n, state: 0 });
  const json =
    `{"name":"${config.eventNameZh} 剪纸门票 / ${config.eventName} Papercut Tickets",` +
    `"description":"${config.eventNameZh}（${config.dateTextZh}）的电子门票：每张都是由门票号生成、完全在链上绘制的剪纸窗花，` +
    `不印纸质门票。 E-tickets of ${config.eventName}, ${config.dateText}: each a papercut window flower generated ` +
    `from its ticket number and drawn entirely on-chain; no paper tickets were printed.",` +
    `"image":"data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}",` +
    `"seller_fee_basis_points":${royalty.bps},"fee_recipient":"${getAddress(royalty.receiver)}"}`;
  return `data:application/json;base64,${Buffer.from(json).toString("base64")}`;
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
