import { readFile } from "node:fs/promises";

import { readClaimBatch, type ClaimBatchState } from "../../src/claims/claim-batch-state.js";
import { parseLinksCsv } from "../../src/claims/links-csv.js";
import { readLinkStatuses } from "../../src/claims/read-link-statuses.js";
import { PapercutError } from "../../src/errors.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { requireClaims } from "../lib/claims.js";

interface StatusArguments extends CommonTaskArguments {
  contract: string;
  batch: string;
  links: string;
}

export default taskAction<StatusArguments>(async (args, hre, out) => {
  const { claims, claimsAddress, chainId, networkName, ethers } = await requireClaims(hre, args.contract);
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const next = (await claims.getFunction("nextBatchId")()) as bigint;
  const ids =
    args.batch === ""
      ? Array.from({ length: Number(next - 1n) }, (_, i) => BigInt(i + 1))
      : [parseBatchId(args.batch)];

  const batches: ClaimBatchState[] = [];
  for (const batchId of ids) {
    const b = await readClaimBatch({ claims, batchId, now });
    if (b === undefined)
      throw new PapercutError(`batch ${batchId} does not exist (batches: 1..${next - 1n})`);
    batches.push(b);
  }
  out.say(
    `Claim links on ${networkName} (chain ${chainId}), contract ${claimsAddress}: ${batches.length} batch(es)`,
  );
  for (const b of batches) {
    const state = b.revoked ? "revoked" : b.expired ? "expired" : "open";
    const expiry =
      b.expiresAt === 0n ? "never expires" : `expires ${new Date(Number(b.expiresAt) * 1000).toISOString()}`;
    out.say(
      `  batch ${b.batchId}: ${state}, ${b.claimedLinks}/${b.links} links claimed ` +
        `(${b.claimedTickets}/${b.tickets} tickets), ${expiry}`,
    );
  }

  let links:
    { email: string; batch: string; index: string; claimAddress: string; status: string }[] | undefined;
  if (args.links !== "") {
    const rows = parseLinksCsv(await readFile(args.links, "utf8"), args.links);
    const statuses = await readLinkStatuses({
      claims,
      links: rows.map((r) => ({ batchId: r.batchId, index: r.index })),
    });
    links = rows.map((r, i) => ({
      email: r.email,
      batch: r.batchId.toString(),
      index: r.index.toString(),
      claimAddress: r.claimAddress,
      status: statuses[i]!,
    }));
    const counts = new Map<string, number>();
    for (const l of links) counts.set(l.status, (counts.get(l.status) ?? 0) + 1);
    out.say(
      `Links in ${args.links}: ` + [...counts].map(([k, v]) => `${v} ${k}`).join(", "),
      ...links
        .filter((l) => l.status !== "claimed")
        .slice(0, 50)
        .map((l) => `  ${l.status.padEnd(8)} batch ${l.batch} link ${l.index} ${l.email}`),
    );
  }
  out.result({
    ok: true,
    network: networkName,
    chainId: chainId.toString(),
    claims: claimsAddress,
    batches: batches.map((b) => ({ ...b, state: b.revoked ? "revoked" : b.expired ? "expired" : "open" })),
    ...(links === undefined ? {} : { links }),
  });
});

function parseBatchId(text: string): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) throw new PapercutError(`--batch ${text}: expected a batch number`);
  return BigInt(text);
}
