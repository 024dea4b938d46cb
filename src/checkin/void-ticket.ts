import { getAddress, type Contract, type ContractTransactionResponse } from "ethers";

import { PapercutError } from "../errors.js";
import { ticketStateName, type TicketStateName } from "../ticket-state.js";

export interface PlanVoidParameters {
  /** The ticket contract (see `ticketLifecycleContract`). */
  ticket: Contract;
  tokenId: bigint;
  /** Reissue the ticket to this address instead of voiding it. */
  reissueTo?: string;
}

export interface VoidPlan {
  action: "void" | "reissue";
  tokenId: bigint;
  holder: string;
  state: TicketStateName;
  reissueTo?: string;
}

/**
 * Reads what voiding or reissuing a ticket would do, and refuses what the contract would refuse: a ticket
 * that does not exist or is already voided, a reissue to the zero address or to the holder.
 *
 * @param parameters Contract, ticket and optional new holder.
 * @returns The plan (show it before sending).
 * @throws {PapercutError} When the contract would refuse.
 * @example
 * const plan = await planVoid({ ticket, tokenId: 7n, reissueTo: "0xNew…" });
 */
export async function planVoid({ ticket, tokenId, reissueTo }: PlanVoidParameters): Promise<VoidPlan> {
  let holder: string;
  let stateIndex: bigint;
  try {
    [holder, stateIndex] = (await Promise.all([
      ticket.getFunction("ownerOf")(tokenId),
      ticket.getFunction("ticketState")(tokenId),
    ])) as [string, bigint];
  } catch (error) {
    throw new PapercutError(`ticket #${tokenId} does not exist`, { cause: error });
  }
  const state = ticketStateName(stateIndex)!;
  if (state === "Voided") throw new PapercutError(`ticket #${tokenId} is already voided`);
  if (reissueTo === undefined) return { action: "void", tokenId, holder, state };
  let to: string;
  try {
    to = getAddress(reissueTo);
  } catch (cause) {
    throw new PapercutError(`--reissue-to ${reissueTo}: not an address`, { cause });
  }
  if (BigInt(to) === 0n || to === holder) {
    throw new PapercutError(`ticket #${tokenId} cannot be reissued to ${to}`, {
      details: to === holder ? "that address holds it already" : "the zero address cannot hold a ticket",
    });
  }
  return { action: "reissue", tokenId, holder, state, reissueTo: to };
}

/**
 * Carries out a plan from {@link planVoid}: `voidTicket`, or `reissueTicket` (the ticket moves to the new
 * address with its number and state; nothing is minted).
 *
 * @param ticket The ticket contract connected to the admin's signer.
 * @param plan The plan.
 * @returns The transaction hash and block.
 * @example
 * const { txHash } = await executeVoid(ticketAsAdmin, plan);
 */
export async function executeVoid(
  ticket: Contract,
  plan: VoidPlan,
): Promise<{ txHash: string; blockNumber: number }> {
  const tx = (
    plan.action === "void"
      ? await ticket.getFunction("voidTicket")(plan.tokenId)
      : await ticket.getFunction("reissueTicket")(plan.tokenId, plan.reissueTo)
  ) as ContractTransactionResponse;
  const receipt = await tx.wait();
  if (receipt === null) throw new Error(`transaction ${tx.hash} has no receipt`);
  return { txHash: tx.hash, blockNumber: receipt.blockNumber };
}
