import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { BrowserProvider } from "ethers";
import { network } from "hardhat";

import DonationLedgerModule from "../../ignition/modules/DonationLedger.js";
import { buildDonationRecord, type DonationRecipient } from "../../src/carbon/build-record.js";
import { computeDonation } from "../../src/carbon/compute-donation.js";
import { FileNotFoundError, InvalidRecipientError } from "../../src/carbon/errors.js";
import { parseMethodology } from "../../src/carbon/parse-methodology.js";
import { readDonations } from "../../src/carbon/read-donations.js";
import { readIssuance } from "../../src/carbon/read-issuance.js";
import { recordDonation } from "../../src/carbon/record-donation.js";
import { settleDonation } from "../../src/carbon/settle-donation.js";
import type { Basis } from "../../src/carbon/types.js";
import { verifyDonations } from "../../src/carbon/verify-donations.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { laggingIndexes } from "../support/lagging-indexes.js";

const connection = await network.create();
const { ethers, networkHelpers, ignition } = connection;

const FILE = "metadata/carbon/methodology.json";
const text = await readFile(FILE, "utf8");
const { methodology, hash: methodologyHash } = parseMethodology({ text, file: FILE });
const RECIPIENT: DonationRecipient = {
  name: "Green Charity Foundation",
  registryId: "CN-USCC:TEST",
  account: "",
};

/** A ticket collection with 100 tickets issued in three batches, and its ledger, pointed to by the ticket. */
async function issuedFixture() {
  const [admin, stranger] = (await ethers.getSigners()) as [HardhatEthersSigner, HardhatEthersSigner];
  const ticket = await deployTicket(connection, { cap: 200n });
  const wallets = Array.from({ length: 100 }, (_, i) =>
    ethers.getAddress(`0x${(0x1000 + i).toString(16).padStart(40, "0")}`),
  );
  const batches: { hash: string; gasUsed: bigint; blockNumber: number }[] = [];
  let next = 1;
  for (const size of [20, 30, 50]) {
    const receipt = await (
      await ticket.airdrop(BigInt(next), wallets.slice(next - 1, next - 1 + size))
    ).wait();
    batches.push({ hash: receipt!.hash, gasUsed: receipt!.gasUsed, blockNumber: receipt!.blockNumber });
    next += size;
  }
  await ticket.grantRole(await ticket.MINTER_ROLE(), stranger.address); // noise: a role change, no issuance
  const { donationLedger } = await ignition.deploy(DonationLedgerModule, {
    parameters: { DonationLedgerModule: { ticket: await ticket.getAddress() } },
  });
  const ledger = await ethers.getContractAt("DonationLedger", await donationLedger.getAddress());
  await ticket.setDonationLedger(await ledger.getAddress());
  return { ticket, ledger, admin, stranger, batches };
}

async function recordFromChain(
  f: Awaited<ReturnType<typeof issuedFixture>>,
  basis: Basis,
  recipient: DonationRecipient = RECIPIENT,
) {
  const issuance = await readIssuance({ ticket: f.ticket, provider: ethers.provider });
  const quote = computeDonation({
    methodology,
    basis,
    tickets: issuance.ticketCount,
    issuanceGasUsed: issuance.gasUsed,
  });
  const built = buildDonationRecord({
    quote,
    chainId: (await ethers.provider.getNetwork()).chainId,
    ticketAddress: await f.ticket.getAddress(),
    snapshotBlock: issuance.snapshotBlock,
    transactions: issuance.transactions,
    methodologyHash,
    methodologyURI: "ipfs://methodology",
    recipient,
  });
  return { issuance, quote, ...built };
}

async function verify(f: Awaited<ReturnType<typeof issuedFixture>>, localText = text) {
  const local = parseMethodology({ text: localText });
  return verifyDonations({
    ledger: f.ledger,
    ticket: f.ticket,
    provider: ethers.provider,
    chainId: (await ethers.provider.getNetwork()).chainId,
    methodology: local.methodology,
    methodologyHash: local.hash,
  });
}

