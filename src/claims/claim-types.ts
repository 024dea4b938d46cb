/**
 * Shared shapes and constants of claim links. Browser-safe: imports nothing but ethers.
 */

/** The EIP-712 domain name of `TicketClaims` (with version {@link CLAIM_DOMAIN_VERSION}). */
export const CLAIM_DOMAIN_NAME = "PapercutTicketClaims";
/** The EIP-712 domain version of `TicketClaims`. */
export const CLAIM_DOMAIN_VERSION = "1";

/** The EIP-712 types the link key signs: `Claim(uint256 batchId,uint256 index,address recipient)`. */
export const CLAIM_TYPES = {
  Claim: [
    { name: "batchId", type: "uint256" },
    { name: "index", type: "uint256" },
    { name: "recipient", type: "address" },
  ],
} as const satisfies Record<string, { name: string; type: string }[]>;

/** The Solidity types of a Merkle leaf, in order: batch id, link index, claim address, quantity. */
export const CLAIM_LEAF_TYPES = ["uint256", "uint256", "address", "uint256"] as const;

/** The version of the link fragment format written by {@link formatClaimLink}. */
export const CLAIM_LINK_VERSION = "1";

/** The relayer's endpoint path for a claim (POST, JSON body {@link ClaimRequestJson}). */
export const RELAY_CLAIM_PATH = "/claim";
/** The relayer's status endpoint path (GET). */
export const RELAY_STATUS_PATH = "/status";

/** Everything a claim link carries (all of it in the URL fragment, which browsers never send to a server). */
export interface ClaimLink {
  /** The link's secret key (0x + 64 hex). Whoever holds it can claim the ticket for any wallet, once. */
  privateKey: string;
  /** The key's public address, committed in the batch's Merkle tree. */
  claimAddress: string;
  /** The chain the claims contract lives on. */
  chainId: bigint;
  /** The `TicketClaims` contract. */
  contract: string;
  batchId: bigint;
  /** The link's leaf index in its batch. */
  index: bigint;
  /** How many tickets the link entitles to. */
  quantity: bigint;
  /** The Merkle proof of the link's leaf (32-byte hex strings). */
  proof: string[];
}

/** A signed claim, ready to submit on-chain or to a relayer. */
export interface ClaimRequest {
  chainId: bigint;
  contract: string;
  batchId: bigint;
  index: bigint;
  claimAddress: string;
  quantity: bigint;
  recipient: string;
  /** The link key's 65-byte EIP-712 signature (0x hex). */
  signature: string;
  proof: string[];
}

/** {@link ClaimRequest} as JSON: integers as decimal strings. */
export interface ClaimRequestJson {
  chainId: string;
  contract: string;
  batchId: string;
  index: string;
  claimAddress: string;
  quantity: string;
  recipient: string;
  signature: string;
  proof: string[];
}

/** What the relayer answers (every response is one JSON object). */
export type RelayResponseJson =
  | {
      ok: true;
      /** `claimed`: mined; `pending`: sent but not mined within the relayer's wait. */
      status: "claimed" | "pending";
      txHash: string;
      recipient: string;
      firstTokenId?: string;
      quantity?: string;
    }
  | {
      ok: false;
      error: RelayErrorCode;
      message: string;
      /** Seconds to wait before retrying (rate limits). */
      retryAfter?: number;
      /** The transaction already sent for this link by this relayer, if any. */
      txHash?: string;
    };

/** Why the relayer refused or failed a claim. */
export type RelayErrorCode =
  | "invalid-request"
  | "wrong-network"
  | "invalid-signature"
  | "invalid-link"
  | "claimed"
  | "revoked"
  | "expired"
  | "sold-out"
  | "in-flight"
  | "rate-limited"
  | "spending-cap"
  | "not-found"
  | "proxy-not-trusted"
  | "chain-error";
