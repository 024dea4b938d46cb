import path from "node:path";

import PapercutTicketModule from "../../ignition/modules/PapercutTicket.js";
import type { Provider } from "ethers";

import { findCreation, readDeployedAddress, readJournalTxHash } from "../../src/chain/deployments.js";
import { PapercutError } from "../../src/errors.js";
import { eventDeploymentParameters } from "../../src/event/deployment-parameters.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openNetwork } from "../lib/network.js";
import { existsSync } from "node:fs";

interface DeployArguments extends CommonTaskArguments {
  event: string;
  parameters: string;
  yes: boolean;
}

const INTERFACES: Record<string, string> = {
  "ERC-165": "0x01ffc9a7",
  "ERC-721": "0x80ac58cd",
  "ERC-721 Metadata": "0x5b5e139f",
  "ERC-2981": "0x2a55205a",
  "ERC-4906": "0x49064906",
  "ERC-5192": "0xb45a3c0e",
  AccessControl: "0x7965db0b",
};

export default taskAction<DeployArguments>(async (args, hre, out) => {
  const { connection, ethers, chainId, networkName, ephemeral } = await openNetwork(hre);
  const [deployer] = await ethers.getSigners();
  if (deployer === undefined) throw new PapercutError(`network ${networkName} has no account to deploy from`);

  // The ticket's parameters come from the event file, unless an Ignition parameters file is given instead.
  const parameters = args.parameters;
  if (parameters !== "" && !existsSync(parameters)) {
    throw new PapercutError(`--parameters ${parameters}: file not found`);
  }
  const fromEvent =
    parameters === ""
      ? {
          PapercutTicketModule: eventDeploymentParameters(await loadEventConfig({ file: args.event }))
            .PapercutTicketModule,
        }
      : undefined;

  const existing = ephemeral
    ? undefined
    : await readDeployedAddress({
        ignitionDir: hre.config.paths.ignition,
        chainId,
        provider: connection.provider,
      });
  if (existing === undefined) {
    out.say(
      `Deploying PapercutTicket on ${networkName} (chain ${chainId}) from ${deployer.address}` +
        (parameters === "" ? ` with the parameters of ${args.event}` : ` with parameters from ${parameters}`),
    );
    if (!ephemeral) await confirm("Deploy?", { yes: args.yes });
  }

  const blockBefore = await ethers.provider.getBlockNumber();
  const { ticket } = await connection.ignition.deploy(PapercutTicketModule, {
    parameters: fromEvent ?? path.resolve(parameters),
    displayUi: false,
  });
  const address = await ticket.getAddress();
  const reused = existing !== undefined && existing.toLowerCase() === address.toLowerCase();
  const creation = reused
    ? await creationFromJournal(hre.config.paths.ignition, chainId, ethers.provider)
    : await findCreation({ provider: ethers.provider, address, fromBlock: blockBefore + 1 });

  const interfaces: Record<string, boolean> = {};
  for (const [label, id] of Object.entries(INTERFACES)) {
    interfaces[label] = (await ticket.getFunction("supportsInterface")(id)) as boolean;
  }
  const [name, symbol, cap] = await Promise.all([
    ticket.getFunction("name")() as Promise<string>,
    ticket.getFunction("symbol")() as Promise<string>,
    ticket.getFunction("cap")() as Promise<bigint>,
  ]);

  out.say(
    reused
      ? `PapercutTicket already deployed at ${address} (Ignition journal)`
      : `PapercutTicket deployed at ${address}`,
    `  network   ${networkName} (chain ${chainId})`,
    `  deployer  ${deployer.address}`,
    `  name      ${name} (${symbol}), cap ${cap}`,
    ...(creation
      ? [`  tx        ${creation.hash} (block ${creation.blockNumber}, ${creation.gasUsed} gas)`]
      : []),
    `  supports  ${Object.entries(interfaces)
      .map(([k, v]) => `${k}${v ? "" : " (NO)"}`)
      .join(", ")}`,
  );
  out.result({
    ok: true,
    address,
    chainId: chainId.toString(),
    network: networkName,
    deployer: deployer.address,
    txHash: creation?.hash ?? null,
    blockNumber: creation?.blockNumber ?? null,
    gasUsed: creation?.gasUsed ?? null,
    reused,
    name,
    symbol,
    cap,
    interfaces,
  });
});

async function creationFromJournal(ignitionDir: string, chainId: bigint, provider: Provider) {
  const hash = await readJournalTxHash({ ignitionDir, chainId });
  const receipt = hash === undefined ? null : await provider.getTransactionReceipt(hash);
  return receipt === null
    ? undefined
    : { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}
