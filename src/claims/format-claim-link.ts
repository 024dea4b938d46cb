import { concat, getAddress } from "ethers";

import { toBase64Url } from "./base64url.js";
import { CLAIM_LINK_VERSION, type ClaimLink } from "./claim-types.js";

export interface FormatClaimLinkParameters {
  /** Where the claim page lives, e.g. `https://tickets.example.org/claim`; must have no fragment. */
  urlTemplate: string;
  link: ClaimLink;
}

/**
 * Writes a claim link: the page URL with everything the page needs in the fragment (`#v=1&k=…`), which
 * browsers never send to a server. The fragment holds the secret key (`k`, base64url), the chain id (`n`), the
 * claims contract (`a`), the batch (`b`), the index (`i`), the quantity (`q`) and the Merkle proof (`p`,
 * base64url of the concatenated 32-byte hashes), so the link alone is enough to claim: no server, no file.
 *
 * @returns The URL.
 * @example
 * formatClaimLink({ urlTemplate: "https://tickets.example.org/claim", link });
 * // "https://tickets.example.org/claim#v=1&k=…&n=1&a=0x…&b=1&i=0&q=1&p=…"
 */
/**
 * The checksummed contract address of the last link formatted: a batch's links all name one contract, and a
 * million checksums through ethers' (then EDR's native) keccak256 kept native memory no collection returned.
 */
let lastContract: { given: string; checksummed: string } | undefined;

export function formatClaimLink({ urlTemplate, link }: FormatClaimLinkParameters): string {
  if (lastContract?.given !== link.contract)
    lastContract = { given: link.contract, checksummed: getAddress(link.contract) };
  const fragment = [
    `v=${CLAIM_LINK_VERSION}`,
    `k=${toBase64Url(link.privateKey)}`,
    `n=${link.chainId}`,
    `a=${lastContract.checksummed}`,
    `b=${link.batchId}`,
    `i=${link.index}`,
    `q=${link.quantity}`,
    `p=${link.proof.length === 0 ? "" : toBase64Url(concat(link.proof))}`,
  ].join("&");
  return `${urlTemplate}#${fragment}`;
}
