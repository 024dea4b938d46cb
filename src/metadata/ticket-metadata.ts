import { ticketAttributes, type TicketAttribute } from "../art/attributes.js";
import type { ArtConfig } from "../art/config.js";
import { ticketDescriptionText, ticketName } from "../art/token-uri.js";
import type { TicketDesign } from "../art/design.js";
import { CARD } from "../art/palette.js";
import { TicketState } from "../art/state.js";

/** Parameters of {@link ticketMetadata}: the renderer's configuration, a design and token, the image's URI. */
export interface TicketMetadataParameters extends Pick<
  ArtConfig,
  "eventNameZh" | "eventName" | "dateTextZh" | "dateText" | "externalUrl" | "eventDate"
> {
  /** The ticket's design. */
  design: TicketDesign;
  /** Token ID. */
  tokenId: bigint;
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
 * ticketMetadata({ ...SAMPLE_ART, design, tokenId: 1n, image: `ipfs://${cid}/1.svg` });
 */
export function ticketMetadata(parameters: TicketMetadataParameters): TicketMetadata {
  const { design, tokenId, externalUrl, image, eventDate } = parameters;
  const id = tokenId.toString();
  const metadata: TicketMetadata = {
    name: ticketName(parameters, tokenId),
    description: ticketDescriptionText(parameters, tokenId, design.folds),
    image,
    background_color: CARD.background.slice(1),
    attributes: ticketAttributes(design, TicketState.Valid, tokenId, eventDate),
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
