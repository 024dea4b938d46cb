import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";

import DonationLedgerModule from "../../ignition/modules/DonationLedger.js";
import type { IDonationLedger } from "../../types/ethers-contracts/DonationLedger.js";
import { UNDER_COVERAGE } from "../support/coverage.js";

const { ethers, networkHelpers, ignition } = await network.create();

type RecordInput = IDonationLedger.DonationRecordStruct;

const CARBON_PRICE = 0;
const COST_SAVED = 1;
const CNY = "0x434e59"; // "CNY"
const EUR = "0x455552"; // "EUR"
const RECEIPT = ethers.sha256(ethers.toUtf8Bytes("thank-you letter"));
const PAYMENT_REF = ethers.sha256(ethers.toUtf8Bytes("bank ref 2025-001"));

/** A record that passes every check: 137,700 g net at 97.49 CNY/t -> ceil(1,342.4373) = 1,343 fen. */
function carbonRecord(overrides: Partial<RecordInput> = {}): RecordInput {
  return {
    basis: CARBON_PRICE,
    ticketCount: 5n,
    snapshotBlock: 1n,
    issuanceGasUsed: 500_000n,
    avoidedGrams: 148_800n,
    digitalGrams: 11_100n,
    netGrams: 137_700n,
    currency: CNY,
    currencyExponent: 2,
    rate: 9_749n,
    amountMinor: 1_343n,
    methodologyHash: ethers.sha256(ethers.toUtf8Bytes("methodology")),
    inputsHash: ethers.sha256(ethers.toUtf8Bytes("inputs")),
    methodologyURI: "ipfs://methodology",
    recipient: { name: "Green Charity Foundation", registryId: "CN-USCC:TEST", account: ethers.ZeroAddress },
    ...overrides,
  };
}

async function deployFixture() {
  const [admin, treasurer, stranger, charity] = (await ethers.getSigners()) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const ticket = await ethers.deployContract("PapercutTicket", [
    "Papercut",
    "CUT",
    100n,
    admin.address,
    ethers.ZeroAddress,
    0n,
    "",
    "",
    1_893_456_000n, // event start (2030): tickets stay valid and transferable
    1_893_542_400n,
    0n, // TransferPolicy.Transferable
  ]);
  await ticket.airdrop(
    1n,
    Array.from({ length: 10 }, () => stranger.address),
  );
  const { donationLedger } = await ignition.deploy(DonationLedgerModule, {
    parameters: { DonationLedgerModule: { ticket: await ticket.getAddress() } },
  });
  const ledger = await ethers.getContractAt("DonationLedger", await donationLedger.getAddress());
  await ledger.grantRole(await ledger.TREASURER_ROLE(), treasurer.address);
  const hostile = await ethers.deployContract("HostileRecipient");
  return { ticket, ledger, hostile, admin, treasurer, stranger, charity };
}

