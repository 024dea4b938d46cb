import { computeAddress, getAddress, hexlify, isAddress } from "ethers";

import { fromBase64Url } from "./base64url.js";
import { CLAIM_LINK_VERSION, type ClaimLink } from "./claim-types.js";
import { InvalidClaimLinkError } from "./errors.js";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Reads a claim link written by {@link formatClaimLink}: the whole URL, or just its fragment (with or without
 * `#`). Browser-safe: the claim page calls it with `location.hash`. Never puts the link in an error message.
 *
 * @param link The URL or fragment.
 * @returns The link's key, address, chain, contract, batch, index, quantity and proof.
 * @throws {InvalidClaimLinkError} When a field is missing or malformed.
 * @example
 * const link = parseClaimLink(location.hash);
 */
export function parseClaimLink(link: string): ClaimLink {
  const hashAt = link.indexOf("#");
  const fragment = hashAt >= 0 ? link.slice(hashAt + 1) : link.includes("=") ? link : "";
  if (fragment === "") throw new InvalidClaimLinkError("the link has no fragment (#…): it was cut short");
  const params = new URLSearchParams(fragment);
  const field = (name: string): string => {
    const value = params.get(name);
    if (value === null) throw new InvalidClaimLinkError(`the link has no ${name}= field`, { field: name });
    return value;
  };
  const integer = (name: string, min: bigint): bigint => {
    const text = field(name);
    if (!/^[0-9]{1,78}$/.test(text) || BigInt(text) < min) {
      throw new InvalidClaimLinkError(`the link's ${name}= field is not an integer ≥ ${min}`, {
        field: name,
      });
    }
    return BigInt(text);
  };

  const version = field("v");
  if (version !== CLAIM_LINK_VERSION) {
    throw new InvalidClaimLinkError(
      `the link is of format v${version}, this tool reads v${CLAIM_LINK_VERSION}`,
      {
        field: "v",
      },
    );
  }
  const keyBytes = fromBase64Url(field("k"));
  if (keyBytes?.length !== 32)
    throw new InvalidClaimLinkError("the link's key is not 32 bytes", { field: "k" });
  const privateKey = hexlify(keyBytes);
  const keyValue = BigInt(privateKey);
  if (keyValue === 0n || keyValue >= SECP256K1_N) {
    throw new InvalidClaimLinkError("the link's key is not a valid secp256k1 key", { field: "k" });
  }
  const contract = field("a");
  if (!isAddress(contract))
    throw new InvalidClaimLinkError("the link's contract is not an address", { field: "a" });

  const proofText = field("p");
  const proofBytes = fromBase64Url(proofText);
  if (proofBytes === undefined || proofBytes.length % 32 !== 0) {
    throw new InvalidClaimLinkError("the link's proof is not a list of 32-byte hashes", { field: "p" });
  }
  const proof: string[] = [];
  for (let at = 0; at < proofBytes.length; at += 32) proof.push(hexlify(proofBytes.subarray(at, at + 32)));

  return {
    privateKey,
    claimAddress: computeAddress(privateKey),
    chainId: integer("n", 1n),
    contract: getAddress(contract),
    batchId: integer("b", 1n),
    index: integer("i", 0n),
    quantity: integer("q", 1n),
    proof,
  };
}