describe("donation on the chain (in-process network, real contracts)", function () {
  describe("readIssuance", function () {
    it("counts the tickets and sums the gas of exactly the transactions that emitted TicketsIssued", async function () {
      const { ticket, batches } = await networkHelpers.loadFixture(issuedFixture);
      const issuance = await readIssuance({ ticket, provider: ethers.provider });
      expect(issuance.ticketCount).to.equal(100n);
      expect(issuance.transactions.map((t) => t.hash)).to.deep.equal(batches.map((b) => b.hash));
      expect(issuance.transactions.map((t) => t.tickets)).to.deep.equal([20n, 30n, 50n]);
      expect(issuance.gasUsed).to.equal(batches.reduce((s, b) => s + b.gasUsed, 0n));
      expect(issuance.snapshotBlock).to.equal(await ethers.provider.getBlockNumber());
    });

    it("reads the issuance as it was at an earlier snapshot block, in small log ranges", async function () {
      const { ticket, batches } = await networkHelpers.loadFixture(issuedFixture);
      const issuance = await readIssuance({
        ticket,
        provider: ethers.provider,
        toBlock: batches[1]!.blockNumber,
        step: 2,
      });
      expect(issuance.ticketCount).to.equal(50n);
      expect(issuance.gasUsed).to.equal(batches[0]!.gasUsed + batches[1]!.gasUsed);
    });
  });

  it("waits for the events of a snapshot block whose state the node serves before its logs", async function () {
    const { ticket } = await networkHelpers.loadFixture(issuedFixture);
    const lagging = laggingIndexes(connection.provider, { lagMs: 400 });
    const provider = new BrowserProvider(lagging.provider);
    await provider.getBlockNumber(); // the wrapper's first look: what exists now is served as usual
    const late = await (await ticket.airdrop(101n, [ticket.target])).wait();
    const issuance = await readIssuance({
      ticket: ticket.connect(provider),
      provider,
      toBlock: late!.blockNumber,
      pollIntervalMs: 50,
    });
    expect(lagging.stats.hiddenLogs, "the new block's event was hidden at first").to.be.greaterThan(0);
    expect(issuance.ticketCount).to.equal(101n);
    expect(issuance.transactions.at(-1)!.hash).to.equal(late!.hash);
  });

  describe("record and verify", function () {
    for (const basis of ["CARBON_PRICE", "COST_SAVED"] as const) {
      it(`records a ${basis} donation computed from the chain, and verify recomputes it to a match`, async function () {
        const f = await networkHelpers.loadFixture(issuedFixture);
        const { record, quote } = await recordFromChain(f, basis);
        const sent = await recordDonation({ ledger: f.ledger, record });
        expect(sent.id).to.equal(1n);
        const [onChain] = await readDonations({ ledger: f.ledger });
        expect(onChain!.amountMinor).to.equal(quote.amountMinor);
        expect(onChain!.basis).to.equal(basis);
        expect(onChain!.recipient.name).to.equal(RECIPIENT.name);

        const report = await verify(f);
        expect(report.allMatch).to.equal(true);
        expect(report.results.map((r) => [r.id, r.status, r.mismatches])).to.deep.equal([[1n, "match", []]]);
      });
    }

    it("catches a tampered methodology: the local file's hash differs from the on-chain one", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await recordDonation({ ledger: f.ledger, record: (await recordFromChain(f, "CARBON_PRICE")).record });
      const tampered = JSON.parse(text) as { carbonPrice: { minorPerTonne: number } };
      tampered.carbonPrice.minorPerTonne = 20_000;
      const report = await verify(f, JSON.stringify(tampered, null, 2));
      expect(report.allMatch).to.equal(false);
      expect(report.results[0]!.status).to.equal("methodology-mismatch");
      expect(report.results[0]!.mismatches[0]!.field).to.equal("methodologyHash");
    });

    it("catches a tampered amount: a record whose grams and amount were inflated (yet consistent for the ledger)", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { record, quote } = await recordFromChain(f, "CARBON_PRICE");
      const avoided = quote.avoidedGrams * 10n;
      const net = avoided - quote.digitalGrams;
      const inflated = {
        ...record,
        avoidedGrams: avoided,
        netGrams: net,
        amountMinor: (net * quote.rate + 999_999n) / 1_000_000n,
      };
      await recordDonation({ ledger: f.ledger, record: inflated });
      const report = await verify(f);
      expect(report.allMatch).to.equal(false);
      expect(report.results[0]!.status).to.equal("mismatch");
      expect(report.results[0]!.mismatches.map((m) => m.field)).to.deep.equal([
        "avoidedGrams",
        "netGrams",
        "amountMinor",
      ]);
      const amount = report.results[0]!.mismatches[2]!;
      expect([amount.onChain, amount.recomputed]).to.deep.equal([
        inflated.amountMinor.toString(),
        quote.amountMinor.toString(),
      ]);
    });

    it("catches a tampered cost rate and a ticket count that the chain does not show", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { record, quote } = await recordFromChain(f, "COST_SAVED");
      await recordDonation({
        ledger: f.ledger,
        record: { ...record, rate: quote.rate + 1n, amountMinor: 100n * (quote.rate + 1n) },
      });
      await recordDonation({
        ledger: f.ledger,
        record: { ...record, ticketCount: 99n, amountMinor: 99n * quote.rate },
      });
      const report = await verify(f);
      expect(report.results.map((r) => r.mismatches.map((m) => m.field))).to.deep.equal([
        ["rate", "amountMinor"],
        ["ticketCount", "amountMinor"],
      ]);
    });

    it("keeps a superseded record and verifies its correction", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { record, quote } = await recordFromChain(f, "CARBON_PRICE");
      await recordDonation({
        ledger: f.ledger,
        record: {
          ...record,
          avoidedGrams: quote.avoidedGrams + 1n,
          netGrams: quote.netGrams + 1n,
          amountMinor: ((quote.netGrams + 1n) * quote.rate + 999_999n) / 1_000_000n,
        },
      });
      const fixed = await recordDonation({ ledger: f.ledger, record, supersedes: 1n });
      expect(fixed.id).to.equal(2n);
      const report = await verify(f);
      expect(report.results.map((r) => [r.id, r.status, r.superseded])).to.deep.equal([
        [1n, "mismatch", true],
        [2n, "match", false],
      ]);
    });

    it("refuses a recipient without a name before sending anything", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      let error: unknown;
      try {
        await recordFromChain(f, "CARBON_PRICE", { ...RECIPIENT, name: "  " });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(InvalidRecipientError);
      expect(await f.ledger.donationCount()).to.equal(0n);
    });

    it("lets no account without the treasurer role record", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { record } = await recordFromChain(f, "CARBON_PRICE");
      await expect(recordDonation({ ledger: f.ledger.connect(f.stranger), record }))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.stranger.address, await f.ledger.TREASURER_ROLE());
      expect(await f.ledger.donationCount()).to.equal(0n);
    });
  });

  describe("settle", function () {
    it("records the SHA-256 of the receipt file and the hashed bank reference", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await recordDonation({ ledger: f.ledger, record: (await recordFromChain(f, "CARBON_PRICE")).record });
      const dir = await mkdtemp(path.join(tmpdir(), "papercut-receipt-"));
      const receipt = path.join(dir, "thank-you.txt");
      await writeFile(receipt, "Thank you for your donation.\n");
      const settled = await settleDonation({
        ledger: f.ledger,
        id: 1n,
        receiptFile: receipt,
        paymentRef: "BANK-2025-001",
      });
      expect(settled.receiptHash).to.equal(
        ethers.sha256(ethers.toUtf8Bytes("Thank you for your donation.\n")),
      );
      expect(settled.paymentRef).to.equal(ethers.sha256(ethers.toUtf8Bytes("BANK-2025-001")));
      const [d] = await readDonations({ ledger: f.ledger });
      expect(d!.settlement?.receiptHash).to.equal(settled.receiptHash);
      expect((await verify(f)).results[0]!.settled).to.equal(true);
    });

    it("sends nothing when the receipt file does not exist", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      await recordDonation({ ledger: f.ledger, record: (await recordFromChain(f, "CARBON_PRICE")).record });
      let error: unknown;
      try {
        await settleDonation({ ledger: f.ledger, id: 1n, receiptFile: "/nonexistent/receipt.pdf" });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(FileNotFoundError);
      expect((await readDonations({ ledger: f.ledger }))[0]!.settlement).to.equal(undefined);
    });
  });
});
