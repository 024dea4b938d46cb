import { getAddress, isAddress } from "ethers";

import { claimsContract } from "../../src/claims/claims-contract.js";
import { parseClaimLink } from "../../src/claims/parse-claim-link.js";
import { readLinkInput } from "../../src/claims/read-link-input.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import { submitClaim } from "../../src/claims/submit-claim.js";
import { simulateClaim } from "../../src/claims/simulate-claim.js";
import { PapercutError } from "../../src/errors.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openClaims } from "../lib/claims.js";

interface SubmitArguments extends CommonTaskArguments {
  contract: string;
  to: string;
  yes: boolean;
}

export default taskAction<SubmitArguments>(async (args, hre, out) => {
  if (!isAddress(args.to)) throw new PapercutError(`--to ${String(args.to)}: not an address`);
  // The link holds its secret key: never on the command line (process list, shell history).
  const input = await readLinkInput({ env: process.env, stdin: process.stdin, prompt: process.stderr });
  const link = parseClaimLink(input.link);
  const recipient = getAddress(args.to);
  const { chainId, networkName, ethers, ephemeral, signer } = await openClaims(hre, args.contract);
  if (link.chainId !== chainId) {
    throw new PapercutError(`the link is for chain ${link.chainId}, but ${networkName} is chain ${chainId}`);
  }
  if ((await ethers.provider.getCode(link.contract)) === "0x") {
    throw new PapercutError(`the link's contract ${link.contract} does not exist on ${networkName}`);
  }
  const claims = claimsContract(link.contract, signer);
  const request = signClaim({ link, recipient });
  // Say now if the link cannot be claimed: used, revoked, expired (exit non-zero, nothing spent).
  await simulateClaim({ claims, request });

  out.say(
    `Claim link ${link.batchId}/${link.index} (${link.quantity} ticket(s)) for ${recipient} on ${networkName} ` +
      `(chain ${chainId}), contract ${link.contract}; gas paid by ${signer.address}`,
  );
  if (!ephemeral) await confirm("Submit the claim?", { yes: args.yes });
  const result = await submitClaim({ claims, request });
  const last = result.firstTokenId + result.quantity - 1n;
  out.say(
    `Claimed: ticket${result.quantity > 1n ? `s ${result.firstTokenId}..${last}` : ` ${result.firstTokenId}`} ` +
      `now belong to ${recipient}`,
    `  tx ${result.txHash} (block ${result.blockNumber}, ${result.gasUsed} gas)`,
  );
  out.result({
    ok: true,
    network: networkName,
    chainId: chainId.toString(),
    claims: link.contract,
    batchId: link.batchId,
    index: link.index,
    recipient,
    firstTokenId: result.firstTokenId,
    quantity: result.quantity,
    txHash: result.txHash,
    gasUsed: result.gasUsed,
  });
});
