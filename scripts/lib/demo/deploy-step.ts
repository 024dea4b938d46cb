import { getAddress } from "ethers";

import PapercutRendererModule from "../../../ignition/modules/PapercutRenderer.js";
import PapercutTicketModule from "../../../ignition/modules/PapercutTicket.js";
import type { PapercutTicket } from "../../../types/ethers-contracts/index.js";
import { DEMO_EVENT, nameContract, type DemoContext } from "./demo-context.js";
import { fmt } from "./format.js";

/** What {@link deployStep} deployed. */
export interface DeployStepReturnType {
  /** The ticket contract, connected to the organizer. */
  ticket: PapercutTicket;
  ticketAddress: string;
  rendererAddress: string;
  eventStart: bigint;
  eventEnd: bigint;
}

/**
 * Step 1: deploys the ticket (cap: airdropped plus claim links) and the papercut renderer with their Ignition
 * modules, and points the ticket at the renderer.
 *
 * @param ctx The demo's context.
 * @returns The ticket contract, the two addresses and the event's dates.
 * @example
 * const deployed = await runStep(ctx, 1, () => deployStep(ctx));
 */
export async function deployStep(ctx: DemoContext): Promise<DeployStepReturnType> {
  const { connection, deploymentId, cap } = ctx;
  const { ticket: deployed } = await connection.ignition.deploy(PapercutTicketModule, {
    parameters: { PapercutTicketModule: { cap, name: DEMO_EVENT.name, symbol: DEMO_EVENT.symbol } },
    deploymentId,
    displayUi: false,
  });
  const { renderer } = await connection.ignition.deploy(PapercutRendererModule, {
    deploymentId,
    displayUi: false,
  });
  const ticketAddress = getAddress(await deployed.getAddress());
  const rendererAddress = getAddress(await renderer.getAddress());
  const ticket = await connection.ethers.getContractAt("PapercutTicket", ticketAddress, ctx.organizer);
  nameContract(ctx, ticketAddress, "PapercutTicket", ticket.interface);
  nameContract(ctx, rendererAddress, "PapercutRenderer");
  await (await ticket.setRenderer(rendererAddress)).wait();
  const [eventStart, eventEnd] = await Promise.all([ticket.eventStart(), ticket.eventEnd()]);
  ctx.log(
    `      PapercutTicket   ${ticketAddress} (cap ${fmt(cap)}: ${fmt(ctx.count)} airdropped + ${ctx.links} by claim link)`,
    `      PapercutRenderer ${rendererAddress} (salt ${DEMO_EVENT.salt.slice(0, 10)}…)`,
  );
  return { ticket, ticketAddress, rendererAddress, eventStart, eventEnd };
}
