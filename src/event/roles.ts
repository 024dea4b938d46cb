import { ZeroHash, id } from "ethers";

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
