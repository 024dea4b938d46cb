import { readClaimBatch, type ClaimBatchState } from "../../src/claims/claim-batch-state.js";
import { readLinksCsvInPieces } from "../../src/claims/links-csv.js";
import { readLinkStatuses } from "../../src/claims/read-link-statuses.js";
import { PapercutError } from "../../src/errors.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { LINKS_IN_RESULT_MAX, requireClaims } from "../lib/claims.js";

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

  let links: LinkReport[] | null | undefined;
  let linkCounts: Record<string, number> | undefined;
  if (args.links !== "") {
    // The file in pieces, each piece's statuses read before the next: only the counts, the first lines to show
    // and (for a small file) the links of the result are kept.
    const counts = new Map<string, number>();
    const shown: string[] = [];
    const listed: LinkReport[] = [];
    let total = 0;
    out.note(`reading each link's status from the chain, ${args.links} a piece at a time…`);
    let reported = Date.now();
    for (const { rows } of readLinksCsvInPieces({ file: args.links })) {
      if (Date.now() - reported > 5_000) {
        out.note(`  ${total} links read so far…`);
        reported = Date.now();
      }
      const statuses = await readLinkStatuses({
        claims,
        links: rows.map((r) => ({ batchId: r.batchId, index: r.index })),
      });
      rows.forEach((r, i) => {
        const l = {
          email: r.email,
          batch: r.batchId.toString(),
          index: r.index.toString(),
          claimAddress: r.claimAddress,
          status: statuses[i]!,
        };
        counts.set(l.status, (counts.get(l.status) ?? 0) + 1);
        if (l.status !== "claimed" && shown.length < SHOWN_MAX) {
          shown.push(`  ${l.status.padEnd(8)} batch ${l.batch} link ${l.index} ${l.email}`);
        }
        if (total < LINKS_IN_RESULT_MAX) listed.push(l);
        total += 1;
      });
    }
    links = total <= LINKS_IN_RESULT_MAX ? listed : null;
    linkCounts = Object.fromEntries(counts);
    out.say(`Links in ${args.links}: ` + [...counts].map(([k, v]) => `${v} ${k}`).join(", "), ...shown);
  }
  out.result({
    ok: true,
    network: networkName,
    chainId: chainId.toString(),
    claims: claimsAddress,
    batches: batches.map((b) => ({ ...b, state: b.revoked ? "revoked" : b.expired ? "expired" : "open" })),
    ...(links === undefined
      ? {}
      : links === null
        ? {
            links: null,
            linksOmitted: `more than ${LINKS_IN_RESULT_MAX} links: see linkCounts`,
            linkCounts,
          }
        : { links }),
  });
});

/** Links shown one a line (the ones not claimed, in file order). */
const SHOWN_MAX = 50;

interface LinkReport {
  email: string;
  batch: string;
  index: string;
  claimAddress: string;
  status: string;
}

function parseBatchId(text: string): bigint {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) throw new PapercutError(`--batch ${text}: expected a batch number`);
  return BigInt(text);
}
