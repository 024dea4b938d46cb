import { listRoleHolders } from "../../src/event/roles.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openEventContracts } from "../lib/roles.js";

interface RolesListArguments extends CommonTaskArguments {
  contract: string;
}

export default taskAction<RolesListArguments>(async (args, hre, out) => {
  const { provider, contracts, networkName, chainId } = await openEventContracts(hre, args.contract);
  const holders = await listRoleHolders({ provider, contracts });
  out.say(
    `Roles of the event at ${contracts.ticket} on ${networkName} (chain ${chainId}):`,
    ...holders.map(
      (h) =>
        `  ${h.contract.padEnd(7)} ${h.role.padEnd(10)} ${h.holders.length === 0 ? "(nobody)" : h.holders.join(", ")}`,
    ),
    ...(contracts.claims === undefined ? ["  claims  (no claims contract found)"] : []),
    ...(contracts.ledger === undefined ? ["  ledger  (the ticket points to no donation ledger)"] : []),
  );
  out.result({ ok: true, contracts, roles: holders });
});
