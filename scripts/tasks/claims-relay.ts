import { formatEther, parseEther } from "ethers";

import { ClaimRelayer } from "../../src/claims/claim-relayer.js";
import { parseRateLimit } from "../../src/claims/rate-limiter.js";
import { startRelayServer } from "../../src/claims/relay-server.js";
import { openSpendingJournal, spendingJournalPath } from "../../src/claims/spending-journal.js";
import { PapercutError } from "../../src/errors.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { requireClaims } from "../lib/claims.js";

interface RelayArguments extends CommonTaskArguments {
  contract: string;
  host: string;
  port: number;
  spendingCap: string;
  perLink: string;
  perIp: string;
  allowOrigin: string;
  trustProxy: boolean;
  stateDir: string;
  yes: boolean;
}

export default taskAction<RelayArguments>(async (args, hre, out) => {
  let capWei: bigint;
  try {
    capWei = parseEther(args.spendingCap);
  } catch (cause) {
    throw new PapercutError(
      `--spending-cap ${args.spendingCap}: expected an amount of the native token, e.g. 0.05`,
      {
        cause,
      },
    );
  }
  const perLink = parseRateLimit(args.perLink);
  const perIp = parseRateLimit(args.perIp);
  if (perLink === undefined)
    throw new PapercutError(`--per-link ${args.perLink}: expected N/SECONDS, e.g. 5/600`);
  if (perIp === undefined) throw new PapercutError(`--per-ip ${args.perIp}: expected N/SECONDS, e.g. 30/60`);

  const { claims, claimsAddress, chainId, networkName, ephemeral, signer, ethers } = await requireClaims(
    hre,
    args.contract,
  );
  const balance = await ethers.provider.getBalance(signer.address);
  out.say(
    `Relay claims to ${claimsAddress} on ${networkName} (chain ${chainId}), paying from ${signer.address}`,
    `  spending cap  ${formatEther(capWei)} (balance ${formatEther(balance)})`,
    `  rate limits   ${perLink.limit} per ${perLink.windowMs / 1000} s per link, ` +
      `${perIp.limit} per ${perIp.windowMs / 1000} s per IP${args.trustProxy ? " (IP from X-Forwarded-For)" : ""}`,
  );
  if (!ephemeral) await confirm("Start the relayer?", { yes: args.yes });

  // What was spent survives restarts (an ephemeral network has nothing to survive for).
  const genesis = (await ethers.provider.getBlock(0))?.hash ?? "0x";
  const relayer = new ClaimRelayer({
    claims,
    chainId,
    spendingCapWei: capWei,
    spendingJournal: ephemeral
      ? undefined
      : openSpendingJournal(
          spendingJournalPath({ stateDir: args.stateDir, chainId, contract: claimsAddress, genesis }),
        ),
    perLink,
    perIp,
    log: (line) => out.note(line),
  });
  let server;
  try {
    server = await startRelayServer({
      relayer,
      host: args.host,
      port: args.port,
      allowOrigin: args.allowOrigin,
      trustProxy: args.trustProxy,
      log: (line) => out.note(line),
    });
  } catch (error) {
    relayer.close();
    throw error;
  }
  out.note(
    `  spent so far  ${formatEther(relayer.cap.spentWei)} of ${formatEther(capWei)} (journal ${relayer.cap.location})`,
    `Relayer listening on ${server.url} (POST /claim, GET /status); Ctrl-C stops it gracefully`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      out.note(`${signal}: no new claims; finishing the ones in flight…`);
      void server.close().then(resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  relayer.close();
  const status = await relayer.status();
  out.say(
    `Relayer stopped: ${status.claimed} claim(s) relayed, ${status.refused} refused, ` +
      `${formatEther(BigInt(status.spentWei))} spent of ${formatEther(capWei)}`,
  );
  out.result({ ...status, url: server.url });
});
