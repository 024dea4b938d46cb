import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import PapercutTicketModule from "../../ignition/modules/PapercutTicket.js";
import TicketClaimsModule from "../../ignition/modules/TicketClaims.js";
import { CLAIMS_FUTURE_IDS, TICKET_FUTURE_ID, readDeployedAddress } from "../../src/chain/deployments.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { PapercutError } from "../../src/errors.js";
import { openNetwork } from "./network.js";

/** The Ignition future id of the claims contract. */
export { CLAIMS_FUTURE_IDS } from "../../src/chain/deployments.js";

/**
 * Opens the network and finds the ticket and claims contracts from Ignition's journal. On the in-process network
 * (which keeps nothing between commands) both are absent until {@link deployClaims} runs.
 */
export async function openClaims(hre: HardhatRuntimeEnvironment) {
  const net = await openNetwork(hre);
  const [signer] = await net.ethers.getSigners();
  if (signer === undefined) throw new PapercutError(`network ${net.networkName} has no account to send from`);
  const ignitionDir = hre.config.paths.ignition;
  const ticket = net.ephemeral
    ? undefined
    : await readDeployedAddress({
        ignitionDir,
        chainId: net.chainId,
        futureId: TICKET_FUTURE_ID,
        provider: net.connection.provider,
      });
  const claims = net.ephemeral
    ? undefined
    : await readDeployedAddress({
        ignitionDir,
        chainId: net.chainId,
        futureId: CLAIMS_FUTURE_IDS,
        provider: net.connection.provider,
      });
  return { ...net, signer, ticketAddress: ticket, claimsAddress: claims };
}

/** The claims contract of the network, or an error saying how to get one. */
export async function requireClaims(hre: HardhatRuntimeEnvironment) {
  const opened = await openClaims(hre);
  if (opened.claimsAddress === undefined) {
    throw new PapercutError(
      opened.ephemeral
        ? "the in-process network keeps nothing between commands: use --network localhost (or another network)"
        : `no claims contract on ${opened.networkName}: run \`npx hardhat tickets claims create --network ${opened.networkName}\``,
    );
  }
  return {
    ...opened,
    claims: claimsContract(opened.claimsAddress, opened.signer),
    claimsAddress: opened.claimsAddress,
  };
}

/**
 * Deploys what is missing: on the in-process network the ticket too (with its default parameters), then the
 * claims contract for the ticket, granted the ticket's minter role, through `ignition/modules/TicketClaims.ts`.
 */
export async function deployClaims(
  hre: HardhatRuntimeEnvironment,
  opened: Awaited<ReturnType<typeof openClaims>>,
): Promise<{ ticketAddress: string; claimsAddress: string }> {
  const { connection } = opened;
  let ticketAddress = opened.ticketAddress;
  if (ticketAddress === undefined) {
    if (!opened.ephemeral) {
      throw new PapercutError(
        `no ticket contract on ${opened.networkName}: run \`npx hardhat tickets deploy\` first`,
      );
    }
    const { ticket } = await connection.ignition.deploy(PapercutTicketModule, { displayUi: false });
    ticketAddress = await ticket.getAddress();
  }
  const { claims } = await connection.ignition.deploy(TicketClaimsModule, {
    parameters: { TicketClaimsModule: { ticket: ticketAddress } },
    displayUi: false,
  });
  return { ticketAddress, claimsAddress: await claims.getAddress() };
}
