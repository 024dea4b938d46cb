import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";

import DonationLedgerModule from "../../ignition/modules/DonationLedger.js";
import { deployTicket } from "../support/ticket-fixture.js";

// The tasks open the default network with `getOrCreate`: deploy on that same in-process connection.
const connection = await hre.network.getOrCreate();
const { ethers, ignition } = connection;

interface TaskRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  json: Record<string, unknown>;
}

/** Runs a task in-process, capturing what it prints and its exit code. */
async function run(id: string[], args: Record<string, unknown>): Promise<TaskRun> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = (chunk: string | Uint8Array) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string | Uint8Array) => err.push(String(chunk)) > 0;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await hre.tasks.getTask(id).run(args);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = before;
  const stdout = out.join("");
  let json: Record<string, unknown> = {};
  if (args.json === true && stdout.trim() !== "") json = JSON.parse(stdout) as Record<string, unknown>;
  return { stdout, stderr: err.join(""), exitCode, json };
}

const QUOTE = ["tickets", "donation", "quote"];
const RECORD = ["tickets", "donation", "record"];
const SETTLE = ["tickets", "donation", "settle"];
const VERIFY = ["tickets", "donation", "verify"];

describe("donation tasks (in-process network, through the task runner)", function () {
  let ticketAddress: string;
  let ledgerAddress: string;
  let dir: string;

  before(async function () {
    const ticket = await deployTicket(connection, { cap: 100n });
    const wallets = Array.from({ length: 40 }, (_, i) =>
      ethers.getAddress(`0x${(0x2000 + i).toString(16).padStart(40, "0")}`),
    );
    await (await ticket.airdrop(1n, wallets.slice(0, 15))).wait();
    await (await ticket.airdrop(16n, wallets.slice(15))).wait();
    ticketAddress = await ticket.getAddress();
    const { donationLedger } = await ignition.deploy(DonationLedgerModule, {
      parameters: { DonationLedgerModule: { ticket: ticketAddress } },
    });
    ledgerAddress = await donationLedger.getAddress();
    await (await ticket.setDonationLedger(ledgerAddress)).wait();
    dir = await mkdtemp(path.join(tmpdir(), "papercut-donation-"));
  });

  it("quotes 5,000 tickets offline under both bases, as one JSON object", async function () {
    const r = await run(QUOTE, { tickets: "5000", json: true });
    expect(r.exitCode).to.equal(0);
    const quotes = r.json.quotes as { basis: string; amountMinor: string; netGrams: string }[];
    expect(quotes.map((q) => [q.basis, q.amountMinor, q.netGrams])).to.deep.equal([
      ["CARBON_PRICE", "1827", "187332"],
      ["COST_SAVED", "950000", "187332"],
    ]);
    expect(r.stderr).to.contain("CNY 18.27");
  });

  it("quotes from the chain: ticket count and issuance gas read from the ticket contract", async function () {
    const r = await run(QUOTE, { contract: ticketAddress, basis: "CARBON_PRICE", json: true });
    expect(r.exitCode).to.equal(0);
    const [quote] = r.json.quotes as { tickets: string; gasSource: string; issuanceGasUsed: string }[];
    expect(quote!.tickets).to.equal("40");
    expect(quote!.gasSource).to.equal("chain");
    expect(BigInt(quote!.issuanceGasUsed)).to.be.greaterThan(0n);
  });

  for (const [what, args] of [
    ["a negative ticket count", { tickets: "-5" }],
    ["an unknown basis", { tickets: "5", basis: "GOODWILL" }],
    ["a missing methodology file", { tickets: "5", methodology: "/nonexistent/methodology.json" }],
  ] as const) {
    it(`refuses ${what} with one line and a non-zero exit code`, async function () {
      const r = await run(QUOTE, { ...args, json: true });
      expect(r.exitCode).to.equal(1);
      expect(r.stderr.startsWith("error: ")).to.equal(true);
      expect(r.stderr).to.not.contain("    at ");
      expect(r.json.ok).to.equal(false);
    });
  }

  it("refuses a methodology with an unknown currency code, and records nothing", async function () {
    const data = JSON.parse(await readFile("metadata/carbon/methodology.json", "utf8")) as {
      currency: { code: string };
    };
    data.currency.code = "XYZ";
    const file = path.join(dir, "bad-currency.json");
    await writeFile(file, JSON.stringify(data, null, 2));
    const r = await run(RECORD, { methodology: file, contract: ticketAddress, yes: true, json: true });
    expect(r.exitCode).to.equal(1);
    expect(r.stderr).to.contain("XYZ");
    const ledger = await ethers.getContractAt("DonationLedger", ledgerAddress);
    expect(await ledger.donationCount()).to.equal(0n);
  });

  it("refuses an event configuration whose recipient has no name, and records nothing", async function () {
    const file = path.join(dir, "event.json");
    const sample = JSON.parse(await readFile("metadata/event.json", "utf8")) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...sample, donation: { recipient: { name: "" } } }));
    const r = await run(RECORD, { event: file, contract: ticketAddress, yes: true, json: true });
    expect(r.exitCode).to.equal(1);
    expect(r.stderr).to.contain('donation.recipient.name "": must not be empty');
    const ledger = await ethers.getContractAt("DonationLedger", ledgerAddress);
    expect(await ledger.donationCount()).to.equal(0n);
  });

  it("records, settles and verifies a donation end to end", async function () {
    const recorded = await run(RECORD, {
      contract: ticketAddress,
      recipient: "Green Charity Foundation",
      recipientId: "CN-USCC:TEST",
      methodologyUri: "ipfs://methodology",
      yes: true,
      json: true,
    });
    expect(recorded.exitCode, recorded.stderr).to.equal(0);
    expect(recorded.json.id).to.equal("1");
    expect(recorded.stderr).to.contain("Recorded donation 1");

    const missing = await run(SETTLE, {
      id: "1",
      receipt: path.join(dir, "missing.pdf"),
      yes: true,
      json: true,
    });
    expect(missing.exitCode).to.equal(1);

    const receipt = path.join(dir, "thank-you.txt");
    await writeFile(receipt, "Thank you.\n");
    const settled = await run(SETTLE, {
      id: "1",
      receipt,
      paymentRef: "BANK-1",
      ledger: ledgerAddress,
      yes: true,
      json: true,
    });
    expect(settled.exitCode, settled.stderr).to.equal(0);
    expect(settled.json.receiptHash).to.equal(ethers.sha256(ethers.toUtf8Bytes("Thank you.\n")));

    const verified = await run(VERIFY, { json: true, contract: ticketAddress });
    expect(verified.exitCode, verified.stderr).to.equal(0);
    expect(verified.json.allMatch).to.equal(true);
    expect(verified.stderr).to.contain("#1 MATCH");
  });

  it("verify exits non-zero and says which record does not match a tampered methodology", async function () {
    const data = JSON.parse(await readFile("metadata/carbon/methodology.json", "utf8")) as {
      carbonPrice: { minorPerTonne: number };
    };
    data.carbonPrice.minorPerTonne = 1;
    const file = path.join(dir, "tampered.json");
    await writeFile(file, JSON.stringify(data, null, 2));
    const r = await run(VERIFY, { methodology: file, contract: ticketAddress, json: true });
    expect(r.exitCode).to.equal(1);
    expect((r.json.results as { status: string }[]).map((x) => x.status)).to.deep.equal([
      "methodology-mismatch",
    ]);
    expect(r.stderr).to.contain("#1 METHODOLOGY-MISMATCH");
  });

  it("refuses to record from an account without the treasurer role, and records nothing", async function () {
    const ledger = await ethers.getContractAt("DonationLedger", ledgerAddress);
    const [admin] = await ethers.getSigners();
    await (await ledger.revokeRole(await ledger.TREASURER_ROLE(), admin!.address)).wait();
    try {
      const r = await run(RECORD, { contract: ticketAddress, recipient: "X", yes: true, json: true });
      expect(r.exitCode).to.equal(1);
      expect(r.stderr).to.contain("TREASURER_ROLE");
      expect(await ledger.donationCount()).to.equal(1n);
    } finally {
      await (await ledger.grantRole(await ledger.TREASURER_ROLE(), admin!.address)).wait();
    }
  });
});
