import { getAddress, isAddress, isHexString } from "ethers";

import type { ClaimRequest, ClaimRequestJson } from "./claim-types.js";
import { InvalidClaimRequestError } from "./errors.js";

/**
 * Turns a signed claim into JSON-safe values (integers as decimal strings). Browser-safe.
 *
 * @returns The JSON form the relayer accepts.
 * @example
 * JSON.stringify(claimRequestToJson(request));
 */
export function claimRequestToJson(request: ClaimRequest): ClaimRequestJson {
  return {
    chainId: request.chainId.toString(),
    contract: request.contract,
    batchId: request.batchId.toString(),
    index: request.index.toString(),
    claimAddress: request.claimAddress,
    quantity: request.quantity.toString(),
    recipient: request.recipient,
    signature: request.signature,
    proof: [...request.proof],
  };
}

/** The most proof hashes a request may carry (a tree of 2^64 leaves would need 64). */
const MAX_PROOF_LENGTH = 64;

/**
 * Reads and validates a claim request from untrusted JSON (what a page posted). Checks shapes only; the
 * signature and proof are checked by {@link recoverClaimSigner} and by the contract. Browser-safe.
 *
 * @param value The parsed JSON body.
 * @returns The request with bigints and checksummed addresses.
 * @throws {InvalidClaimRequestError} Naming the first bad field.
 * @example
 * const request = parseClaimRequest(JSON.parse(body));
 */
export function parseClaimRequest(value: unknown): ClaimRequest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidClaimRequestError("the request is not a JSON object");
  }
  const body = value as Record<string, unknown>;
  const text = (name: string): string => {
    const v = body[name];
    if (typeof v !== "string")
      throw new InvalidClaimRequestError(`${name}: missing or not a string`, { field: name });
    return v;
  };
  const integer = (name: string, min: bigint): bigint => {
    const v = text(name);
    if (!/^[0-9]{1,78}$/.test(v) || BigInt(v) < min) {
      throw new InvalidClaimRequestError(`${name}: not a decimal integer ≥ ${min}`, { field: name });
    }
    return BigInt(v);
  };
  const address = (name: string): string => {
    const v = text(name);
    if (!isAddress(v)) throw new InvalidClaimRequestError(`${name}: not an address`, { field: name });
    return getAddress(v);
  };

  const signature = text("signature");
  if (!isHexString(signature, 65)) {
    throw new InvalidClaimRequestError("signature: not 65 bytes of 0x hex", { field: "signature" });
  }
  const proof = body.proof;
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH) {
    throw new InvalidClaimRequestError(`proof: not a list of at most ${MAX_PROOF_LENGTH} hashes`, {
      field: "proof",
    });
  }
  for (const p of proof) {
    if (typeof p !== "string" || !isHexString(p, 32)) {
      throw new InvalidClaimRequestError("proof: an entry is not 32 bytes of 0x hex", { field: "proof" });
    }
  }
  const recipient = address("recipient");
  if (BigInt(recipient) === 0n) {
    throw new InvalidClaimRequestError("recipient: the zero address cannot hold a ticket", {
      field: "recipient",
    });
  }
  return {
    chainId: integer("chainId", 1n),
    contract: address("contract"),
    batchId: integer("batchId", 1n),
    index: integer("index", 0n),
    claimAddress: address("claimAddress"),
    quantity: integer("quantity", 1n),
    recipient,
    signature: signature.toLowerCase(),
    proof: (proof as string[]).map((p) => p.toLowerCase()),
  };
}
