import { executeVoid, planVoid } from "../../src/checkin/void-ticket.js";
import { PapercutError } from "../../src/errors.js";
import { lifecycleAt, parseTokenId, resolveTicketAddress } from "../lib/checkin.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openNetwork } from "../lib/network.js";

interface VoidArguments extends CommonTaskArguments {
  tokenId: string;
  reissueTo: string;
  contract: string;
  yes: boolean;
}

export default taskAction<VoidArguments>(async (args, hre, out) => {
  const tokenId = parseTokenId(args.tokenId);
  const { ethers, chainId, networkName, ephemeral } = await openNetwork(hre);
  const [admin] = await ethers.getSigners();
  if (admin === undefined) throw new PapercutError(`network ${networkName} has no admin account`);
  const contract = await resolveTicketAddress(hre, chainId, networkName, args.contract);
  const ticket = lifecycleAt(contract, admin);
  const plan = await planVoid({
    ticket,
    tokenId,
    ...(args.reissueTo === "" ? {} : { reissueTo: args.reissueTo }),
  });
  out.say(
    plan.action === "void"
      ? `Void ticket #${tokenId} (held by ${plan.holder}, ${plan.state}): it can never be used or moved again`
      : `Reissue ticket #${tokenId} (${plan.state}) from ${plan.holder} to ${plan.reissueTo}, keeping its number`,
    `  on ${networkName} (chain ${chainId}), contract ${contract}, from ${admin.address}`,
  );
  if (!ephemeral) await confirm(plan.action === "void" ? "Void it?" : "Reissue it?", { yes: args.yes });
  const { txHash, blockNumber } = await executeVoid(ticket, plan);
  out.say(`  done: ${txHash} (block ${blockNumber})`);
  out.result({
    ok: true,
    action: plan.action,
    tokenId,
    previousHolder: plan.holder,
    holder: plan.action === "reissue" ? plan.reissueTo : plan.holder,
    stateBefore: plan.state,
    txHash,
    blockNumber,
  });
});
