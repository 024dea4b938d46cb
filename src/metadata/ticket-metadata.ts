import { ticketAttributes, type TicketAttribute } from "../art/attributes.js";
import type { TicketDesign } from "../art/design.js";
import { CARD } from "../art/palette.js";
import { TicketState } from "../art/state.js";

/** Parameters of {@link ticketMetadata}. */
export interface TicketMetadataParameters {
  /** The ticket's design. */
  design: TicketDesign;
  /** Token ID. */
  tokenId: bigint;
  /** Event name. */
  eventName: string;
  /** Date line. */
  dateText: string;
  /** Prefix of `external_url`; empty for none. */
  externalUrl: string;
  /** The image's URI (e.g. `ipfs://<imagesCid>/<id>.svg`). */
  image: string;
}

/** ERC-721 metadata of one ticket, in the renderer's field order. */
export interface TicketMetadata {
  name: string;
  description: string;
  image: string;
  external_url?: string;
  background_color: string;
  attributes: TicketAttribute[];
}

/**
 * The off-chain ERC-721 metadata of a ticket (the `baseURI` fallback): the same fields and values as the
 * on-chain `tokenURI`, for a valid ticket, except that `image` links to the exported SVG.
 *
 * @param parameters - Design, token, texts and image URI.
 * @returns The metadata object.
 * @example
 * ticketMetadata({ design, tokenId: 1n, eventName, dateText, externalUrl: "", image: `ipfs://${cid}/1.svg` });
 */
export function ticketMetadata({
  design,
  tokenId,
  eventName,
  dateText,
  externalUrl,
  image,
}: TicketMetadataParameters): TicketMetadata {
  const id = tokenId.toString();
  const metadata: TicketMetadata = {
    name: `${eventName} #${id}`,
    description:
      `Ticket ${id} of ${eventName}, ${dateText}. A papercut window flower (jianzhi) cut from one sheet ` +
      `folded ${design.folds} times, drawn entirely on-chain.`,
    image,
    background_color: CARD.background.slice(1),
    attributes: ticketAttributes(design, TicketState.Valid, tokenId),
  };
  if (externalUrl !== "") {
    return {
      name: metadata.name,
      description: metadata.description,
      image,
      external_url: `${externalUrl}${id}`,
      background_color: metadata.background_color,
      attributes: metadata.attributes,
    };
  }
  return metadata;
}
