import path from "node:path";

import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { getAddress } from "ethers";

import { buildEventModule } from "../../../ignition/modules/PapercutEvent.js";
import {
  CLAIMS_FUTURE_ID,
  LEDGER_FUTURE_ID,
  RENDERER_FUTURE_ID,
  TICKET_FUTURE_ID,
} from "../../../src/chain/deployments.js";
import { deployEvent } from "../../../src/event/deploy-event.js";
import { eventDeploymentParameters } from "../../../src/event/deployment-parameters.js";
import type { PapercutTicket } from "../../../types/ethers-contracts/index.js";
import { nameContract, type DemoContext } from "./demo-context.js";
import { fmt } from "./format.js";

/** What {@link deployStep} deployed. */
export interface DeployStepReturnType {
  /** The ticket contract, connected to the organizer. */
  ticket: PapercutTicket;
  ticketAddress: string;
  rendererAddress: string;
  claimsAddress: string;
  ledgerAddress: string;
  eventStart: bigint;
  eventEnd: bigint;
}

/**
 * Step 1: deploys and wires the whole event from its event file, as `tickets event deploy` does (the same
 * workflow and Ignition module): the ticket, the papercut renderer, the claims contract with the minter role,
 * the donation ledger, and the gate role for the demo's two gates.
 *
 * @param ctx The demo's context.
 * @returns The ticket contract, the four addresses and the event's dates.
 * @example
 * const deployed = await runStep(ctx, 1, () => deployStep(ctx));
 */
export async function deployStep(ctx: DemoContext): Promise<DeployStepReturnType> {
  const { connection, event } = ctx;
  const module = buildEventModule({ gates: event.gates });
  const { contracts } = await deployEvent({
    provider: connection.provider,
    module,
    deploymentParameters: eventDeploymentParameters(event),
    artifactResolver: new HardhatArtifactResolver(ctx.artifacts),
    deploymentDir: ctx.inProcess
      ? undefined
      : path.join(ctx.root, "ignition", "deployments", ctx.deploymentId),
    deployer: ctx.organizer.address,
    // The demo reports what each transaction used; it needs no price beforehand.
    simulate: () => Promise.resolve(new Map()),
    confirm: () => Promise.resolve(true),
  });
  const address = (id: string) => getAddress(contracts[id]!);
  const [ticketAddress, rendererAddress, claimsAddress, ledgerAddress] = [
    address(TICKET_FUTURE_ID),
    address(RENDERER_FUTURE_ID),
    address(CLAIMS_FUTURE_ID),
    address(LEDGER_FUTURE_ID),
  ];
  const ticket = await connection.ethers.getContractAt("PapercutTicket", ticketAddress, ctx.organizer);
  nameContract(ctx, ticketAddress, "PapercutTicket", ticket.interface);
  nameContract(ctx, rendererAddress, "PapercutRenderer");
  const claims = await connection.ethers.getContractAt("TicketClaims", claimsAddress);
  const ledger = await connection.ethers.getContractAt("DonationLedger", ledgerAddress);
  nameContract(ctx, claimsAddress, "TicketClaims", claims.interface);
  nameContract(ctx, ledgerAddress, "DonationLedger", ledger.interface);
  const [eventStart, eventEnd] = await Promise.all([ticket.eventStart(), ticket.eventEnd()]);
  ctx.log(
    `      ${event.name.zh} / ${event.name.en}, from ${event.file} (rehearsed on ${new Date(Number(eventStart) * 1000).toISOString().slice(0, 10)})`,
    `      PapercutTicket   ${ticketAddress} (cap ${fmt(ctx.cap)}: ${fmt(ctx.count)} airdropped + ${ctx.links} by claim link)`,
    `      PapercutRenderer ${rendererAddress} (salt ${event.salt.slice(0, 10)}…)`,
    `      TicketClaims     ${claimsAddress} (minter)`,
    `      DonationLedger   ${ledgerAddress}`,
    `      gates            ${event.gates.join(", ")}`,
  );
  return { ticket, ticketAddress, rendererAddress, claimsAddress, ledgerAddress, eventStart, eventEnd };
}
