import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { Contract } from "ethers";

import { buildClaimTree } from "../../src/claims/build-claim-tree.js";
import { ClaimLeafStore } from "../../src/claims/claim-leaf-store.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { createClaimLinks } from "../../src/claims/create-claim-links.js";
import { ClaimBatchUncertainError } from "../../src/claims/errors.js";
import { readLinksCsvInPieces } from "../../src/claims/links-csv.js";
import { parseEmailList } from "../../src/claims/parse-email-list.js";
import { parseExpiry } from "../../src/claims/parse-expiry.js";
import { ticketAbi } from "../../src/chain/abis.js";
import { PapercutError, isPapercutError } from "../../src/errors.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import { confirm, taskAction, type CommonTaskArguments, type Output } from "../lib/cli.js";
import { LINKS_IN_RESULT_MAX, deployClaims, openClaims } from "../lib/claims.js";

interface CreateArguments extends CommonTaskArguments {
  contract: string;
  count: number;
  emails: string;
  urlTemplate: string;
  out: string;
  quantity: number;
  expires: string;
  event: string;
  resume: string;
  yes: boolean;
}

export default taskAction<CreateArguments>(async (args, hre, out) => {
  const opened = await openClaims(hre, args.contract);
  const { ethers, chainId, networkName, ephemeral, signer } = opened;
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const ticket = opened.ticketAddress && new Contract(opened.ticketAddress, ticketAbi, ethers.provider);
  const expiry = await resolveExpiry(args.expires, args.event, now, ticket || undefined);
  if (args.resume !== "") return resume(args, opened, expiry.expiresAt, out);

  // ---------------------------------------------------------------- inputs, all checked before anything is sent
  const emails = args.emails === "" ? undefined : parseEmailList(await readText(args.emails), args.emails);
  const count = args.count > 0 ? args.count : (emails?.length ?? 0);
  if (count === 0) throw new PapercutError("say how many links: --count N, or --emails list.csv");
  if (emails !== undefined && emails.length !== count) {
    throw new PapercutError(`--count ${count} but ${args.emails} has ${emails.length} emails`);
  }
  const quantity = BigInt(args.quantity);
  const { expiresAt, source: expirySource } = expiry;
  if (ticket) {
    const [cap, minted] = await Promise.all([
      ticket.getFunction("cap")() as Promise<bigint>,
      ticket.getFunction("totalMinted")() as Promise<bigint>,
    ]);
    if (BigInt(count) * quantity > cap - minted) {
      throw new PapercutError(
        `${BigInt(count) * quantity} tickets by link, but only ${cap - minted} remain under the cap`,
      );
    }
  }

  const claimsAddress = opened.claimsAddress;
  const batchId =
    claimsAddress === undefined
      ? 1n
      : ((await claimsContract(claimsAddress, ethers.provider).getFunction("nextBatchId")()) as bigint);
  const outFile = path.resolve(args.out !== "" ? args.out : `claims-batch-${batchId}-chain-${chainId}.csv`);
  if (existsSync(outFile)) {
    throw new PapercutError(
      `${outFile} exists: it may hold the only copy of earlier links; choose another --out`,
    );
  }

  // ---------------------------------------------------------------- plan, then ask
  out.say(
    `Claim links on ${networkName} (chain ${chainId}), from ${signer.address}:`,
    ...(claimsAddress === undefined
      ? [
          `  deploy     TicketClaims for ticket ${opened.ticketAddress ?? "(a new ticket: in-process network)"}` +
            " and grant it the ticket's minter role",
        ]
      : [`  contract   ${claimsAddress}`]),
    `  batch      ${batchId}: ${count} links x ${quantity} ticket(s) = ${BigInt(count) * quantity} tickets`,
    `  expires    ${expiresAt === 0n ? "never" : new Date(Number(expiresAt) * 1000).toISOString()} (${expirySource})`,
    `  links to   ${args.urlTemplate}#…`,
    `  file       ${outFile}`,
  );
  if (ephemeral)
    out.note("note: the in-process network vanishes with this command; these links are for a look only");
  else await confirm("Generate the links and commit the batch?", { yes: args.yes });

  // ---------------------------------------------------------------- deploy, generate, write, commit
  let deployed = false;
  let addresses = { ticketAddress: opened.ticketAddress ?? "", claimsAddress: claimsAddress ?? "" };
  if (claimsAddress === undefined) {
    addresses = await deployClaims(hre, opened);
    deployed = true;
    out.say(`TicketClaims deployed at ${addresses.claimsAddress}`);
  }
  const claims = claimsContract(addresses.claimsAddress, signer);
  let created: Awaited<ReturnType<typeof createClaimLinks>>;
  try {
    // The file first: if the commit's outcome is unknown, `--resume` finishes it from the file.
    created = await createClaimLinks({
      claims,
      chainId,
      batchId,
      count,
      quantity,
      emails,
      urlTemplate: args.urlTemplate,
      expiresAt,
      linksFile: outFile,
    });
  } catch (error) {
    if (!(error instanceof ClaimBatchUncertainError)) throw error;
    throw new PapercutError(error.shortMessage, {
      details:
        `The links are in ${outFile}. Do not send them yet: run \`npx hardhat tickets claims create --resume ` +
        `${outFile} --network ${networkName}\` (it reads the chain and commits only if the batch is not there).`,
      cause: error,
    });
  }
  const { batch, committed } = created;

  out.say(
    `Batch ${batchId} committed: root ${batch.root}`,
    `  tx         ${committed.txHash} (block ${committed.blockNumber}, ${committed.gasUsed} gas)`,
    `Wrote ${count} links to ${outFile} (email, link, claim_address, batch, index, quantity).`,
    "The secret keys exist ONLY in that file: whoever holds a link can claim its ticket, and a lost file cannot",
    "be recovered (revoke the batch and create a new one). Send each link to its attendee, never commit the file,",
    "and delete it once the mail merge is done.",
  );
  out.result({
    ok: true,
    network: networkName,
    chainId: chainId.toString(),
    ticket: addresses.ticketAddress,
    claims: addresses.claimsAddress,
    deployedClaims: deployed,
    batchId,
    root: batch.root,
    count,
    tickets: batch.tickets,
    expiresAt,
    txHash: committed.txHash,
    gasUsed: committed.gasUsed ?? null,
    file: outFile,
    // The links themselves only for a small batch: a million are about 1 GB, which is what the file is for.
    ...(count <= LINKS_IN_RESULT_MAX
      ? { links: Array.from({ length: count }, (_, i) => batch.row(i).url) }
      : { links: null, linksOmitted: `more than ${LINKS_IN_RESULT_MAX} links: they are only in the file` }),
  });
});

