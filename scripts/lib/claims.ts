import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import PapercutTicketModule from "../../ignition/modules/PapercutTicket.js";
import TicketClaimsModule from "../../ignition/modules/TicketClaims.js";
import { CLAIMS_FUTURE_IDS, TICKET_FUTURE_ID, readDeployedAddress } from "../../src/chain/deployments.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { PapercutError } from "../../src/errors.js";
import { findEventContracts } from "../../src/event/find-event-contracts.js";
import { resolveTicketAddress } from "./checkin.js";
import { openNetwork } from "./network.js";

/** The Ignition future id of the claims contract. */
export { CLAIMS_FUTURE_IDS } from "../../src/chain/deployments.js";

/**
 * Most links a claims command's `--json` result lists itself (`claims create`, `create --resume`,
 * `status --links`); beyond that they are only in the links file (a million are about 1 GB).
 */
export const LINKS_IN_RESULT_MAX = 1000;

/**
 * Opens the network and finds the ticket and claims contracts: the ticket named by `--contract` (its claims
 * contract found from the chain: a minter of the ticket that issues its claims), else both from this chain's
 * deployment record. On the in-process network (which keeps nothing between commands) both are absent until
 * {@link deployClaims} runs.
 */
export async function openClaims(hre: HardhatRuntimeEnvironment, contractOption = "") {
  const net = await openNetwork(hre);
  const [signer] = await net.ethers.getSigners();
  if (signer === undefined) throw new PapercutError(`network ${net.networkName} has no account to send from`);
  const ignitionDir = hre.config.paths.ignition;
  if (contractOption !== "") {
    const ticket = await resolveTicketAddress(hre, net.chainId, net.networkName, contractOption);
    if ((await net.ethers.provider.getCode(ticket)) === "0x") {
      throw new PapercutError(`--contract ${ticket}: no contract at that address on ${net.networkName}`);
    }
    const recordedClaims = net.ephemeral
      ? undefined
      : await readDeployedAddress({ ignitionDir, chainId: net.chainId, futureId: CLAIMS_FUTURE_IDS });
    const { claims } = await findEventContracts({
      provider: net.connection.provider,
      ticket,
      recordedClaims,
    });
    return { ...net, signer, ticketAddress: ticket, claimsAddress: claims };
  }
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
export async function requireClaims(hre: HardhatRuntimeEnvironment, contractOption = "") {
  const opened = await openClaims(hre, contractOption);
  if (opened.claimsAddress === undefined) {
    throw new PapercutError(
      opened.ephemeral
        ? "the in-process network keeps nothing between commands: use --network localhost (or another network)"
        : `no claims contract on ${opened.networkName}${contractOption === "" ? "" : ` for the ticket ${opened.ticketAddress}`}: ` +
            `run \`npx hardhat tickets event deploy --network ${opened.networkName}\` (or \`tickets claims create\`)`,
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
        `no ticket contract on ${opened.networkName}: run \`npx hardhat tickets event deploy\` first`,
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
