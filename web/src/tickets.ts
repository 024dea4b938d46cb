import type { Contract } from "ethers";

import { t } from "./i18n.js";

/** A ticket as the pages show it. */
export interface TicketView {
  tokenId: bigint;
  name: string;
  description: string;
  /** A data: URI of the art (SVG or PNG), or undefined when the metadata has none we may show. */
  image: string | undefined;
  /** The metadata's traits; `display` is OpenSea's `display_type` when it is one the pages know. */
  attributes: { trait: string; value: string; display?: "number" | "date" }[];
}

/**
 * The token IDs `owner` holds now: every ticket ever sent to it (Transfer logs), kept if `ownerOf` still says so.
 * Works without ERC-721 Enumerable, for tickets from the compact roster and tickets that moved alike.
 */
export async function ticketsOf(ticket: Contract, owner: string, fromBlock: number): Promise<bigint[]> {
  const logs = await ticket.queryFilter(ticket.filters.Transfer!(null, owner), fromBlock);
  const candidates = new Set<bigint>();
  for (const log of logs) {
    if ("args" in log) candidates.add(BigInt(log.args[2] as bigint));
  }
  const held: bigint[] = [];
  for (const id of [...candidates].sort((a, b) => (a < b ? -1 : 1))) {
    const current = (await ticket.getFunction("ownerOf")(id)) as string;
    if (current.toLowerCase() === owner.toLowerCase()) held.push(id);
  }
  return held;
}

/**
 * Decodes a ticket's metadata from its tokenURI. Metadata is untrusted input: only data: images of SVG or PNG are
 * kept (shown through <img>, where SVG cannot run script), every text is returned as text for the caller to
 * insert with textContent.
 */
export function decodeMetadata(tokenId: bigint, uri: string): TicketView {
  const fallback: TicketView = {
    tokenId,
    name: t("common.ticketName", { id: tokenId }),
    description: "",
    image: undefined,
    attributes: [],
  };
  let json: unknown;
  const base64 = "data:application/json;base64,";
  const utf8 = /^data:application\/json(;charset=utf-8|;utf8)?,/;
  if (uri.startsWith(base64)) {
    const bytes = Uint8Array.from(atob(uri.slice(base64.length)), (c) => c.charCodeAt(0));
    json = JSON.parse(new TextDecoder().decode(bytes));
  } else if (utf8.test(uri)) {
    json = JSON.parse(decodeURIComponent(uri.replace(utf8, "")));
  } else {
    return fallback;
  }
  const m = json as { name?: unknown; description?: unknown; image?: unknown; attributes?: unknown };
  const image =
    typeof m.image === "string" && /^data:image\/(svg\+xml|png)[;,]/.test(m.image) ? m.image : undefined;
  const attributes = Array.isArray(m.attributes)
    ? m.attributes
        .filter(
          (a): a is { trait_type?: unknown; value?: unknown; display_type?: unknown } =>
            typeof a === "object" && a !== null,
        )
        .map((a): TicketView["attributes"][number] => {
          const view = { trait: scalar(a.trait_type), value: scalar(a.value) };
          return a.display_type === "number" || a.display_type === "date"
            ? { ...view, display: a.display_type }
            : view;
        })
    : [];
  return {
    tokenId,
    name: typeof m.name === "string" ? m.name : fallback.name,
    description: typeof m.description === "string" ? m.description : "",
    image,
    attributes,
  };
}

/** A metadata scalar as text; anything else (objects, arrays) is dropped. */
function scalar(v: unknown): string {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}
