import type { Contract } from "ethers";

import { claimCallArguments } from "./claim-call-arguments.js";
import type { ClaimRequest } from "./claim-types.js";
import { describeClaimError } from "./describe-claim-error.js";

export interface SimulateClaimParameters {
  /** The claims contract ({@link claimsContract}), connected to the account that would send. */
  claims: Contract;
  request: ClaimRequest;
}

/**
 * Runs a claim without sending it (`eth_call` at the latest block): the exact outcome the transaction would
 * have now, at no cost. Used before paying for gas.
 *
 * @returns The first token id the claim would issue.
 * @throws {ClaimRefusedError} (or a subclass: used, revoked, expired) when the contract would refuse.
 * @example
 * const firstTokenId = await simulateClaim({ claims, request });
 */
export async function simulateClaim({ claims, request }: SimulateClaimParameters): Promise<bigint> {
  try {
    return (await claims.getFunction("claim").staticCall(...claimCallArguments(request))) as bigint;
  } catch (error) {
    throw describeClaimError(error) ?? error;
  }
}
