/**
 * Issues 5,000 tickets on the in-process network (20 airdrops of 250 distinct fresh addresses), deploys the
 * donation ledger, then runs the real tasks on that chain: `tickets donation quote` (both bases, ticket count
 * and issuance gas read from the chain), `record` on each basis, `settle` and `verify`. Writes the amounts and
 * the gas of record / settle to bench/results/donation-5000.json with the date and versions.
 *
 * Run: npx hardhat run bench/donation-5000.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import hre from "hardhat";

import DonationLedgerModule from "../ignition/modules/DonationLedger.js";
import PapercutTicketModule from "../ignition/modules/PapercutTicket.js";

const TICKETS = 5_000;
const BATCH = 250;

// The tasks open the default network with getOrCreate: issue the tickets on that same connection.
const connection = await hre.network.getOrCreate();
const { ethers } = connection;
const { ticket: deployed } = await connection.ignition.deploy(PapercutTicketModule, { displayUi: false });
const ticketAddress = await deployed.getAddress();
const ticket = await ethers.getContractAt("PapercutTicket", ticketAddress);
for (let first = 1; first <= TICKETS; first += BATCH) {
  const recipients = Array.from({ length: BATCH }, (_, i) =>
    ethers.getAddress(ethers.toBeHex(0x1000n + BigInt(first + i) * 7919n, 20)),
  );
  await (await ticket.airdrop(BigInt(first), recipients)).wait();
}
const { donationLedger } = await connection.ignition.deploy(DonationLedgerModule, {
  parameters: { DonationLedgerModule: { ticket: ticketAddress } },
  displayUi: false,
});
await (await ticket.setDonationLedger(await donationLedger.getAddress())).wait();

/** Runs a task with --json and returns its JSON result (its human output goes to stderr, shown as is). */
async function run(id: string[], args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0;
  try {
    await hre.tasks.getTask(id).run({ ...args, json: true });
  } finally {
    process.stdout.write = write;
  }
  return JSON.parse(chunks.join("")) as Record<string, unknown>;
}

console.error(
  `$ npx hardhat tickets donation quote --contract ${ticketAddress}   (in-process chain, ${TICKETS} tickets)\n`,
);
const quote = await run(["tickets", "donation", "quote"], { contract: ticketAddress });
const recordCarbon = await run(["tickets", "donation", "record"], {
  contract: ticketAddress,
  basis: "CARBON_PRICE",
  recipient: "Example Environmental Foundation",
  yes: true,
});
const recordCost = await run(["tickets", "donation", "record"], {
  contract: ticketAddress,
  basis: "COST_SAVED",
  recipient: "Example Environmental Foundation",
  yes: true,
});
const receipt = path.join(mkdtempSync(path.join(tmpdir(), "papercut-bench-")), "thank-you.txt");
writeFileSync(receipt, "Thank you for your donation.\n");
const settle = await run(["tickets", "donation", "settle"], {
  id: "1",
  receipt,
  paymentRef: "BANK-1",
  contract: ticketAddress,
  yes: true,
});
const verify = await run(["tickets", "donation", "verify"], { contract: ticketAddress });

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const quotes = quote.quotes as {
  basis: string;
  tickets: string;
  issuanceGasUsed: string;
  netGrams: string;
  amountMinor: string;
  currency: string;
}[];
const result = {
  date: new Date().toISOString(),
  versions: { hardhat: pkg("hardhat"), solc: pkg("solc"), openzeppelin: pkg("@openzeppelin/contracts") },
  hardfork: "osaka (Hardhat 3 default)",
  tickets: TICKETS,
  batches: TICKETS / BATCH,
  methodology: quote.methodology,
  quotes: quotes.map((q) => ({
    basis: q.basis,
    tickets: q.tickets,
    issuanceGasUsed: q.issuanceGasUsed,
    netGrams: q.netGrams,
    amountMinor: q.amountMinor,
    currency: q.currency,
  })),
  gas: {
    recordCarbonPrice: recordCarbon.gasUsed,
    recordCostSaved: recordCost.gasUsed,
    settle: settle.gasUsed,
  },
  settled: settle.ok === true,
  verifyAllMatch: verify.allMatch,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/donation-5000.json", JSON.stringify(result, null, 2) + "\n");
console.error(
  `\nrecord gas: ${String(recordCarbon.gasUsed)} (CARBON_PRICE, first), ${String(recordCost.gasUsed)} (COST_SAVED); ` +
    `settle gas: ${String(settle.gasUsed)}; verify: ${verify.allMatch === true ? "all match" : "MISMATCH"}`,
);
