import type { ArtConfig } from "../art/config.js";

/** Parameters of {@link collectionMetadata}. */
export interface CollectionMetadataParameters extends Pick<
  ArtConfig,
  "eventNameZh" | "eventName" | "dateTextZh" | "dateText"
> {
  /** Number of tickets. */
  count: number;
  /** The collection's image URI. */
  image: string;
  /** The event's web page (`external_link`); empty for none. */
  externalLink: string;
}

/** ERC-7572 contract-level metadata. */
export interface CollectionMetadata {
  name: string;
  description: string;
  image: string;
  external_link?: string;
}

/**
 * The collection's ERC-7572 metadata (`contractURI`) for the off-chain copy: name and description in Chinese then
 * English (as the renderer's `collectionURI` writes them), image and, when given, the event's link.
 *
 * @param parameters - Event, count and links.
 * @returns The metadata object.
 * @example
 * collectionMetadata({ ...SAMPLE_ART, count: 5000, image: `ipfs://${cid}/1.svg`, externalLink: "" });
 */
export function collectionMetadata({
  eventNameZh,
  eventName,
  dateTextZh,
  dateText,
  count,
  image,
  externalLink,
}: CollectionMetadataParameters): CollectionMetadata {
  const metadata: CollectionMetadata = {
    name: `${eventNameZh} 剪纸门票 / ${eventName} Papercut Tickets`,
    description:
      `${eventNameZh}（${dateTextZh}）的${count}张电子门票：每张都是由门票号生成、完全在链上绘制的剪纸窗花，不印纸质门票。 ` +
      `${count} e-tickets of ${eventName}, ${dateText}: each a papercut window flower generated from its ticket ` +
      `number and drawn entirely on-chain; no paper tickets were printed.`,
    image,
  };
  if (externalLink !== "") metadata.external_link = externalLink;
  return metadata;
}
