import { Signature, SigningKey, TypedDataEncoder, getAddress } from "ethers";

import {
  CLAIM_DOMAIN_NAME,
  CLAIM_DOMAIN_VERSION,
  CLAIM_TYPES,
  type ClaimLink,
  type ClaimRequest,
} from "./claim-types.js";

/**
 * The EIP-712 domain of a `TicketClaims` contract.
 *
 * @returns The domain (name, version, chain id, verifying contract).
 * @example
 * const domain = claimDomain({ chainId: 1n, contract: "0x…" });
 */
export function claimDomain({ chainId, contract }: { chainId: bigint; contract: string }) {
  return {
    name: CLAIM_DOMAIN_NAME,
    version: CLAIM_DOMAIN_VERSION,
    chainId,
    verifyingContract: getAddress(contract),
  };
}

/**
 * The EIP-712 digest the link key signs to claim `link` for `recipient` (equal to the contract's
 * `claimDigest`). Browser-safe.
 *
 * @returns The digest (0x hex).
 * @example
 * const digest = claimDigest({ link, recipient: "0x…" });
 */
export function claimDigest({
  link,
  recipient,
}: {
  link: Omit<ClaimLink, "privateKey">;
  recipient: string;
}): string {
  return TypedDataEncoder.hash(claimDomain(link), CLAIM_TYPES, {
    batchId: link.batchId,
    index: link.index,
    recipient: getAddress(recipient),
  });
}

export interface SignClaimParameters {
  /** The parsed link (it holds the key). */
  link: ClaimLink;
  /** The wallet that receives the ticket. */
  recipient: string;
}

/**
 * Signs a claim with the link's key: binds the recipient, the batch and index, the claims contract and the chain,
 * so that whoever sees the signature can only submit it for that recipient. Browser-safe and synchronous (no
 * wallet involved: the key is in the link).
 *
 * @returns The signed claim, ready for the contract's `claim` or for a relayer.
 * @throws When `recipient` is not an address.
 * @example
 * const request = signClaim({ link: parseClaimLink(location.hash), recipient: "0x…" });
 */
export function signClaim({ link, recipient }: SignClaimParameters): ClaimRequest {
  const to = getAddress(recipient);
  const signature = new SigningKey(link.privateKey).sign(claimDigest({ link, recipient: to }));
  return {
    chainId: link.chainId,
    contract: getAddress(link.contract),
    batchId: link.batchId,
    index: link.index,
    claimAddress: getAddress(link.claimAddress),
    quantity: link.quantity,
    recipient: to,
    signature: Signature.from(signature).serialized,
    proof: [...link.proof],
  };
}
