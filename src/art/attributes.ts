import type { TicketDesign } from "./design.js";
import { BAND_KINDS, CENTRES, PAPERS, RIMS } from "./palette.js";
import { TICKET_STATE_NAMES } from "./state.js";

/** One ERC-721 metadata attribute (OpenSea's shape). */
export interface TicketAttribute {
  /** Trait name. */
  trait_type: string;
  /** Trait value. */
  value: string | number;
  /** Set for numeric traits: a number, or a date (Unix seconds). */
  display_type?: "number" | "date";
}

/**
 * A ticket's attributes, in the order the renderer writes them: Folds, Paper, Centre, Rim, Band 1..n (from
 * the centre out), Bands, Status, Ticket No. and Event Date; numbers as numbers, with OpenSea's `display_type`.
 *
 * @param design - The ticket's design.
 * @param state - The ticket's state.
 * @param tokenId - The token ID.
 * @param eventDate - The event's start, Unix seconds.
 * @returns The attributes.
 * @example
 * ticketAttributes(designTicket(seed), TicketState.Valid, 1n, 1653008400n);
 */
export function ticketAttributes(
  design: TicketDesign,
  state: number,
  tokenId: bigint,
  eventDate: bigint,
): TicketAttribute[] {
  const attributes: TicketAttribute[] = [
    { display_type: "number", trait_type: "Folds", value: design.folds },
    { trait_type: "Paper", value: PAPERS[design.paper]!.name },
    { trait_type: "Centre", value: CENTRES[design.centre]!.name },
    { trait_type: "Rim", value: RIMS[design.rim]!.name },
  ];
  design.bands.forEach((kind, i) =>
    attributes.push({ trait_type: `Band ${i + 1}`, value: BAND_KINDS[kind]!.name }),
  );
  attributes.push(
    { display_type: "number", trait_type: "Bands", value: design.bands.length },
    { trait_type: "Status", value: TICKET_STATE_NAMES[state]! },
    { display_type: "number", trait_type: "Ticket No.", value: Number(tokenId) },
    { display_type: "date", trait_type: "Event Date", value: Number(eventDate) },
  );
  return attributes;
}

/**
 * The attributes as the renderer writes them: compact JSON, keys in a fixed order (`display_type` first).
 *
 * @param attributes - From {@link ticketAttributes}.
 * @returns The JSON array.
 * @example
 * attributesJson(ticketAttributes(design, 0, 1n));
 */
export function attributesJson(attributes: readonly TicketAttribute[]): string {
  return `[${attributes
    .map((a) =>
      a.display_type === undefined
        ? `{"trait_type":"${a.trait_type}","value":"${a.value}"}`
        : `{"display_type":"${a.display_type}","trait_type":"${a.trait_type}","value":${a.value}}`,
    )
    .join(",")}]`;
}