/** Commits the batch of an existing links file (after an interruption): nothing is generated. */
async function resume(
  args: CreateArguments,
  opened: Awaited<ReturnType<typeof openClaims>>,
  expiresAt: bigint,
  out: Output,
): Promise<void> {
  const { chainId, networkName, signer, ephemeral } = opened;
  if (opened.claimsAddress === undefined)
    throw new PapercutError(`no claims contract on ${networkName} to resume on`);
  // The file in pieces: only each link's leaf is kept (as bytes), and its URL only for a small batch's result.
  const leaves = new ClaimLeafStore();
  const urls: string[] = [];
  let batchId: bigint | undefined;
  let severalBatches = false;
  try {
    for (const { rows } of readLinksCsvInPieces({ file: args.resume })) {
      for (const r of rows) {
        batchId ??= r.batchId;
        if (r.batchId !== batchId) severalBatches = true;
        leaves.push(r);
        if (leaves.length <= LINKS_IN_RESULT_MAX) urls.push(r.url);
      }
    }
  } catch (cause) {
    if (isPapercutError(cause)) throw cause;
    throw new PapercutError(`${args.resume}: cannot read`, { cause });
  }
  if (batchId === undefined) throw new PapercutError(`${args.resume}: no links`);
  if (severalBatches) throw new PapercutError(`${args.resume}: links of several batches`);
  const count = leaves.length;
  const { root, tickets } = buildClaimTree({ batchId, leaves });
  out.say(
    `Resume batch ${batchId} from ${args.resume} on ${networkName} (chain ${chainId}): ${count} links, root ${root}`,
  );
  if (!ephemeral) await confirm("Commit it if the chain does not have it yet?", { yes: args.yes });
  const claims = claimsContract(opened.claimsAddress, signer);
  const committed = await commitClaimBatch({
    claims,
    batchId,
    root,
    links: BigInt(count),
    tickets,
    expiresAt,
  });
  out.say(
    committed.alreadyCommitted
      ? `Batch ${batchId} was already committed with this root: nothing sent.`
      : `Batch ${batchId} committed: tx ${committed.txHash} (${committed.gasUsed} gas)`,
  );
  out.result({
    ok: true,
    network: networkName,
    chainId: chainId.toString(),
    claims: opened.claimsAddress,
    batchId,
    root,
    alreadyCommitted: committed.alreadyCommitted,
    txHash: committed.txHash ?? null,
    ...(count <= LINKS_IN_RESULT_MAX
      ? { links: urls }
      : { links: null, linksOmitted: `more than ${LINKS_IN_RESULT_MAX} links: they are only in the file` }),
  });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (cause) {
    throw new PapercutError(`${file}: cannot read`, { cause });
  }
}

/**
 * The batch expiry: `--expires`, else the event file's `claims.expires`, else the event's end when the ticket knows
 * it (and it is ahead), else never.
 */
async function resolveExpiry(text: string, eventFile: string, now: bigint, ticket: Contract | undefined) {
  if (text !== "") return { expiresAt: parseExpiry(text, now), source: "--expires" };
  const fromFile = existsSync(eventFile)
    ? (await loadEventConfig({ file: eventFile })).claims.expires
    : undefined;
  if (fromFile !== undefined) {
    try {
      return { expiresAt: parseExpiry(fromFile, now), source: `${eventFile} claims.expires` };
    } catch (cause) {
      throw new PapercutError(
        `${eventFile}: claims.expires ${fromFile} is not in the future: give --expires`,
        {
          cause,
        },
      );
    }
  }
  const eventEnd = ticket ? await readOptional(ticket, "eventEnd") : undefined;
  if (eventEnd !== undefined && eventEnd > now) return { expiresAt: eventEnd, source: "the event's end" };
  return { expiresAt: 0n, source: "no --expires and no event end on the ticket" };
}

async function readOptional(contract: Contract, name: string): Promise<bigint | undefined> {
  try {
    return BigInt((await contract.getFunction(name)()) as bigint);
  } catch {
    return undefined;
  }
}
