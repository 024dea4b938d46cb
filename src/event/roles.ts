import { Interface, ZeroHash, getAddress, id } from "ethers";

import { ticketAbi } from "../chain/abis.js";
import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { findDeploymentBlock } from "../chain/find-deployment-block.js";
import { readLogs } from "../chain/read-logs.js";
import { RoleChangeError } from "./errors.js";

/** The roles an operator names on the command line (`--role`). */
export type EventRoleHolder = "admin" | "minter" | "metadata" | "gate" | "organizer" | "treasurer";

/** Each role's hash, as the contracts define it (`DEFAULT_ADMIN_ROLE` is zero). */
export const EVENT_ROLE_NAMES: Record<EventRoleHolder, string> = {
  admin: ZeroHash,
  minter: id("MINTER_ROLE"),
  metadata: id("METADATA_ROLE"),
  gate: id("GATE_ROLE"),
  organizer: id("ORGANIZER_ROLE"),
  treasurer: id("TREASURER_ROLE"),
};

/** The event's contracts that hold roles. */
export type EventContract = "ticket" | "claims" | "ledger";

/** Which roles each contract has: the admin role on all three, the others on one each. */
export const CONTRACT_ROLES: Record<EventContract, EventRoleHolder[]> = {
  ticket: ["admin", "minter", "metadata", "gate"],
  claims: ["admin", "organizer"],
  ledger: ["admin", "treasurer"],
};

/** The contracts a role is granted or revoked on (`admin` means the admin of all three). */
export function contractsOfRole(role: EventRoleHolder): EventContract[] {
  return (Object.keys(CONTRACT_ROLES) as EventContract[]).filter((c) => CONTRACT_ROLES[c].includes(role));
}

/** A role's name from its hash, for people (`GATE_ROLE`), or the hash when unknown. */
export function roleLabel(hash: string): string {
  if (hash === ZeroHash) return "DEFAULT_ADMIN_ROLE";
  const known = ["MINTER_ROLE", "METADATA_ROLE", "GATE_ROLE", "ORGANIZER_ROLE", "TREASURER_ROLE"].find(
    (r) => id(r) === hash,
  );
  return known ?? hash;
}

/** The event's contracts, by kind (claims and ledger may be absent). */
export type EventContracts = Partial<Record<EventContract, string>> & { ticket: string };

/** Who holds each role of each contract, read from the chain. */
export interface RoleHolders {
  contract: EventContract;
  address: string;
  role: EventRoleHolder;
  /** Current holders, checksummed, in the order they were granted. */
  holders: string[];
}

/** AccessControl's functions and events, the same on all three contracts (from the compiler's ABI). */
const ROLE_EVENTS = new Interface(ticketAbi);

/**
 * Lists the holders of every role of the event's contracts, from their `RoleGranted` and `RoleRevoked` events
 * (read in pages from each contract's deployment block), each confirmed with `hasRole`.
 *
 * @param parameters The provider and the contracts.
 * @returns One entry per contract and role.
 * @example
 * const holders = await listRoleHolders({ provider, contracts: { ticket, claims, ledger } });
 */
export async function listRoleHolders({
  provider,
  contracts,
}: {
  provider: Eip1193Provider;
  contracts: EventContracts;
}): Promise<RoleHolders[]> {
  const out: RoleHolders[] = [];
  for (const kind of Object.keys(CONTRACT_ROLES) as EventContract[]) {
    const address = contracts[kind];
    if (address === undefined) continue;
    const fromBlock = await findDeploymentBlock({ provider, address });
    const logs = await readLogs({
      provider,
      address,
      topics: [
        [ROLE_EVENTS.getEvent("RoleGranted")!.topicHash, ROLE_EVENTS.getEvent("RoleRevoked")!.topicHash],
      ],
      fromBlock,
    });
    const seen = new Map<string, Set<string>>();
    for (const log of logs) {
      const role = log.topics[1]!;
      const account = getAddress("0x" + log.topics[2]!.slice(26));
      const set = seen.get(role) ?? new Set<string>();
      set.add(account);
      seen.set(role, set);
    }
    for (const role of CONTRACT_ROLES[kind]) {
      const holders: string[] = [];
      for (const account of seen.get(EVENT_ROLE_NAMES[role]) ?? []) {
        if (await hasRole(provider, address, EVENT_ROLE_NAMES[role], account)) holders.push(account);
      }
      out.push({ contract: kind, address, role, holders });
    }
  }
  return out;
}

/** Whether an account holds a role on a contract, now. */
export async function hasRole(provider: Eip1193Provider, contract: string, role: string, account: string) {
  const data = await rpc<string>(provider, "eth_call", [
    { to: contract, data: ROLE_EVENTS.encodeFunctionData("hasRole", [role, account]) },
    "latest",
  ]);
  return ROLE_EVENTS.decodeFunctionResult("hasRole", data)[0] as boolean;
}

/** One grant or revoke the role change needs. */
export interface RoleChangeStep {
  contract: EventContract;
  address: string;
  /** The call's data (`grantRole` or `revokeRole`). */
  data: string;
}

/**
 * Plans a grant or revoke of a role on every contract that has it: the calls still needed (an account that
 * already holds the role, or does not, needs none), after checking that the sender may make them and that a
 * revoke does not leave a contract without any admin.
 *
 * @returns The calls to send (empty when nothing is needed).
 * @throws {RoleChangeError} When the sender lacks the admin role, or the revoke would remove the last admin.
 * @example
 * const steps = await planRoleChange({ provider, contracts, role: "gate", account, grant: true, sender });
 */
export async function planRoleChange({
  provider,
  contracts,
  role,
  account,
  grant,
  sender,
}: {
  provider: Eip1193Provider;
  contracts: EventContracts;
  role: EventRoleHolder;
  account: string;
  grant: boolean;
  sender: string;
}): Promise<RoleChangeStep[]> {
  const targets = contractsOfRole(role).filter((c) => contracts[c] !== undefined);
  if (targets.length === 0)
    throw new RoleChangeError(
      `no ${contractsOfRole(role).join(" or ")} contract to change the ${role} role on`,
    );
  const steps: RoleChangeStep[] = [];
  for (const kind of targets) {
    const address = contracts[kind]!;
    const hash = EVENT_ROLE_NAMES[role];
    const holds = await hasRole(provider, address, hash, account);
    if (holds === grant) continue;
    if (!(await hasRole(provider, address, ZeroHash, sender))) {
      throw new RoleChangeError(
        `${sender} is not an admin of the ${kind} contract ${address}: it cannot ${grant ? "grant" : "revoke"} roles there`,
        {
          details:
            "run the command from an account that holds the admin role (tickets roles list shows who does)",
        },
      );
    }
    if (!grant && role === "admin") {
      const admins = (
        await listRoleHolders({ provider, contracts: { ticket: contracts.ticket, [kind]: address } })
      ).find((h) => h.contract === kind && h.role === "admin");
      if ((admins?.holders ?? []).filter((h) => h !== getAddress(account)).length === 0) {
        throw new RoleChangeError(
          `${account} is the last admin of the ${kind} contract ${address}: revoking it would leave the event without an admin`,
          {
            details: "grant the admin role to another account first",
          },
        );
      }
    }
    steps.push({
      contract: kind,
      address,
      data: ROLE_EVENTS.encodeFunctionData(grant ? "grantRole" : "revokeRole", [hash, account]),
    });
  }
  return steps;
}
