import { writeFile } from "node:fs/promises";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import { encodeChallenge } from "../../src/checkin/payload.js";
import { renderQr } from "../../src/checkin/render-qr.js";
import { PapercutError } from "../../src/errors.js";
import { isoTime, openGateJournal, resolveTicketAddress } from "../lib/checkin.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openNetwork } from "../lib/network.js";

interface GateChallengeArguments extends CommonTaskArguments {
  gate: string;
  ttl: number;
  contract: string;
  journal: string;
  png: string;
}

export default taskAction<GateChallengeArguments>(async (args, hre, out) => {
  if (!Number.isSafeInteger(args.ttl) || args.ttl < 5 || args.ttl > 3600) {
    throw new PapercutError(`--ttl ${args.ttl}: expected 5..3600 seconds`);
  }
  const { chainId, networkName } = await openNetwork(hre);
  const contract = await resolveTicketAddress(hre, chainId, networkName, args.contract);
  const journal = await openGateJournal(args.journal, args.gate, chainId, contract);
  const challenge = createChallenge({ gate: journal.gate, chainId, contract, ttlSeconds: args.ttl });
  await journal.recordChallenge(challenge);
  const payload = encodeChallenge(challenge);
  if (args.png !== "") await writeFile(args.png, await renderQr({ text: payload, format: "png" }));

  if (!out.json) out.say((await renderQr({ text: payload, format: "terminal" })) as string);
  out.say(
    `Challenge from gate ${challenge.gate} for ${contract} on ${networkName} (chain ${chainId})`,
    `  expires   ${isoTime(challenge.expiry)} (in ${args.ttl} s)`,
    `  journal   ${journal.file}`,
    ...(args.png === "" ? [] : [`  png       ${args.png}`]),
    `  payload   ${payload}`,
  );
  out.result({
    ok: true,
    payload,
    gate: challenge.gate,
    chainId,
    contract,
    nonce: challenge.nonce,
    expiry: challenge.expiry,
    journal: journal.file,
    png: args.png === "" ? null : args.png,
  });
});
