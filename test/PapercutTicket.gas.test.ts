import { expect } from "chai";
import { network } from "hardhat";

import {
  TX_GAS_CAP,
  airdropBatches,
  balanceOfGas,
  benchAddresses,
  equalChunks,
  interleavedChunks,
  ownerOfGas,
  planBatches,
  transferGas,
} from "../bench/lib/gas.js";
import { UNDER_COVERAGE } from "./support/coverage.js";
import { FULL } from "./support/full.js";

const connection = await network.create();
/** Coverage instrumentation changes gas: the scenarios still run (they cover the bench contracts), unchecked. */
const { ethers, networkHelpers } = connection;

/** `npm test` airdrops one full-size batch; `npm run test:full` the whole 5,000 of the benchmark. */
const TICKETS = FULL ? 5000 : 1000;
const REFERENCE_TICKETS = FULL ? 5000 : 250;

// The targets of the compact airdrop (issue #4). Gas is deterministic, so these are exact checks.
const MAX_GAS_PER_TICKET = 7000;
const MIN_SAVING = 6; // at least 6× cheaper than OpenZeppelin, ERC721A and Solady
const MIN_RECIPIENTS_PER_TX = 1200;
const MAX_OWNER_OF_GAS = 15_000n;
const MAX_BALANCE_OF_GAS = 50_000n;
const LATER_TRANSFER_TOLERANCE = 0.1; // ±10% of an OpenZeppelin transfer
// First transfer of a roster ticket. Issue #4 asked for <= 80,000 (79,994 then); issue #17 (balanceOf of any
// address <= 3,000,000 gas at 1,000,000 tickets) made the departure a lasting record instead: OpenZeppelin debits
// the recipient's stored balance, which may go below zero and offsets its place on the roster, so balanceOf reads no
// slot per roster ticket. A recipient holding nothing through storage pays that slot's first write (0 to -1:
// 22,100, where the old credit-then-debit cost 2,300 after its refund). Measured 100,606 (`npm run
// bench:roster-scale`, docs/issuance.md): 21,000 base + ~950 calldata; fresh owner slot 22,100 and fresh
// recipient balance 22,100; the sender's record 22,100; roster head 2,100 + data contract 2,600 (header and entry);
// Transfer log 1,875; ~5,700 of execution. Two cold slots are skipped only while nothing needs them, and come back
// after: the ticket's life-cycle flags (+2,100) once any ticket was checked in or voided, the ticket's approval slot
// (+2,200) once any roster ticket was approved.
const MAX_FIRST_TRANSFER_GAS = 101_000n;
// Measured: +2,305 once flags are in use (a cold slot and its reading code), +2,506 more once a roster ticket was
// approved.
const MAX_FIRST_TRANSFER_GAS_FLAGS_IN_USE = MAX_FIRST_TRANSFER_GAS + 2_400n;
const MAX_FIRST_TRANSFER_GAS_FLAGS_AND_APPROVALS = MAX_FIRST_TRANSFER_GAS_FLAGS_IN_USE + 2_600n;

async function gasFixture() {
  const [admin] = await ethers.getSigners();
  const ticket = await ethers.deployContract("PapercutTicket", [
    "Papercut",
    "PCT",
    BigInt(TICKETS),
    admin!.address,
    admin!.address,
    500n,
    "",
    "",
    1_893_456_000n, // event start (2030): tickets stay valid and transferable
    1_893_542_400n,
    0n, // TransferPolicy.Transferable
  ]);
  const probe = await ethers.deployContract("GasProbe");
  const recipients = benchAddresses(TICKETS);
  return { ticket, probe, recipients };
}

async function referencePerTicket(contract: string, recipients: readonly string[]): Promise<number> {
  const deployed = await ethers.deployContract(contract);
  const token = await ethers.getContractAt("IBenchAirdrop", await deployed.getAddress());
  const plan = await planBatches(token, recipients);
  const result = await airdropBatches(token, equalChunks(recipients, plan.transactions));
  return Number(result.totalGas) / recipients.length;
}

