import type { ClaimRequest } from "./claim-types.js";

/**
 * The arguments of `TicketClaims.claim`, in order, for a signed claim: what a page passes when the attendee's
 * own wallet submits (`contract.claim(...claimCallArguments(request))`). Browser-safe.
 *
 * @returns `[batchId, index, claimAddress, quantity, recipient, signature, proof]`.
 * @example
 * await new Contract(request.contract, claimsAbi, signer).claim(...claimCallArguments(request));
 */
export function claimCallArguments(
  request: ClaimRequest,
): [bigint, bigint, string, bigint, string, string, string[]] {
  return [
    request.batchId,
    request.index,
    request.claimAddress,
    request.quantity,
    request.recipient,
    request.signature,
    [...request.proof],
  ];
}
