/** Parameters of {@link collectionMetadata}. */
export interface CollectionMetadataParameters {
  /** Event name. */
  eventName: string;
  /** Date line. */
  dateText: string;
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
 * The collection's ERC-7572 metadata (`contractURI`): name, description, image and, when given, the event's
 * link.
 *
 * @param parameters - Event, count and links.
 * @returns The metadata object.
 * @example
 * collectionMetadata({ eventName, dateText, count: 5000, image: `ipfs://${cid}/1.svg`, externalLink: "" });
 */
export function collectionMetadata({
  eventName,
  dateText,
  count,
  image,
  externalLink,
}: CollectionMetadataParameters): CollectionMetadata {
  const metadata: CollectionMetadata = {
    name: `${eventName} Papercut Tickets`,
    description:
      `${count} e-tickets of ${eventName}, ${dateText}, each with its own Chinese papercut (jianzhi) window ` +
      `flower generated from its ticket number and drawn entirely on-chain. No paper tickets were printed.`,
    image,
  };
  if (externalLink !== "") metadata.external_link = externalLink;
  return metadata;
}
