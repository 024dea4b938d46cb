import { access } from "node:fs/promises";
import path from "node:path";

import { getAddress } from "ethers";

import { CLAIMS_FUTURE_IDS, readDeployedAddress, readJournalTxHash } from "../../src/chain/deployments.js";
import { PapercutError } from "../../src/errors.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import { buildSite } from "../../src/web/build-site.js";
import { siteEventOf } from "../../src/web/site-event.js";
import { methodologySiteFiles } from "../../src/web/methodology-path.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openNetwork } from "../lib/network.js";

interface WebArguments extends CommonTaskArguments {
  contract: string;
  event: string;
  publicRpcUrl: string;
  out: string;
  claims: string;
  relayerUrl: string;
  methodology: string;
}

export default taskAction<WebArguments>(async (args, hre, out) => {
  const { connection, ethers, chainId, networkName, ephemeral } = await openNetwork(hre);
  if (ephemeral) {
    throw new PapercutError(
      `--network ${networkName}: the in-process network is gone when this command ends; build the site for a node ` +
        `or chain that stays up (e.g. --network localhost)`,
    );
  }
  const ignitionDir = hre.config.paths.ignition;
  let ticket = args.contract;
  if (ticket === "") {
    ticket = (await readDeployedAddress({ ignitionDir, chainId, provider: connection.provider })) ?? "";
    if (ticket === "") {
      throw new PapercutError(
        `no ticket contract deployed on ${networkName}: run \`tickets event deploy\` or pass --contract`,
      );
    }
  } else {
    try {
      ticket = getAddress(ticket);
    } catch (cause) {
      throw new PapercutError(`--contract ${args.contract}: not an address (or a wrong checksum)`, { cause });
    }
  }
  if ((await ethers.provider.getCode(ticket)) === "0x") {
    throw new PapercutError(`--contract ${ticket}: no contract at this address on ${networkName}`);
  }

  let rpcUrl: string | undefined = args.publicRpcUrl === "" ? undefined : args.publicRpcUrl;
  if (rpcUrl === undefined && networkName === "localhost" && connection.networkConfig.type === "http") {
    // A node on this machine: its loopback URL is no secret, and visitors on this machine can read through it.
    rpcUrl = await connection.networkConfig.url.get();
  }
  if (rpcUrl !== undefined && !/^https?:\/\//.test(rpcUrl)) {
    throw new PapercutError(`--public-rpc-url ${rpcUrl}: not an http(s) URL`);
  }

  const hash = await readJournalTxHash({ ignitionDir, chainId });
  const receipt = hash === undefined ? null : await ethers.provider.getTransactionReceipt(hash);
  const fromBlock =
    receipt?.contractAddress?.toLowerCase() === ticket.toLowerCase() ? receipt.blockNumber : 0;

  // Claim links: the claims contract (given, or this network's deployment) and the organizer's relayer.
  let claims: string | undefined =
    args.claims !== ""
      ? args.claims
      : await readDeployedAddress({
          ignitionDir,
          chainId,
          futureId: CLAIMS_FUTURE_IDS,
          provider: connection.provider,
        });
  if (claims !== undefined) {
    try {
      claims = getAddress(claims);
    } catch (cause) {
      throw new PapercutError(`--claims ${args.claims}: not an address (or a wrong checksum)`, { cause });
    }
    if ((await ethers.provider.getCode(claims)) === "0x") {
      throw new PapercutError(`--claims ${claims}: no contract at this address on ${networkName}`);
    }
  }
  const relayerUrl = args.relayerUrl === "" ? undefined : args.relayerUrl;
  if (relayerUrl !== undefined && !/^https?:\/\//.test(relayerUrl)) {
    throw new PapercutError(`--relayer-url ${relayerUrl}: not an http(s) URL`);
  }

  // The carbon methodology file(s), published by hash so the event page can re-verify donations.
  const { files, hashes: methodologies } = await methodologySiteFiles(
    args.methodology
      .split(",")
      .map((f) => f.trim())
      .filter((f) => f !== ""),
  );

  // The event as attendees see it (names, dates in its time zone, venue); the default file may be absent.
  const eventFile = await access(args.event).then(
    () => true,
    () => false,
  );
  if (!eventFile && args.event !== "metadata/event.json") {
    throw new PapercutError(`--event ${args.event}: no such file`);
  }
  const event = eventFile ? siteEventOf(await loadEventConfig({ file: args.event })) : undefined;

  const outDir = path.resolve(args.out);
  out.note(`Building the web pages for ${ticket} on ${networkName} (chain ${chainId})…`);
  await buildSite({
    webDir: path.join(hre.config.paths.root, "web"),
    outDir,
    config: {
      chainId: chainId.toString(),
      networkName,
      ticket: getAddress(ticket),
      rpcUrl,
      fromBlock,
      claims,
      relayerUrl,
      event,
    },
    files,
  });
  out.say(
    `Web pages built in ${path.relative(process.cwd(), outDir) || "."}`,
    `  serve them with: npx hardhat tickets web serve${args.out === "web/dist" ? "" : ` --dir ${args.out}`}`,
    ...(claims === undefined ? [] : [`  claim page: claim.html for claims contract ${claims}`]),
    ...(rpcUrl === undefined
      ? ["  no public RPC URL: visitors need a wallet (pass --public-rpc-url to add one)"]
      : []),
  );
  out.result({
    ok: true,
    outDir,
    ticket,
    chainId: chainId.toString(),
    network: networkName,
    fromBlock,
    claims: claims ?? null,
    relayerUrl: relayerUrl ?? null,
    methodologies,
  });
});
