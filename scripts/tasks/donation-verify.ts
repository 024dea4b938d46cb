import { formatGrams, formatMinor } from "../../src/carbon/format-quote.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { verifyDonations } from "../../src/carbon/verify-donations.js";
import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openDonationContext, parseCount } from "./donation-context.js";

interface VerifyArguments extends CommonTaskArguments {
  id: string;
  methodology: string;
  contract: string;
  ledger: string;
  fromBlock: string;
}

/** `tickets donation verify`: recompute every recorded donation and say whether it matches. */
export default taskAction<VerifyArguments>(async (args, hre, out) => {
  const id = parseCount("--id", args.id, { min: 1n });
  const { methodology, hash, file } = await loadMethodology({ file: args.methodology });
  const ctx = await openDonationContext(hre, args, true);
  const report = await verifyDonations({
    ledger: ctx.ledger as DonationLedger,
    ticket: ctx.ticket,
    provider: ctx.ethers.provider,
    chainId: ctx.chainId,
    methodology,
    methodologyHash: hash,
    id,
    fromBlock: ctx.fromBlock,
  });

  out.say(
    `Ledger ${report.ledger} of ticket contract ${report.ticket} (${ctx.networkName}, chain ${ctx.chainId})`,
    `Local methodology ${file}, sha256 ${hash}`,
    "",
  );
  if (report.results.length === 0) out.say("No donation recorded.");
  for (const r of report.results) {
    const d = r.donation;
    const flags = [
      r.superseded ? `superseded by ${d.supersededBy}` : "",
      r.settled ? "settled" : "not settled",
    ]
      .filter((f) => f !== "")
      .join(", ");
    out.say(
      `#${d.id} ${r.status.toUpperCase()}  ${d.basis}  ${formatMinor(d.amountMinor, d.currencyExponent, d.currency)}  ` +
        `net ${formatGrams(d.netGrams)}  ${d.ticketCount} tickets @ block ${d.snapshotBlock}  → ${d.recipient.name} (${flags})`,
      ...r.mismatches.map((m) => `    ${m.field}: on-chain ${m.onChain}, recomputed ${m.recomputed}`),
    );
  }
  out.say("", report.allMatch ? "All donations match." : "Some donations do NOT match (see above).");
  out.result({ ok: report.allMatch, ...report, methodology: { file, hash } });
  if (!report.allMatch) process.exitCode = 1;
});
