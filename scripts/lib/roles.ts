import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { CLAIMS_FUTURE_IDS, readDeployedAddress } from "../../src/chain/deployments.js";
import { PapercutError } from "../../src/errors.js";
import { findEventContracts } from "../../src/event/find-event-contracts.js";
import { planRoleChange, type EventRoleHolder } from "../../src/event/roles.js";
import { resolveTicketAddress } from "./checkin.js";
import { confirm, type CommonTaskArguments, type Output } from "./cli.js";
import { openNetwork } from "./network.js";

export interface RolesArguments extends CommonTaskArguments {
  role: string | undefined;
  account: string | undefined;
  contract: string;
  yes: boolean;
}

const ROLES: readonly EventRoleHolder[] = ["gate", "minter", "metadata", "admin", "organizer", "treasurer"];

/** Opens the network and finds the event's contracts: the ticket (`--contract` or the deployment), claims, ledger. */
export async function openEventContracts(hre: HardhatRuntimeEnvironment, contractOption: string) {
  const net = await openNetwork(hre);
  const ticket = await resolveTicketAddress(hre, net.chainId, net.networkName, contractOption);
  const provider = net.connection.provider;
  const recordedClaims = net.ephemeral
    ? undefined
    : await readDeployedAddress({
        ignitionDir: hre.config.paths.ignition,
        chainId: net.chainId,
        futureId: CLAIMS_FUTURE_IDS,
      });
  const contracts = await findEventContracts({ provider, ticket, recordedClaims });
  return { ...net, provider, contracts };
}

/** `tickets roles grant|revoke`: checks the input, plans, asks, sends each call and waits for it. */
export async function changeRole(
  hre: HardhatRuntimeEnvironment,
  args: RolesArguments,
  out: Output,
  grant: boolean,
) {
  const role = args.role as EventRoleHolder;
  if (args.role === undefined) throw new PapercutError(`--role is required: one of ${ROLES.join(", ")}`);
  if (!ROLES.includes(role)) {
    throw new PapercutError(`--role ${args.role}: expected one of ${ROLES.join(", ")}`);
  }
  if (args.account === undefined) throw new PapercutError("--account is required: the account (0x…)");
  let account: string;
  try {
    account = getAddress(args.account);
  } catch (cause) {
    throw new PapercutError(`--account ${args.account}: not an address (or a wrong checksum)`, { cause });
  }
  if (BigInt(account) === 0n)
    throw new PapercutError(`--account ${args.account}: the zero address cannot hold a role`);
  const { provider, contracts, ethers, networkName, chainId, ephemeral } = await openEventContracts(
    hre,
    args.contract,
  );
  const [signer] = await ethers.getSigners();
  if (signer === undefined) throw new PapercutError(`network ${networkName} has no account to send from`);
  const steps = await planRoleChange({ provider, contracts, role, account, grant, sender: signer.address });
  const verb = grant ? "grant" : "revoke";
  if (steps.length === 0) {
    out.say(`Nothing to send: ${account} ${grant ? "already holds" : "does not hold"} the ${role} role.`);
    out.result({ ok: true, role, account, action: verb, transactions: 0, txHashes: [] });
    return;
  }
  out.say(
    `${grant ? "Grant" : "Revoke"} the ${role} role ${grant ? "to" : "from"} ${account} on ${networkName} (chain ${chainId}), from ${signer.address}:`,
    ...steps.map((s) => `  ${s.contract.padEnd(7)} ${s.address}`),
  );
  if (!ephemeral)
    await confirm(`Send ${steps.length} transaction${steps.length === 1 ? "" : "s"}?`, { yes: args.yes });
  const txHashes: string[] = [];
  for (const step of steps) {
    const tx = await signer.sendTransaction({ to: step.address, data: step.data });
    out.note(`  sent ${tx.hash}, waiting for it to be mined`);
    const receipt = await tx.wait();
    txHashes.push(tx.hash);
    out.say(
      `  ${grant ? "granted" : "revoked"} on the ${step.contract} contract in block ${receipt?.blockNumber}`,
    );
  }
  out.result({ ok: true, role, account, action: verb, transactions: txHashes.length, txHashes });
}
