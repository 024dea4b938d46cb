import { writeFile } from "node:fs/promises";

import { Wallet } from "ethers";

import { decodeChallenge, encodeProof } from "../../src/checkin/payload.js";
import { renderQr } from "../../src/checkin/render-qr.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { PapercutError } from "../../src/errors.js";
import { isoTime, parseTokenId, readSecret } from "../lib/checkin.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";

interface TicketProveArguments extends CommonTaskArguments {
  tokenId: string;
  challenge: string;
  png: string;
}

export default taskAction<TicketProveArguments>(async (args, hre, out) => {
  const tokenId = parseTokenId(args.tokenId);
  if (args.challenge === "")
    throw new PapercutError("--challenge is required: the text of the gate's QR code");
  const challenge = decodeChallenge(args.challenge);
  let signer: Wallet;
  try {
    signer = new Wallet(await readSecret(hre, "HOLDER_KEY"));
  } catch (error) {
    if (error instanceof PapercutError) throw error;
    throw new PapercutError("HOLDER_KEY is not a private key (32 bytes of hex)");
  }
  const proof = await signCheckInProof({ signer, challenge, tokenId });
  const payload = encodeProof(proof);
  if (args.png !== "") await writeFile(args.png, await renderQr({ text: payload, format: "png" }));

  const left = challenge.expiry - Math.floor(Date.now() / 1000);
  if (left <= 0)
    out.note(`warning: this challenge expired at ${isoTime(challenge.expiry)}; the gate will refuse it`);
  if (!out.json) out.say((await renderQr({ text: payload, format: "terminal" })) as string);
  out.say(
    `Proof for ticket #${tokenId}, signed by ${signer.address}`,
    `  gate      ${challenge.gate} (chain ${challenge.chainId}, contract ${challenge.contract})`,
    `  expires   ${isoTime(challenge.expiry)}${left > 0 ? ` (in ${left} s)` : " (expired)"}`,
    ...(args.png === "" ? [] : [`  png       ${args.png}`]),
    `  payload   ${payload}`,
  );
  out.result({
    ok: true,
    payload,
    tokenId,
    signer: signer.address,
    gate: challenge.gate,
    chainId: challenge.chainId,
    contract: challenge.contract,
    expiry: challenge.expiry,
    png: args.png === "" ? null : args.png,
  });
});
