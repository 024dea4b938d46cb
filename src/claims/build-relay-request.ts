import { claimRequestToJson } from "./claim-request-json.js";
import { RELAY_CLAIM_PATH, type ClaimLink, type ClaimRequestJson } from "./claim-types.js";
import { signClaim } from "./sign-claim.js";

export interface BuildRelayRequestParameters {
  /** The parsed link ({@link parseClaimLink}). */
  link: ClaimLink;
  /** The wallet that receives the ticket. */
  recipient: string;
  /** The relayer's base URL, e.g. `http://127.0.0.1:8546`. */
  relayerUrl: string;
}

export interface BuildRelayRequestReturnType {
  /** Where to POST. */
  url: string;
  /** The `fetch` options: POST, JSON content type, the signed claim as body. */
  init: { method: "POST"; headers: Record<string, string>; body: string };
  /** The signed claim that is the body. */
  claim: ClaimRequestJson;
}

/**
 * Signs a claim with the link's key and builds the HTTP request the relayer expects. Browser-safe: the claim
 * page calls `fetch(url, init)` with the result and reads a {@link RelayResponseJson}.
 *
 * @returns The URL, the fetch options and the claim.
 * @example
 * const { url, init } = buildRelayRequest({ link: parseClaimLink(location.hash), recipient, relayerUrl });
 * const answer = (await (await fetch(url, init)).json()) as RelayResponseJson;
 */
export function buildRelayRequest({
  link,
  recipient,
  relayerUrl,
}: BuildRelayRequestParameters): BuildRelayRequestReturnType {
  const claim = claimRequestToJson(signClaim({ link, recipient }));
  return {
    url: new URL(RELAY_CLAIM_PATH, relayerUrl).toString(),
    init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(claim) },
    claim,
  };
}
