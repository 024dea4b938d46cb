import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress, isAddress, ZeroAddress } from "ethers";

import { readDeployedAddress } from "../../src/chain/deployments.js";
import { DonationChainError, InvalidDonationOptionError } from "../../src/carbon/errors.js";
import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { openNetwork } from "../lib/network.js";

/** The Ignition future id of the donation ledger. */
export const STANDALONE_LEDGER_FUTURE_ID = "DonationLedgerModule#DonationLedger";

/** Options shared by the donation tasks that read the chain. */
export interface ChainOptions {
  contract: string;
  ledger?: string;
  fromBlock?: string;
}

/**
 * Opens the network and finds the ticket contract (`--contract`, else the one `--ledger` belongs to, else the
 * Ignition deployment of this chain)
 * and, when asked, its donation ledger (`--ledger`, else the ticket's `donationLedger()`, else the Ignition
 * deployment), checking that the ledger belongs to the ticket.
 */
export async function openDonationContext(
  hre: HardhatRuntimeEnvironment,
  options: ChainOptions,
  needLedger: boolean,
) {
  const net = await openNetwork(hre);
  const { ethers, chainId, networkName } = net;
  const ignitionDir = hre.config.paths.ignition;

  const ticketAddress = await resolveAddress("--contract", options.contract, async () => {
    // A ledger given alone names its ticket contract.
    const ledgerGiven = options.ledger ?? "";
    if (
      ledgerGiven !== "" &&
      isAddress(ledgerGiven) &&
      (await ethers.provider.getCode(ledgerGiven)) !== "0x"
    ) {
      return (await ethers.getContractAt("DonationLedger", ledgerGiven)).ticket();
    }
    return readDeployedAddress({ ignitionDir, chainId });
  });
  if (ticketAddress === undefined) {
    throw new DonationChainError(
      `no ticket contract on ${networkName}: pass --contract <address> or deploy first`,
    );
  }
  if ((await ethers.provider.getCode(ticketAddress)) === "0x") {
    throw new DonationChainError(
      `--contract ${ticketAddress}: no contract at that address on ${networkName}`,
    );
  }
  const ticket = await ethers.getContractAt("PapercutTicket", ticketAddress);

  let ledger: DonationLedger | undefined;
  if (needLedger) {
    const ledgerAddress = await resolveAddress("--ledger", options.ledger ?? "", async () => {
      const pointer = await ticket.donationLedger();
      if (pointer !== ZeroAddress) return pointer;
      return readDeployedAddress({ ignitionDir, chainId, futureId: STANDALONE_LEDGER_FUTURE_ID });
    });
    if (ledgerAddress === undefined) {
      throw new DonationChainError(
        `ticket contract ${ticketAddress} points to no donation ledger: run tickets event deploy (or deploy ignition/modules/DonationLedger.ts), ` +
          "call setDonationLedger, or pass --ledger <address>",
      );
    }
    if ((await ethers.provider.getCode(ledgerAddress)) === "0x") {
      throw new DonationChainError(`ledger ${ledgerAddress}: no contract at that address on ${networkName}`);
    }
    ledger = await ethers.getContractAt("DonationLedger", ledgerAddress);
    const owner = await ledger.ticket();
    if (getAddress(owner) !== getAddress(ticketAddress)) {
      throw new DonationChainError(
        `ledger ${ledgerAddress} belongs to ticket contract ${owner}, not ${ticketAddress}`,
      );
    }
  }
  return { ...net, ticket, ticketAddress, ledger, fromBlock: parseBlock(options.fromBlock ?? "") };
}

async function resolveAddress(
  option: string,
  given: string,
  fallback: () => Promise<string | undefined>,
): Promise<string | undefined> {
  if (given !== "") {
    if (!isAddress(given)) throw new InvalidDonationOptionError(option, given, "an address");
    return getAddress(given);
  }
  return fallback();
}

function parseBlock(value: string): number | undefined {
  if (value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new InvalidDonationOptionError("--from-block", value, "a block number");
  return Number(value);
}

/**
 * Parses a non-negative integer option given as text.
 *
 * @returns The value, or undefined when the option is empty.
 */
export function parseCount(option: string, value: string, { min = 0n } = {}): bigint | undefined {
  if (value === "") return undefined;
  if (!/^\d+$/.test(value) || BigInt(value) < min) {
    throw new InvalidDonationOptionError(option, value, `an integer of at least ${min}`);
  }
  return BigInt(value);
}
