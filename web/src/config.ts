/** What `tickets web` writes next to the built pages as `config.json`. */
export interface SiteConfig {
  /** Decimal chain id the contracts live on. */
  chainId: string;
  /** A human name for the network. */
  networkName: string;
  /** The ticket contract. */
  ticket: string;
  /** A public, read-only JSON-RPC URL for visitors without a wallet (optional). */
  rpcUrl?: string;
  /** The block the ticket contract was deployed in (where log queries start). */
  fromBlock: number;
  /** The claim-link contract (`TicketClaims`), when the event has claim links. */
  claims?: string | undefined;
  /** The organizer's claim relayer (`tickets claims relay`), when it pays attendees' gas. */
  relayerUrl?: string | undefined;
}

/** Loads and checks `config.json` from the site's folder. */
export async function loadConfig(): Promise<SiteConfig> {
  const res = await fetch(new URL("config.json", document.baseURI), { cache: "no-store" });
  if (!res.ok)
    throw new Error(`config.json could not be loaded (${res.status}): build the site with \`tickets web\``);
  const c = (await res.json()) as Partial<SiteConfig>;
  if (typeof c.ticket !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(c.ticket)) {
    throw new Error("config.json: `ticket` is not an address");
  }
  if (typeof c.chainId !== "string" || !/^[0-9]+$/.test(c.chainId))
    throw new Error("config.json: bad `chainId`");
  return {
    chainId: c.chainId,
    networkName: typeof c.networkName === "string" ? c.networkName : `chain ${c.chainId}`,
    ticket: c.ticket,
    rpcUrl: typeof c.rpcUrl === "string" ? c.rpcUrl : undefined,
    fromBlock: typeof c.fromBlock === "number" ? c.fromBlock : 0,
    claims: typeof c.claims === "string" && /^0x[0-9a-fA-F]{40}$/.test(c.claims) ? c.claims : undefined,
    relayerUrl:
      typeof c.relayerUrl === "string" && /^https?:\/\//.test(c.relayerUrl) ? c.relayerUrl : undefined,
  };
}

/**
 * Where `tickets web` publishes a carbon methodology file in the site: named by its canonical hash (the
 * `methodologyHash` a donation record carries), so the event page finds the file a record was computed with.
 */
export function methodologyPath(hash: string): string {
  return `carbon/methodology-${hash.toLowerCase()}.json`;
}