describe("PapercutTicket gas targets (compact roster airdrop)", function () {
  it(`airdrops ${TICKETS} tickets to distinct addresses for at most ${MAX_GAS_PER_TICKET} gas each, all-in, in transactions under the cap`, async function () {
    const { ticket, recipients } = await networkHelpers.loadFixture(gasFixture);
    const airdropper = await ethers.getContractAt("IBenchAirdrop", await ticket.getAddress());
    const plan = await planBatches(airdropper, recipients, { maxBatch: 1266 });
    if (!UNDER_COVERAGE) expect(plan.maxPerTx).to.be.at.least(MIN_RECIPIENTS_PER_TX);
    const result = await airdropBatches(airdropper, equalChunks(recipients, plan.transactions));
    expect(result.transferEvents).to.equal(TICKETS);
    if (UNDER_COVERAGE) return;
    expect(result.largestTxGas).to.be.below((TX_GAS_CAP * 9n) / 10n);
    expect(Number(result.totalGas) / TICKETS).to.be.at.most(MAX_GAS_PER_TICKET);
  });

  it(`is at least ${MIN_SAVING}× cheaper per ticket than OpenZeppelin, ERC721A and Solady`, async function () {
    const { ticket, recipients } = await networkHelpers.loadFixture(gasFixture);
    const airdropper = await ethers.getContractAt("IBenchAirdrop", await ticket.getAddress());
    const result = await airdropBatches(airdropper, equalChunks(recipients, Math.ceil(TICKETS / 1000)));
    const ours = Number(result.totalGas) / TICKETS;
    const sample = recipients.slice(0, REFERENCE_TICKETS);
    for (const contract of ["BenchOZ", "BenchERC721A", "BenchSolady"]) {
      const theirs = await referencePerTicket(contract, sample);
      if (!UNDER_COVERAGE) expect(theirs / ours, contract).to.be.at.least(MIN_SAVING);
    }
  });

  it("keeps views and transfers affordable for holders", async function () {
    const { ticket, probe, recipients } = await networkHelpers.loadFixture(gasFixture);
    const address = await ticket.getAddress();
    // Batches sorted separately (each spans the whole address range): the worst case for balanceOf.
    const batches = interleavedChunks(recipients, Math.ceil(TICKETS / 1000));
    await airdropBatches(await ethers.getContractAt("IBenchAirdrop", address), batches);
    const issued = batches.flat();
    const token = await ethers.getContractAt("IERC721Conformance", address);
    const n = BigInt(TICKETS);
    for (const id of [1n, n / 2n + 1n, n]) {
      const gas = await ownerOfGas(probe, address, id);
      if (!UNDER_COVERAGE) expect(gas, `ownerOf(${id})`).to.be.at.most(MAX_OWNER_OF_GAS);
    }
    for (const holder of [
      issued[0]!,
      issued[TICKETS / 2]!,
      issued[TICKETS - 1]!,
      benchAddresses(1, "nobody")[0]!,
    ]) {
      const gas = await balanceOfGas(probe, address, holder);
      if (!UNDER_COVERAGE) expect(gas, `balanceOf(${holder})`).to.be.at.most(MAX_BALANCE_OF_GAS);
    }

    const [fresh1, fresh2, fresh3, fresh4] = benchAddresses(4, "papercut-gas-test-fresh") as [
      string,
      string,
      string,
      string,
    ];
    const first = await transferGas(ethers, networkHelpers, token, n / 2n, fresh1);
    const later = await transferGas(ethers, networkHelpers, token, n / 2n, fresh2);
    if (!UNDER_COVERAGE) expect(first).to.be.at.most(MAX_FIRST_TRANSFER_GAS);

    const oz = await ethers.deployContract("BenchOZ");
    const ozToken = await ethers.getContractAt("IERC721Conformance", await oz.getAddress());
    await oz.airdrop(1n, recipients.slice(0, 10));
    await transferGas(ethers, networkHelpers, ozToken, 5n, fresh3);
    const ozLater = await transferGas(ethers, networkHelpers, ozToken, 5n, fresh4);
    if (!UNDER_COVERAGE)
      expect(Math.abs(Number(later) / Number(ozLater) - 1)).to.be.at.most(LATER_TRANSFER_TOLERANCE);
  });
});

describe("PapercutTicket first transfer once check-ins and roster approvals began", function () {
  it(`stays within ${MAX_FIRST_TRANSFER_GAS_FLAGS_IN_USE} after a void and ${MAX_FIRST_TRANSFER_GAS_FLAGS_AND_APPROVALS} after a roster approval`, async function () {
    const { ticket, recipients } = await networkHelpers.loadFixture(gasFixture);
    const address = await ticket.getAddress();
    await airdropBatches(await ethers.getContractAt("IBenchAirdrop", address), [recipients.slice(0, 1000)]);
    const token = await ethers.getContractAt("IERC721Conformance", address);
    const fresh = benchAddresses(4, "papercut-gas-test-flags");
    const before = await transferGas(ethers, networkHelpers, token, 10n, fresh[0]!);
    await ticket.voidTicket(20n); // some ticket now has life-cycle flags
    const afterVoid = await transferGas(ethers, networkHelpers, token, 30n, fresh[1]!);
    // A holder approves a spender for a ticket still on its roster.
    const holder = await token.ownerOf(40n);
    await networkHelpers.impersonateAccount(holder);
    await networkHelpers.setBalance(holder, 10n ** 18n);
    await ticket.connect(await ethers.getSigner(holder)).approve(fresh[3]!, 40n);
    const afterApproval = await transferGas(ethers, networkHelpers, token, 50n, fresh[2]!);
    if (UNDER_COVERAGE) return;
    expect(before).to.be.at.most(MAX_FIRST_TRANSFER_GAS);
    expect(afterVoid).to.be.at.most(MAX_FIRST_TRANSFER_GAS_FLAGS_IN_USE);
    expect(afterVoid - before).to.be.within(2_100n, 2_400n);
    expect(afterApproval).to.be.at.most(MAX_FIRST_TRANSFER_GAS_FLAGS_AND_APPROVALS);
    expect(afterApproval - afterVoid).to.be.within(2_200n, 2_600n);
  });
});

describe("benchmark reference contracts (contracts/bench)", function () {
  for (const contract of ["BenchOZ", "BenchERC721A", "BenchSolady"]) {
    it(`${contract}: same airdrop shape as PapercutTicket (minter only, replay guard), standard metadata`, async function () {
      const [, stranger] = await ethers.getSigners();
      const deployed = await ethers.deployContract(contract);
      const token = await ethers.getContractAt("IBenchAirdrop", await deployed.getAddress());
      const meta = await ethers.getContractAt("IERC721Conformance", await deployed.getAddress());
      const list = benchAddresses(3, contract);
      await expect(token.connect(stranger).airdrop(1n, list))
        .to.be.revertedWithCustomError(token, "BenchNotMinter")
        .withArgs(stranger!.address);
      await token.airdrop(1n, list);
      await expect(token.airdrop(1n, list))
        .to.be.revertedWithCustomError(token, "BenchBatchOutOfOrder")
        .withArgs(1n, 4n);
      expect(await meta.ownerOf(3n)).to.equal(list[2]);
      expect(await meta.name()).to.not.equal("");
      expect(await meta.symbol()).to.not.equal("");
      expect(await meta.tokenURI(1n)).to.equal("");
    });
  }
});
