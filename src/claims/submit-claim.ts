import type { Contract, TransactionReceipt } from "ethers";

import { claimCallArguments } from "./claim-call-arguments.js";
import type { ClaimRequest } from "./claim-types.js";
import { describeClaimError } from "./describe-claim-error.js";
import { simulateClaim } from "./simulate-claim.js";

export interface SubmitClaimParameters {
  /** The claims contract, connected to the signer that pays the gas. */
  claims: Contract;
  request: ClaimRequest;
}

export interface SubmitClaimReturnType {
  txHash: string;
  blockNumber: number;
  gasUsed: bigint;
  /** What the transaction cost in the native token (gas used × effective gas price). */
  costWei: bigint;
  firstTokenId: bigint;
  quantity: bigint;
  recipient: string;
}

/**
 * Submits a signed claim and waits for it to be mined: first simulates it (so a used, revoked or expired link
 * costs nothing), then sends it from the contract's signer.
 *
 * @returns The transaction, its cost and the tickets issued.
 * @throws {ClaimRefusedError} (or a subclass) when the contract refuses, before or after sending.
 * @example
 * const { firstTokenId } = await submitClaim({ claims: claimsContract(link.contract, signer), request });
 */
export async function submitClaim({
  claims,
  request,
}: SubmitClaimParameters): Promise<SubmitClaimReturnType> {
  await simulateClaim({ claims, request });
  let receipt: TransactionReceipt | null;
  try {
    const tx = (await claims.getFunction("claim")(...claimCallArguments(request))) as {
      wait(): Promise<TransactionReceipt | null>;
    };
    receipt = await tx.wait();
  } catch (error) {
    throw describeClaimError(error) ?? error;
  }
  if (receipt === null) throw new Error("the claim transaction was replaced or dropped");
  return { ...readClaimReceipt(claims, receipt), recipient: request.recipient };
}

/**
 * Reads the `TicketClaimed` event of a mined claim.
 *
 * @returns The transaction facts and the tickets issued.
 * @example
 * const { firstTokenId } = readClaimReceipt(claims, receipt);
 */
export function readClaimReceipt(claims: Contract, receipt: TransactionReceipt) {
  const address = (claims.target as string).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = claims.interface.parseLog(log);
    if (parsed?.name === "TicketClaimed") {
      return {
        txHash: receipt.hash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
        costWei: receipt.gasUsed * receipt.gasPrice,
        firstTokenId: parsed.args.getValue("firstTokenId") as bigint,
        quantity: parsed.args.getValue("quantity") as bigint,
      };
    }
  }
  throw new Error(`transaction ${receipt.hash} claimed nothing (no TicketClaimed event)`);
}
