import { recoverAddress } from "ethers";

import type { ClaimRequest } from "./claim-types.js";
import { claimDigest } from "./sign-claim.js";

/**
 * Recovers who signed a claim, offline (the relayer's first check, before it spends anything). The claim is
 * good only if this equals `request.claimAddress`. Browser-safe.
 *
 * @returns The signer's address, or undefined when the signature is malformed.
 * @example
 * if (recoverClaimSigner(request) !== request.claimAddress) throw new Error("bad signature");
 */
export function recoverClaimSigner(request: ClaimRequest): string | undefined {
  try {
    return recoverAddress(claimDigest({ link: request, recipient: request.recipient }), request.signature);
  } catch {
    return undefined;
  }
}
