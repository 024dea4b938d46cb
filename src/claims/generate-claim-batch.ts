import { getAddress } from "ethers";

import { buildClaimTree } from "./build-claim-tree.js";
import type { ClaimLink } from "./claim-types.js";
import { ClaimsInputError } from "./errors.js";
import { formatClaimLink } from "./format-claim-link.js";
import { createLinkKey } from "./link-key.js";

/** One row of the mail-merge file: who gets which link. */
export interface ClaimBatchRow {
  /** The attendee's email, or "" when the organizer gave none. */
  email: string;
  /** The claim URL (it contains the secret key). */
  url: string;
  claimAddress: string;
  batchId: bigint;
  index: bigint;
  quantity: bigint;
}

export interface GenerateClaimBatchParameters {
  /** How many links. */
  count: number;
  /** The id the batch will get on-chain (`nextBatchId()`): leaves and links carry it. */
  batchId: bigint;
  chainId: bigint;
  /** The `TicketClaims` contract. */
  contract: string;
  /** The claim page's URL; the link data goes after `#`. */
  urlTemplate: string;
  /** Tickets per link (default 1). */
  quantity?: bigint;
  /** One email per link, in order (optional). */
  emails?: readonly string[];
  /** Secure random source (tests inject a seeded one). */
  randomBytes?: (length: number) => Uint8Array;
}

export interface GenerateClaimBatchReturnType {
  batchId: bigint;
  root: string;
  linkCount: number;
  tickets: bigint;
  /** One row per link, for the mail-merge file. */
  rows: ClaimBatchRow[];
  /** The same links, parsed (as {@link parseClaimLink} would read them back from `rows[i].url`). */
  links: ClaimLink[];
}

/** Most links in one batch: the contract counts them in 32 bits; 100,000 keeps generation under a minute. */
export const MAX_LINKS_PER_BATCH = 100_000;
/** Most tickets one link may carry: a claim mints them in one transaction. */
export const MAX_QUANTITY_PER_LINK = 50n;

/**
 * Generates a batch of claim links: a fresh secret key per link, the Merkle tree of their public addresses,
 * and the URLs (the key and the proof in the fragment). Nothing leaves the machine: the secrets exist only in
 * the returned rows, which the caller writes to the organizer's file.
 *
 * @returns The root to commit, the ticket total and one row per link.
 * @throws {ClaimsInputError} On a bad count, quantity, URL template, or an email count that differs.
 * @example
 * const batch = generateClaimBatch({ count: 3, batchId: 1n, chainId: 31337n, contract, urlTemplate });
 */
export function generateClaimBatch({
  count,
  batchId,
  chainId,
  contract,
  urlTemplate,
  quantity = 1n,
  emails,
  randomBytes,
}: GenerateClaimBatchParameters): GenerateClaimBatchReturnType {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_LINKS_PER_BATCH) {
    throw new ClaimsInputError(`--count ${count}: expected 1..${MAX_LINKS_PER_BATCH}`, {
      value: String(count),
    });
  }
  if (emails !== undefined && emails.length !== count) {
    throw new ClaimsInputError(`${emails.length} emails for ${count} links: the counts must match`);
  }
  if (quantity < 1n || quantity > MAX_QUANTITY_PER_LINK) {
    throw new ClaimsInputError(`--quantity ${quantity}: expected 1..${MAX_QUANTITY_PER_LINK}`);
  }
  checkUrlTemplate(urlTemplate);

  const keys = Array.from({ length: count }, () => createLinkKey({ randomBytes }));
  const leaves = keys.map((k, i) => ({ index: BigInt(i), claimAddress: k.claimAddress, quantity }));
  const { root, proofs, tickets } = buildClaimTree({ batchId, leaves });
  const links = keys.map((key, i): ClaimLink => ({
    privateKey: key.privateKey,
    claimAddress: key.claimAddress,
    chainId,
    contract: getAddress(contract),
    batchId,
    index: BigInt(i),
    quantity,
    proof: proofs[i]!,
  }));
  const rows = links.map((link, i): ClaimBatchRow => ({
    email: emails?.[i] ?? "",
    url: formatClaimLink({ urlTemplate, link }),
    claimAddress: link.claimAddress,
    batchId,
    index: link.index,
    quantity,
  }));
  return { batchId, root, linkCount: count, tickets, rows, links };
}

function checkUrlTemplate(urlTemplate: string): void {
  let url: URL;
  try {
    url = new URL(urlTemplate);
  } catch {
    throw new ClaimsInputError(`--url-template ${urlTemplate}: not an absolute URL`, { value: urlTemplate });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ClaimsInputError(`--url-template ${urlTemplate}: expected http(s)`, { value: urlTemplate });
  }
  if (urlTemplate.includes("#")) {
    throw new ClaimsInputError(
      `--url-template ${urlTemplate}: must have no #fragment (the link data goes there)`,
      {
        value: urlTemplate,
      },
    );
  }
}