describe("DonationLedger", function () {
  describe("deployment", function () {
    it("is deployed by the Ignition module for a ticket, and the ticket's admin can point the ticket at it", async function () {
      const { ticket, ledger, admin, stranger } = await networkHelpers.loadFixture(deployFixture);
      expect(await ledger.ticket()).to.equal(await ticket.getAddress());
      expect(await ledger.hasRole(await ledger.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await ledger.hasRole(await ledger.TREASURER_ROLE(), admin.address)).to.equal(true);

      await expect(ticket.connect(stranger).setDonationLedger(await ledger.getAddress()))
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await ticket.DEFAULT_ADMIN_ROLE());
      await expect(ticket.connect(admin).setDonationLedger(await ledger.getAddress()))
        .to.emit(ticket, "DonationLedgerUpdated")
        .withArgs(await ledger.getAddress());
      expect(await ticket.donationLedger()).to.equal(await ledger.getAddress());
    });

    it("rejects a ticket address without code and a zero admin", async function () {
      const { ledger, admin, stranger } = await networkHelpers.loadFixture(deployFixture);
      await expect(ethers.deployContract("DonationLedger", [stranger.address, admin.address]))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidTicketContract")
        .withArgs(stranger.address);
      await expect(ethers.deployContract("DonationLedger", [await ledger.ticket(), ethers.ZeroAddress]))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidAdmin")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("record", function () {
    it("stores the record, emits it in full and counts it in its currency's totals", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      const r = carbonRecord();
      await expect(ledger.connect(treasurer).record(r))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(1n, r.methodologyHash, ethers.ZeroAddress, 0n, anyValue);
      expect(await ledger.donationCount()).to.equal(1n);
      const d = await ledger.donation(1n);
      expect(d.record.amountMinor).to.equal(1_343n);
      expect(d.record.netGrams).to.equal(137_700n);
      expect(d.record.recipient.name).to.equal("Green Charity Foundation");
      expect(d.recordedBy).to.equal(treasurer.address);
      expect(d.supersedes).to.equal(0n);
      expect(d.settlement.settledAt).to.equal(0n);
      expect(await ledger.currencies()).to.deep.equal([CNY]);
      const t = await ledger.totals(CNY);
      expect([t.exponent, t.activeRecords, t.recordedMinor, t.settledMinor, t.netGrams]).to.deep.equal([
        2n,
        1n,
        1_343n,
        0n,
        137_700n,
      ]);
    });

    it("accepts a cost-saved record whose amount is ticket count times the rate per ticket", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      await ledger
        .connect(treasurer)
        .record(carbonRecord({ basis: COST_SAVED, ticketCount: 10n, rate: 185n, amountMinor: 1_850n }));
      expect((await ledger.totals(CNY)).recordedMinor).to.equal(1_850n);
      await expect(
        ledger
          .connect(treasurer)
          .record(carbonRecord({ basis: COST_SAVED, ticketCount: 10n, rate: 185n, amountMinor: 1_849n })),
      )
        .to.be.revertedWithCustomError(ledger, "DonationAmountMismatch")
        .withArgs(1_850n, 1_849n);
    });

    it("rounds the carbon-price amount up, and is exact when the product divides evenly", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      // 1,000,000 g x 9,749 / 1e6 = 9,749 exactly; 1,000,001 g -> 9,749.009749 -> 9,750.
      await ledger.connect(treasurer).record(
        carbonRecord({
          avoidedGrams: 1_000_000n,
          digitalGrams: 0n,
          netGrams: 1_000_000n,
          amountMinor: 9_749n,
        }),
      );
      await ledger.connect(treasurer).record(
        carbonRecord({
          avoidedGrams: 1_000_001n,
          digitalGrams: 0n,
          netGrams: 1_000_001n,
          amountMinor: 9_750n,
        }),
      );
      await expect(
        ledger.connect(treasurer).record(
          carbonRecord({
            avoidedGrams: 1_000_001n,
            digitalGrams: 0n,
            netGrams: 1_000_001n,
            amountMinor: 9_749n,
          }),
        ),
      )
        .to.be.revertedWithCustomError(ledger, "DonationAmountMismatch")
        .withArgs(9_750n, 9_749n);
    });

    it("floors the net at zero when the digital emissions exceed the avoided ones", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      await ledger
        .connect(treasurer)
        .record(carbonRecord({ avoidedGrams: 10n, digitalGrams: 25n, netGrams: 0n, amountMinor: 0n }));
      await expect(
        ledger
          .connect(treasurer)
          .record(carbonRecord({ avoidedGrams: 10n, digitalGrams: 25n, netGrams: 15n })),
      )
        .to.be.revertedWithCustomError(ledger, "DonationNetMismatch")
        .withArgs(0n, 15n);
    });

    it("rejects each inconsistent or incomplete record, and records nothing", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      const l = ledger.connect(treasurer);
      const now = BigInt(await ethers.provider.getBlockNumber());
      await expect(l.record(carbonRecord({ ticketCount: 0n })))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidTicketCount")
        .withArgs(0n, 10n);
      await expect(l.record(carbonRecord({ ticketCount: 11n })))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidTicketCount")
        .withArgs(11n, 10n);
      await expect(l.record(carbonRecord({ snapshotBlock: now + 5n })))
        .to.be.revertedWithCustomError(ledger, "DonationSnapshotInFuture")
        .withArgs(now + 5n, now + 1n);
      await expect(l.record(carbonRecord({ currency: "0x636e79" })))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidCurrency")
        .withArgs("0x636e79");
      await expect(l.record(carbonRecord({ currency: "0x434e00" })))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidCurrency")
        .withArgs("0x434e00");
      await expect(l.record(carbonRecord({ currencyExponent: 19 })))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidCurrencyExponent")
        .withArgs(CNY, 19);
      await expect(l.record(carbonRecord({ rate: 0n, amountMinor: 0n })))
        .to.be.revertedWithCustomError(ledger, "DonationInvalidRate")
        .withArgs(0n);
      await expect(l.record(carbonRecord({ netGrams: 137_701n })))
        .to.be.revertedWithCustomError(ledger, "DonationNetMismatch")
        .withArgs(137_700n, 137_701n);
      await expect(l.record(carbonRecord({ amountMinor: 1_342n })))
        .to.be.revertedWithCustomError(ledger, "DonationAmountMismatch")
        .withArgs(1_343n, 1_342n);
      await expect(l.record(carbonRecord({ methodologyHash: ethers.ZeroHash })))
        .to.be.revertedWithCustomError(ledger, "DonationMissingEvidence")
        .withArgs(ethers.ZeroHash, carbonRecord().inputsHash);
      await expect(l.record(carbonRecord({ inputsHash: ethers.ZeroHash })))
        .to.be.revertedWithCustomError(ledger, "DonationMissingEvidence")
        .withArgs(carbonRecord().methodologyHash, ethers.ZeroHash);
      await expect(
        l.record(carbonRecord({ recipient: { name: "", registryId: "x", account: ethers.ZeroAddress } })),
      ).to.be.revertedWithCustomError(ledger, "DonationEmptyRecipientName");
      expect(await ledger.donationCount()).to.equal(0n);
      expect(await ledger.currencies()).to.deep.equal([]);
    });

    it("fixes a currency's exponent with its first record", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      await ledger.connect(treasurer).record(carbonRecord());
      await expect(ledger.connect(treasurer).record(carbonRecord({ currencyExponent: 0 })))
        .to.be.revertedWithCustomError(ledger, "DonationCurrencyExponentMismatch")
        .withArgs(CNY, 2, 0);
      await ledger
        .connect(treasurer)
        .record(carbonRecord({ currency: EUR, rate: 6_700n, amountMinor: 923n }));
      expect(await ledger.currencies()).to.deep.equal([CNY, EUR]);
    });

    it("only lets the treasurer record, supersede and settle", async function () {
      const { ledger, treasurer, stranger } = await networkHelpers.loadFixture(deployFixture);
      const role = await ledger.TREASURER_ROLE();
      await expect(ledger.connect(stranger).record(carbonRecord()))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await ledger.connect(treasurer).record(carbonRecord());
      await expect(ledger.connect(stranger).supersede(1n, carbonRecord()))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(ledger.connect(stranger).settle(1n, RECEIPT, PAYMENT_REF, ""))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    });
  });

  describe("supersede", function () {
    it("appends a corrected record, links both ways and moves the totals to the correction", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      await ledger.connect(treasurer).record(carbonRecord());
      const fixed = carbonRecord({ avoidedGrams: 200_000n, netGrams: 188_900n, amountMinor: 1_842n });
      await expect(ledger.connect(treasurer).supersede(1n, fixed))
        .to.emit(ledger, "DonationRecorded")
        .withArgs(2n, fixed.methodologyHash, ethers.ZeroAddress, 1n, anyValue)
        .and.to.emit(ledger, "DonationSuperseded")
        .withArgs(1n, 2n);
      const [old, replacement] = [await ledger.donation(1n), await ledger.donation(2n)];
      expect(old.supersededBy).to.equal(2n);
      expect(old.record.amountMinor).to.equal(1_343n); // never edited
      expect(replacement.supersedes).to.equal(1n);
      const t = await ledger.totals(CNY);
      expect([t.activeRecords, t.recordedMinor, t.netGrams]).to.deep.equal([1n, 1_842n, 188_900n]);
    });

    it("refuses to supersede a superseded, a settled or an unknown record", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      const l = ledger.connect(treasurer);
      await l.record(carbonRecord());
      await l.supersede(1n, carbonRecord());
      await expect(l.supersede(1n, carbonRecord()))
        .to.be.revertedWithCustomError(ledger, "DonationAlreadySuperseded")
        .withArgs(1n, 2n);
      await l.settle(2n, RECEIPT, PAYMENT_REF, "");
      const settledAt = (await ledger.donation(2n)).settlement.settledAt;
      await expect(l.supersede(2n, carbonRecord()))
        .to.be.revertedWithCustomError(ledger, "DonationAlreadySettled")
        .withArgs(2n, settledAt);
      await expect(l.supersede(3n, carbonRecord()))
        .to.be.revertedWithCustomError(ledger, "DonationUnknown")
        .withArgs(3n, 2n);
      await expect(l.supersede(0n, carbonRecord()))
        .to.be.revertedWithCustomError(ledger, "DonationUnknown")
        .withArgs(0n, 2n);
    });
  });

  describe("settle", function () {
    it("stores the receipt and payment reference once and adds the amount to the settled total", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      await ledger.connect(treasurer).record(carbonRecord());
      await expect(ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, "ipfs://receipt"))
        .to.emit(ledger, "DonationSettled")
        .withArgs(1n, ethers.ZeroAddress, RECEIPT, PAYMENT_REF, CNY, 1_343n, 0n, "ipfs://receipt");
      const s = (await ledger.donation(1n)).settlement;
      expect([s.receiptHash, s.paymentRef, s.paidWei, s.settledBy, s.receiptURI]).to.deep.equal([
        RECEIPT,
        PAYMENT_REF,
        0n,
        treasurer.address,
        "ipfs://receipt",
      ]);
      expect((await ledger.totals(CNY)).settledMinor).to.equal(1_343n);
      await expect(ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, ""))
        .to.be.revertedWithCustomError(ledger, "DonationAlreadySettled")
        .withArgs(1n, s.settledAt);
    });

    it("rejects a missing receipt, a superseded record and a payment without a recipient account", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      const l = ledger.connect(treasurer);
      await l.record(carbonRecord());
      await expect(l.settle(1n, ethers.ZeroHash, PAYMENT_REF, ""))
        .to.be.revertedWithCustomError(ledger, "DonationMissingReceipt")
        .withArgs(1n);
      await expect(l.settle(1n, RECEIPT, PAYMENT_REF, "", { value: 1n }))
        .to.be.revertedWithCustomError(ledger, "DonationNoRecipientAccount")
        .withArgs(1n, 1n);
      await l.supersede(1n, carbonRecord());
      await expect(l.settle(1n, RECEIPT, PAYMENT_REF, ""))
        .to.be.revertedWithCustomError(ledger, "DonationAlreadySuperseded")
        .withArgs(1n, 2n);
      await expect(l.settle(9n, RECEIPT, PAYMENT_REF, ""))
        .to.be.revertedWithCustomError(ledger, "DonationUnknown")
        .withArgs(9n, 2n);
    });

    it("pays the recipient's account in the same transaction and keeps nothing", async function () {
      const { ledger, treasurer, charity } = await networkHelpers.loadFixture(deployFixture);
      const recipient = { name: "Charity", registryId: "", account: charity.address };
      await ledger.connect(treasurer).record(carbonRecord({ recipient }));
      const value = ethers.parseEther("0.01");
      const tx = ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, "", { value });
      await expect(tx).to.changeEtherBalances(ethers, [treasurer, charity, ledger], [-value, value, 0n]);
      expect((await ledger.totals(CNY)).paidWei).to.equal(value);
      expect((await ledger.donation(1n)).settlement.paidWei).to.equal(value);
    });
  });

  describe("hostile recipient", function () {
    async function withHostile(mode: number) {
      const f = await networkHelpers.loadFixture(deployFixture);
      const { ledger, hostile, treasurer } = f;
      const recipient = { name: "Hostile", registryId: "", account: await hostile.getAddress() };
      await ledger.connect(treasurer).record(carbonRecord({ recipient }));
      await hostile.configure(mode, await ledger.getAddress(), 1n);
      await hostile.setPayload(carbonRecord());
      // Give the recipient the treasurer role, so that only the reentrancy guard can stop it.
      await ledger.grantRole(await ledger.TREASURER_ROLE(), await hostile.getAddress());
      return f;
    }

    const REJECT = 1;
    const REENTER_SETTLE = 2;
    const REENTER_RECORD = 3;
    const REENTER_SUPERSEDE = 4;
    const BURN_GAS = 5;
    const RETURN_BOMB = 6;
    const REVERT_BOMB = 7;

    for (const [name, mode] of [
      ["reverts", REJECT],
      ["burns all gas", BURN_GAS],
      ["reverts with a megabyte of data", REVERT_BOMB],
    ] as const) {
      it(`fails the settlement, and settles nothing, when the recipient ${name}`, async function () {
        const { ledger, hostile, treasurer } = await withHostile(mode);
        const value = 1_000n;
        await expect(
          ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, "", { value, gasLimit: 3_000_000n }),
        )
          .to.be.revertedWithCustomError(ledger, "DonationPaymentFailed")
          .withArgs(1n, await hostile.getAddress(), value);
        expect((await ledger.donation(1n)).settlement.settledAt).to.equal(0n);
        expect((await ledger.totals(CNY)).settledMinor).to.equal(0n);
        // It can still be settled without an on-chain payment.
        await ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, "");
        expect((await ledger.totals(CNY)).settledMinor).to.equal(1_343n);
      });
    }

    it("settles when the recipient returns a megabyte of data, without copying it", async function () {
      const { ledger, hostile, treasurer } = await withHostile(RETURN_BOMB);
      const receipt = await (
        await ledger
          .connect(treasurer)
          .settle(1n, RECEIPT, PAYMENT_REF, "", { value: 7n, gasLimit: 3_000_000n })
      ).wait();
      expect(receipt?.status).to.equal(1);
      expect(await ethers.provider.getBalance(await hostile.getAddress())).to.equal(7n);
    });

    for (const [name, mode] of [
      ["settle", REENTER_SETTLE],
      ["record", REENTER_RECORD],
      ["supersede", REENTER_SUPERSEDE],
    ] as const) {
      it(`blocks a recipient holding the treasurer role from re-entering ${name}`, async function () {
        const { ledger, hostile, treasurer } = await withHostile(mode);
        await ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, "", { value: 5n });
        expect(await hostile.reentrySucceeded()).to.equal(false);
        expect(await hostile.reentryError()).to.equal(
          ledger.interface.getError("ReentrancyGuardReentrantCall")!.selector,
        );
        expect(await hostile.received()).to.equal(5n);
        expect(await ledger.donationCount()).to.equal(1n);
        const t = await ledger.totals(CNY);
        expect([t.activeRecords, t.recordedMinor, t.settledMinor, t.paidWei]).to.deep.equal([
          1n,
          1_343n,
          1_343n,
          5n,
        ]);
      });
    }
  });

  describe("views", function () {
    it("lists donations page by page and returns nothing past the end", async function () {
      const { ledger, treasurer } = await networkHelpers.loadFixture(deployFixture);
      for (let i = 0; i < 3; i++) await ledger.connect(treasurer).record(carbonRecord());
      expect((await ledger.donations(1n, 2n)).length).to.equal(2);
      expect((await ledger.donations(3n, 10n)).length).to.equal(1);
      expect((await ledger.donations(4n, 10n)).length).to.equal(0);
      expect((await ledger.donations(0n, 10n)).length).to.equal(0);
      expect((await ledger.totals(EUR)).recordedMinor).to.equal(0n);
      await expect(ledger.donation(4n))
        .to.be.revertedWithCustomError(ledger, "DonationUnknown")
        .withArgs(4n, 3n);
    });
  });

  describe("gas", function () {
    it("records and settles within the budgets (gas is deterministic)", async function () {
      // Coverage instrumentation adds gas: budgets hold for the real bytecode only.
      if (UNDER_COVERAGE) this.skip();
      const { ledger, treasurer, charity } = await networkHelpers.loadFixture(deployFixture);
      const recipient = {
        name: "Green Charity Foundation",
        registryId: "CN-USCC:TEST",
        account: charity.address,
      };
      const recordGas = (await (await ledger.connect(treasurer).record(carbonRecord({ recipient }))).wait())!
        .gasUsed;
      const settleGas = (await (
        await ledger.connect(treasurer).settle(1n, RECEIPT, PAYMENT_REF, "ipfs://receipt", { value: 1n })
      ).wait())!.gasUsed;
      const secondRecordGas = (await (
        await ledger.connect(treasurer).record(carbonRecord({ recipient }))
      ).wait())!.gasUsed;
      const supersedeGas = (await (
        await ledger.connect(treasurer).supersede(2n, carbonRecord({ recipient }))
      ).wait())!.gasUsed;
      console.log(
        `      gas: first record ${recordGas}, later record ${secondRecordGas}, settle with payment ${settleGas}, supersede ${supersedeGas}`,
      );
      expect(recordGas).to.be.lessThan(450_000n);
      expect(secondRecordGas).to.be.lessThan(400_000n);
      expect(settleGas).to.be.lessThan(220_000n);
      expect(supersedeGas).to.be.lessThan(420_000n);
    });
  });
});
