import { getAddress, getBytes, hexlify } from "ethers";

import { checksumAddress } from "../chain/checksum-address.js";
import { ClaimTree } from "./build-claim-tree.js";
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

/**
 * A generated batch held as bytes (32-byte keys, 20-byte addresses, the Merkle tree): about 120 MB for a million
 * links. Each link's row and URL is made when asked, so a file of a million links is written without ever holding
 * its million URLs.
 */
export interface ClaimBatchPlan {
  batchId: bigint;
  root: string;
  linkCount: number;
  tickets: bigint;
  /** Link `index`, with its secret key and proof. */
  link: (index: number) => ClaimLink;
  /** The mail-merge row of link `index`. */
  row: (index: number) => ClaimBatchRow;
}

/** Most links in one batch: the contract counts them in 32 bits; a million is measured (bench/claims-scale.ts). */
export const MAX_LINKS_PER_BATCH = 1_000_000;
/** Most tickets one link may carry: a claim mints them in one transaction. */
export const MAX_QUANTITY_PER_LINK = 50n;

/**
 * Generates a batch of claim links: a fresh secret key per link, the Merkle tree of their public addresses, and
 * the links (the key and the proof in the URL's fragment), made one at a time when asked. Nothing leaves the
 * machine: the secrets exist only in the plan, whose rows the caller writes to the organizer's file.
 *
 * @returns The root to commit, the ticket total and each link's row on demand.
 * @throws {ClaimsInputError} On a bad count, quantity, URL template, or an email count that differs.
 * @example
 * const plan = planClaimBatch({ count: 1_000_000, batchId: 1n, chainId: 31337n, contract, urlTemplate });
 */
export function planClaimBatch({
  count,
  batchId,
  chainId,
  contract,
  urlTemplate,
  quantity = 1n,
  emails,
  randomBytes,
}: GenerateClaimBatchParameters): ClaimBatchPlan {
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
  const contractAddress = getAddress(contract);

  const keys = new Uint8Array(count * 32);
  const addresses = new Uint8Array(count * 20);
  for (let i = 0; i < count; i++) {
    const key = createLinkKey({ randomBytes });
    keys.set(getBytes(key.privateKey), i * 32);
    addresses.set(getBytes(key.claimAddress), i * 20);
  }
  const tree = ClaimTree.of({
    batchId,
    count,
    addressAt: (i) => addresses.subarray(i * 20, i * 20 + 20),
    quantityAt: () => quantity,
  });
  const link = (i: number): ClaimLink => ({
    privateKey: hexlify(keys.subarray(i * 32, i * 32 + 32)),
    // Checksummed with @noble/hashes (not ethers' getAddress: see addressOfKey).
    claimAddress: checksumAddress(hexlify(addresses.subarray(i * 20, i * 20 + 20))),
    chainId,
    contract: contractAddress,
    batchId,
    index: BigInt(i),
    quantity,
    proof: tree.proof(i),
  });
  return {
    batchId,
    root: tree.root,
    linkCount: count,
    tickets: tree.tickets,
    link,
    row: (i) => {
      const l = link(i);
      return {
        email: emails?.[i] ?? "",
        url: formatClaimLink({ urlTemplate, link: l }),
        claimAddress: l.claimAddress,
        batchId,
        index: l.index,
        quantity,
      };
    },
  };
}

/**
 * Generates a batch of claim links with all its rows and links in memory (see {@link planClaimBatch}; use that one
 * for large batches).
 *
 * @returns The root to commit, the ticket total and one row per link.
 * @throws {ClaimsInputError} On a bad count, quantity, URL template, or an email count that differs.
 * @example
 * const batch = generateClaimBatch({ count: 3, batchId: 1n, chainId: 31337n, contract, urlTemplate });
 */
export function generateClaimBatch(parameters: GenerateClaimBatchParameters): GenerateClaimBatchReturnType {
  const plan = planClaimBatch(parameters);
  const indexes = Array.from({ length: plan.linkCount }, (_, i) => i);
  return {
    batchId: plan.batchId,
    root: plan.root,
    linkCount: plan.linkCount,
    tickets: plan.tickets,
    rows: indexes.map((i) => plan.row(i)),
    links: indexes.map((i) => plan.link(i)),
  };
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
