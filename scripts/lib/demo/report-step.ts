import type { DemoReport } from "../../../src/demo/format-demo-report.js";
import { outPath, type DemoContext } from "./demo-context.js";
import type { AirdropStepReturnType } from "./airdrop-step.js";
import type { CheckInStepReturnType } from "./check-in-step.js";
import type { ClaimsStepReturnType } from "./claims-step.js";
import type { DeployStepReturnType } from "./deploy-step.js";
import type { DonationStepReturnType } from "./donation-step.js";

/** What the steps before the report returned. */
export interface DemoStepResults {
  deployed: DeployStepReturnType;
  airdrop: AirdropStepReturnType;
  claims: ClaimsStepReturnType;
  checkIn: CheckInStepReturnType;
  donation: DonationStepReturnType;
  art: DemoReport["art"];
}

/** The report's files, in the output folder. */
export const DEMO_REPORT_FILES = { markdown: "demo-report.md", json: "demo-report.json" } as const;

/**
 * Step 7: the report, from the steps' results and the transactions read back from the chain (the total
 * duration is the caller's to fill in).
 *
 * @param ctx The demo's context.
 * @param results What the steps returned.
 * @returns The report (`totals.seconds` 0).
 * @example
 * const report = await runStep(ctx, 7, () => reportStep(ctx, { deployed, airdrop, claims, checkIn, donation, art }));
 */
export async function reportStep(
  ctx: DemoContext,
  { deployed, airdrop, claims, checkIn, donation, art }: DemoStepResults,
): Promise<DemoReport> {
  const { transactions } = ctx;
  const totalGas = transactions.reduce((s, t) => s + BigInt(t.gasUsed), 0n);
  const minted = await deployed.ticket.totalMinted();
  const claimGas = claims.claimed.reduce((s, c) => s + BigInt(c.gasUsed), 0n);
  const checkInGas = checkIn.gates.reduce((s, g) => s + BigInt(g.gasUsed), 0n);
  return {
    schema: "papercut-tickets/demo-report/1",
    createdAt: new Date().toISOString(),
    network: { name: ctx.connection.networkName, chainId: ctx.chainId.toString(), inProcess: ctx.inProcess },
    event: {
      name: ctx.event.name.en,
      nameZh: ctx.event.name.zh,
      symbol: ctx.event.symbol,
      cap: ctx.cap.toString(),
      eventStart: new Date(Number(deployed.eventStart) * 1000).toISOString(),
      eventEnd: new Date(Number(deployed.eventEnd) * 1000).toISOString(),
    },
    accounts: {
      organizer: ctx.organizer.address,
      gates: Object.fromEntries(checkIn.gates.map((g) => [g.gate, g.account])),
    },
    contracts: {
      ticket: deployed.ticketAddress,
      renderer: deployed.rendererAddress,
      claims: claims.claimsAddress,
      donationLedger: donation.ledgerAddress,
    },
    steps: ctx.steps,
    transactions,
    airdrop: {
      attendees: ctx.count,
      wallets: airdrop.wallets,
      tickets: airdrop.issued,
      firstTokenId: airdrop.firstTokenId.toString(),
      lastTokenId: (airdrop.firstTokenId + BigInt(airdrop.issued) - 1n).toString(),
      batches: airdrop.batches,
      gasUsed: airdrop.gasUsed.toString(),
      gasPerTicket: Math.round(Number(airdrop.gasUsed) / airdrop.issued),
      attendeesCsv: airdrop.attendeesCsv,
      journal: ctx.inProcess
        ? "(in memory: the in-process network vanishes with the run)"
        : outPath(ctx, airdrop.journal),
    },
    claims: {
      batchId: claims.batchId.toString(),
      links: ctx.links,
      claimed: claims.claimed,
      unclaimed: ctx.links - claims.claimed.length,
      reuseRefused: claims.reuseRefused,
      relayer: claims.relayer,
      gasPerClaim: Math.round(Number(claimGas) / claims.claimed.length),
    },
    checkIn: {
      gates: checkIn.gates.map(({ journal: _journal, ...g }) => g),
      refused: checkIn.refused,
      admittedOnChain: checkIn.admittedOnChain,
      gasPerCheckIn: Math.round(Number(checkInGas) / Math.max(1, checkIn.admittedOnChain)),
    },
    donation: donation.report,
    art,
    totals: {
      seconds: 0,
      transactions: transactions.length,
      gasUsed: totalGas.toString(),
      ticketsIssued: minted.toString(),
      gasPerTicketAllSteps: Math.round(Number(totalGas) / Number(minted)),
    },
    files: { ...DEMO_REPORT_FILES },
  };
}
