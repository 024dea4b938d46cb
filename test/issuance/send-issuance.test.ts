import { expect } from "chai";
import { getAddress, keccak256, toUtf8Bytes, Wallet } from "ethers";
import { network } from "hardhat";

import type { Eip1193Provider } from "../../src/chain/eip1193.js";
import { createResilientProvider } from "../../src/chain/resilient-provider.js";
import { buildReport } from "../../src/issuance/build-report.js";
import {
  IssuanceOutcomeUnknownError,
  IssuancePreconditionError,
  JournalMismatchError,
  SupplyExceededError,
} from "../../src/issuance/errors.js";
import { createMemoryJournal, type AttemptEntry, type Journal } from "../../src/issuance/journal.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { prepareIssuance } from "../../src/issuance/prepare-issuance.js";
import {
  sendIssuance,
  type Failpoint,
  type SendIssuanceParameters,
} from "../../src/issuance/send-issuance.js";
import { createKeySender, createNodeSender, type TxSender } from "../../src/issuance/tx-sender.js";
import { PapercutError } from "../../src/errors.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { faultyProvider } from "../support/faulty-eip1193.js";
import { laggingIndexes } from "../support/lagging-indexes.js";
import { mintsPerAddress } from "../support/tickets.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const base = connection.provider as unknown as Eip1193Provider;

/** Hardhat's dev account 1 (a public test key): the "local key" sender. */
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

function attendeeCsv(rows: number, seed = "send") {
  const lines = ["address,quantity,name"];
  const expected = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const address = getAddress(
      "0x" + keccak256(toUtf8Bytes(`${seed}-${i % Math.max(1, rows - 3)}`)).slice(26),
    );
    const quantity = i % 5 === 0 ? 2 : 1;
    lines.push(`${address},${quantity},P${i}`);
    expected.set(address.toLowerCase(), (expected.get(address.toLowerCase()) ?? 0) + quantity);
  }
  return { content: lines.join("\n") + "\n", expected };
}

async function ticketFixture() {
  const ticket = await deployTicket(connection, { cap: 1000n });
  const [admin, , other] = await ethers.getSigners();
  await ticket.grantRole(await ticket.MINTER_ROLE(), new Wallet(KEY_1).address);
  await ticket.grantRole(await ticket.MINTER_ROLE(), other!.address);
  return { ticket, contract: (await ticket.getAddress()).toLowerCase(), admin: admin!, other: other! };
}

async function senders(provider: Eip1193Provider): Promise<Record<"node" | "key", TxSender>> {
  const [admin] = (await provider.request({ method: "eth_accounts" })) as string[];
  return {
    node: await createNodeSender({ provider, address: admin! }),
    key: createKeySender(new Wallet(KEY_1)),
  };
}

async function expectExactlyOnce(contract: string, expected: Map<string, number>) {
  expect(await mintsPerAddress(ethers.provider, contract)).to.deep.equal(Object.fromEntries(expected));
}

interface Setup {
  contract: string;
  sender: TxSender;
  provider?: Eip1193Provider;
  rows?: number;
  maxBatchSize?: number;
  journal?: Journal;
}

async function prepare({
  contract,
  sender,
  provider = base,
  rows = 60,
  maxBatchSize = 15,
  journal = createMemoryJournal(),
}: Setup) {
  const { content, expected } = attendeeCsv(rows);
  const attendees = parseAttendees({ content, file: "list.csv" });
  const prepared = await prepareIssuance({
    provider,
    contract,
    sender,
    attendees,
    journalEntries: journal.entries(),
    journalLocation: journal.location,
    maxBatchSize,
  });
  if (!prepared.resumed) journal.append(prepared.planEntry);
  const chainId = BigInt((await provider.request({ method: "eth_chainId" })) as string);
  const params = (extra: Partial<SendIssuanceParameters> = {}): SendIssuanceParameters => ({
    provider,
    chainId,
    contract,
    sender,
    plan: prepared.plan,
    journal,
    fromBlock: prepared.planEntry.fromBlock,
    pollIntervalMs: 20,
    ...extra,
  });
  return { attendees, expected, prepared, journal, params };
}

describe("sendIssuance (in-process chain)", function () {
  for (const mode of ["node", "key"] as const) {
    describe(`${mode === "node" ? "node account (eth_sendTransaction)" : "local key (signed first)"}`, function () {
      it("issues every row its quantity, journals each transaction before it is mined, and reports from the chain", async function () {
        const { contract } = await networkHelpers.loadFixture(ticketFixture);
        const sender = (await senders(base))[mode];
        const { expected, journal, params, prepared, attendees } = await prepare({ contract, sender });
        expect(prepared.plan.batches.length).to.equal(5);
        const result = await sendIssuance(params());
        expect(result.status).to.equal("done");
        expect(result.sent).to.equal(5);
        await expectExactlyOnce(contract, expected);

        // Journal order per batch: attempt (with hash and raw when signed first) before mined.
        const entries = journal.entries();
        for (const b of prepared.plan.batches) {
          const attempt = entries.findIndex((e) => e.t === "attempt" && e.batch === b.index);
          const mined = entries.findIndex((e) => e.t === "mined" && e.batch === b.index);
          expect(attempt).to.be.greaterThan(-1);
          expect(mined).to.be.greaterThan(attempt);
          const a = entries[attempt] as AttemptEntry;
          expect(a.hash !== undefined).to.equal(mode === "key");
        }
        expect(entries.at(-1)!.t).to.equal("done");

        const report = buildReport({ attendees, applied: result.applied });
        expect(report.complete).to.equal(true);
        for (const row of report.rows.slice(0, 5)) {
          for (const id of row.tokenIds) {
            expect((await ethers.provider.call({ to: contract, data: ownerOfData(id) })).slice(26)).to.equal(
              row.address.slice(2).toLowerCase(),
            );
          }
        }
      });

      for (const point of ["before-broadcast", "after-broadcast", "after-mined"] as Failpoint[]) {
        it(`resumes after dying at ${point} of batch 3, and issues nothing twice`, async function () {
          const { contract } = await networkHelpers.loadFixture(ticketFixture);
          const sender = (await senders(base))[mode];
          const { expected, params } = await prepare({ contract, sender });
          const died = new Error("process died");
          const first = await sendIssuance(
            params({
              failpoint: (p, b) => {
                if (p === point && b === 2) throw died;
              },
            }),
          ).catch((e: unknown) => e);
          expect(first).to.equal(died);
          const second = await sendIssuance(params());
          expect(second.status).to.equal("done");
          expect(second.alreadyApplied).to.equal(point === "before-broadcast" ? 2 : 3);
          await expectExactlyOnce(contract, expected);
        });
      }
    });
  }

  it("does nothing when re-run after it finished, but still verifies and reports every batch", async function () {
    const { contract } = await networkHelpers.loadFixture(ticketFixture);
    const { params } = await prepare({ contract, sender: (await senders(base)).key });
    await sendIssuance(params());
    const again = await sendIssuance(params());
    expect([again.status, again.sent, again.alreadyApplied, again.applied.length]).to.deep.equal([
      "done",
      0,
      5,
      5,
    ]);
  });

  it("stops between batches on request and resumes from there", async function () {
    const { contract } = await networkHelpers.loadFixture(ticketFixture);
    const { params, expected } = await prepare({ contract, sender: (await senders(base)).node });
    let confirmed = 0;
    const first = await sendIssuance(
      params({
        onEvent: (e) => (confirmed += e.type === "batch-confirmed" ? 1 : 0),
        shouldStop: () => confirmed >= 2,
      }),
    );
    expect([first.status, first.applied.length]).to.deep.equal(["stopped", 2]);
    const second = await sendIssuance(params());
    expect([second.status, second.alreadyApplied, second.sent]).to.deep.equal(["done", 2, 3]);
    await expectExactlyOnce(contract, expected);
  });

  for (const mode of ["node", "key"] as const) {
    it(`completes exactly once through an RPC that fails 30% of requests, sends included (${mode})`, async function () {
      const { contract } = await networkHelpers.loadFixture(ticketFixture);
      const faulty = faultyProvider(base, {
        rate: 0.3,
        seed: mode === "node" ? 11 : 12,
        loseFirstSendAnswer: true,
      });
      const provider = createResilientProvider({
        provider: faulty.provider,
        baseDelayMs: 1,
        maxDelayMs: 5,
        attempts: 12,
      });
      const sender = (await senders(provider))[mode];
      const { params, expected } = await prepare({ contract, sender, provider, rows: 90 });
      const result = await sendIssuance(params());
      expect(result.status).to.equal("done");
      expect(faulty.stats.afterOnSend, "some sends were processed but their answer lost").to.be.greaterThan(
        0,
      );
      await expectExactlyOnce(contract, expected);
    });
  }

  it("rebroadcasts a transaction the node dropped from its pool", async function () {
    const { contract } = await networkHelpers.loadFixture(ticketFixture);
    const { params, expected, journal } = await prepare({
      contract,
      sender: (await senders(base)).key,
      rows: 20,
    });
    await connection.provider.request({ method: "evm_setAutomine", params: [false] });
    try {
      const running = sendIssuance(params());
      const dropped = await waitFor(async () => {
        const a = journal.entries().find((e): e is AttemptEntry => e.t === "attempt");
        if (a?.hash === undefined) return undefined;
        const tx = await ethers.provider.getTransaction(a.hash);
        return tx === null ? undefined : a.hash;
      });
      expect(
        await connection.provider.request({ method: "hardhat_dropTransaction", params: [dropped] }),
      ).to.equal(true);
      const result = await mineUntil(running);
      expect(result.rebroadcasts).to.be.greaterThan(0);
      await expectExactlyOnce(contract, expected);
    } finally {
      await connection.provider.request({ method: "evm_setAutomine", params: [true] });
    }
  });

  it("replaces a transaction that stays pending, at the same nonce with fees raised by at least 10%", async function () {
    const { contract } = await networkHelpers.loadFixture(ticketFixture);
    const { params, expected, journal } = await prepare({
      contract,
      sender: (await senders(base)).node,
      rows: 20,
    });
    await connection.provider.request({ method: "evm_setAutomine", params: [false] });
    try {
      const running = sendIssuance(params({ stuckAfterMs: 200 }));
      await waitFor(() =>
        Promise.resolve(journal.entries().filter((e) => e.t === "attempt").length >= 2 ? true : undefined),
      );
      const result = await mineUntil(running);
      expect(result.replacements).to.be.greaterThan(0);
      const attempts = journal.entries().filter((e): e is AttemptEntry => e.t === "attempt" && e.batch === 0);
      expect(attempts[1]!.nonce).to.equal(attempts[0]!.nonce);
      expect(BigInt(attempts[1]!.maxFeePerGas) * 100n >= BigInt(attempts[0]!.maxFeePerGas) * 110n).to.equal(
        true,
      );
      expect(
        BigInt(attempts[1]!.maxPriorityFeePerGas) * 100n >= BigInt(attempts[0]!.maxPriorityFeePerGas) * 110n,
      ).to.equal(true);
      await expectExactlyOnce(contract, expected);
    } finally {
      await connection.provider.request({ method: "evm_setAutomine", params: [true] });
    }
  });

  it("moves the plan past tickets someone else issued at its first token before anything was sent (journaled), and serves every row once", async function () {
    const { ticket, contract, other } = await networkHelpers.loadFixture(ticketFixture);
    const { params, journal, expected } = await prepare({ contract, sender: (await senders(base)).node });
    await ticket.connect(other).airdrop(1n, [other.address]);
    const result = await sendIssuance(params());
    expect([result.status, result.shifts, result.applied[0]!.firstTokenId]).to.deep.equal(["done", 1, 2n]);
    const shifts = journal.entries().filter((e) => e.t === "shift");
    expect(shifts.map((e) => [e.batch, e.from, e.to])).to.deep.equal([[0, "1", "2"]]);
    // The shift is journaled before the first attempt at the new first token.
    const order = journal.entries().map((e) => e.t);
    expect(order.indexOf("shift")).to.be.below(order.indexOf("attempt"));
    await expectExactlyOnce(contract, new Map([...expected, [other.address.toLowerCase(), 1]]));
  });

  describe("a node whose receipts and logs trail its state (the contract moves past a batch before its receipt is served)", function () {
    for (const mode of ["node", "key"] as const) {
      it(`finishes in one run, each row once, waiting for its own batches' receipts (${mode})`, async function () {
        const { contract } = await networkHelpers.loadFixture(ticketFixture);
        const lagging = laggingIndexes(base, { lagMs: 300 });
        const sender = (await senders(lagging.provider))[mode];
        const { expected, params } = await prepare({ contract, sender, provider: lagging.provider });
        const waits: string[] = [];
        const result = await sendIssuance(
          params({ onEvent: (e) => void (e.type === "waiting" && waits.push(e.reason)) }),
        );
        expect([result.status, result.sent, result.applied.length]).to.deep.equal(["done", 5, 5]);
        await expectExactlyOnce(contract, expected);
        // The race really happened: the node hid receipts of blocks whose state it already served, and the
        // sender said what it was waiting for.
        expect(lagging.stats.hiddenReceipts).to.be.greaterThan(0);
        expect(waits.filter((r) => r.includes("has not yet served")).length).to.be.greaterThan(0);
      });
    }

    it("reconciles through the same lag after dying just after a broadcast", async function () {
      const { contract } = await networkHelpers.loadFixture(ticketFixture);
      const lagging = laggingIndexes(base, { lagMs: 300 });
      const sender = (await senders(lagging.provider)).key;
      const { expected, params } = await prepare({ contract, sender, provider: lagging.provider });
      const died = new Error("process died");
      const first = await sendIssuance(
        params({
          failpoint: (p, b) => {
            if (p === "after-broadcast" && b === 2) throw died;
          },
        }),
      ).catch((e: unknown) => e);
      expect(first).to.equal(died);
      const second = await sendIssuance(params());
      expect([second.status, second.alreadyApplied, second.sent]).to.deep.equal(["done", 3, 2]);
      await expectExactlyOnce(contract, expected);
    });

    it("moves past a foreign mint only on evidence: the transaction that issued the batch's first token otherwise", async function () {
      const { ticket, contract, other } = await networkHelpers.loadFixture(ticketFixture);
      const lagging = laggingIndexes(base, { lagMs: 300 });
      const sender = (await senders(lagging.provider)).key;
      const { params, journal, prepared, expected } = await prepare({
        contract,
        sender,
        provider: lagging.provider,
      });
      let confirmed = 0;
      await sendIssuance(
        params({
          onEvent: (e) => (confirmed += e.type === "batch-confirmed" ? 1 : 0),
          shouldStop: () => confirmed >= 2,
        }),
      );
      // Another minter issues batch 3's whole range and more, at once, while the node's indexes trail.
      const batch3 = prepared.plan.batches[2]!;
      const intruder = await ticket.connect(other).airdrop(
        batch3.firstTokenId,
        Array.from({ length: 20 }, () => other.address),
      );
      const result = await sendIssuance(params());
      expect([result.status, result.shifts]).to.deep.equal(["done", 1]);
      const shift = journal.entries().find((e) => e.t === "shift");
      expect(shift).to.deep.include({ batch: 2, from: batch3.firstTokenId.toString() });
      expect(shift?.t === "shift" ? shift.mint.transactionHash : "").to.equal(intruder.hash);
      expect(result.applied[2]!.firstTokenId).to.equal(batch3.firstTokenId + 20n);
      await expectExactlyOnce(contract, new Map([...expected, [other.address.toLowerCase(), 20]]));
    });

    it("stops as unknown (not a conflict) when the node never serves the receipt, sends nothing more, and a re-run finishes", async function () {
      const { contract } = await networkHelpers.loadFixture(ticketFixture);
      const lagging = laggingIndexes(base, { lagMs: 3_600_000 });
      const sender = (await senders(base)).key;
      const { expected, params, journal } = await prepare({ contract, sender });
      const caught = await sendIssuance(params({ provider: lagging.provider, settleTimeoutMs: 200 })).catch(
        (e: unknown) => e,
      );
      expect(caught).to.be.instanceOf(IssuanceOutcomeUnknownError);
      expect((caught as IssuanceOutcomeUnknownError).batch).to.equal(0);
      expect((caught as IssuanceOutcomeUnknownError).details).to.match(/not served after \d+ s: a receipt/);
      expect(journal.entries().filter((e) => e.t === "attempt")).to.have.length(1);
      const again = await sendIssuance(params());
      expect([again.status, again.alreadyApplied, again.sent]).to.deep.equal(["done", 1, 4]);
      await expectExactlyOnce(contract, expected);
    });
  });

  it("halts on a paused contract with the contract's reason, then resumes once unpaused", async function () {
    const { ticket, contract } = await networkHelpers.loadFixture(ticketFixture);
    const { params, expected } = await prepare({ contract, sender: (await senders(base)).key });
    let confirmed = 0;
    const onEvent: SendIssuanceParameters["onEvent"] = (e) =>
      (confirmed += e.type === "batch-confirmed" ? 1 : 0);
    await sendIssuance(params({ onEvent, shouldStop: () => confirmed >= 2 }));
    await ticket.pause();
    const caught = await sendIssuance(params()).catch((e: unknown) => e);
    expect(caught).to.be.instanceOf(PapercutError);
    expect((caught as PapercutError).shortMessage).to.contain("EnforcedPause");
    await ticket.unpause();
    const result = await sendIssuance(params());
    expect(result.status).to.equal("done");
    await expectExactlyOnce(contract, expected);
  });

  describe("prepareIssuance", function () {
    it("refuses more tickets than remain, a sender without the minter role and a paused contract", async function () {
      const { ticket, contract } = await networkHelpers.loadFixture(ticketFixture);
      const { key } = await senders(base);
      const big = parseAttendees({ content: attendeeCsv(900).content, file: "big.csv" });
      const prep = (
        sender: TxSender,
        attendees = parseAttendees({ content: attendeeCsv(5).content, file: "s.csv" }),
      ) =>
        prepareIssuance({
          provider: base,
          contract,
          sender,
          attendees,
          journalEntries: [],
          journalLocation: "(memory)",
        }).catch((e: unknown) => e);
      expect(await prep(key, big)).to.be.instanceOf(SupplyExceededError);
      const stranger = createKeySender(Wallet.createRandom());
      expect(await prep(stranger))
        .to.be.instanceOf(IssuancePreconditionError)
        .with.property("reason", "not-minter");
      await ticket.pause();
      expect(await prep(key))
        .to.be.instanceOf(IssuancePreconditionError)
        .with.property("reason", "paused");
    });

    it("leaves out, and names, the attendees who already received tickets from this contract, unless allowRepeat", async function () {
      const { contract } = await networkHelpers.loadFixture(ticketFixture);
      const { key } = await senders(base);
      const first = await prepare({ contract, sender: key, rows: 10 });
      await sendIssuance(first.params());
      const again = first.attendees.recipients[3]!.address;
      const fresh = getAddress("0x" + "42".repeat(20));
      const plan = (allowRepeat: boolean) =>
        prepareIssuance({
          provider: base,
          contract,
          sender: key,
          attendees: parseAttendees({ content: `address\n${again}\n${fresh}\n`, file: "second.csv" }),
          journalEntries: [],
          journalLocation: "(memory)",
          allowRepeat,
        });
      const second = await plan(false);
      expect(second.previousHolders).to.deep.equal([again]);
      expect([...second.excluded]).to.deep.equal([[again, 1]]);
      expect(second.planEntry.excluded).to.deep.equal([[again, 1]]);
      expect(second.plan.batches.flatMap((b) => b.recipients)).to.deep.equal([fresh.toLowerCase()]);
      expect(second.plan.startId).to.equal(BigInt(first.prepared.plan.totalTickets) + 1n);
      const repeat = await plan(true);
      expect([repeat.previousHolders, repeat.excluded.size, repeat.plan.totalTickets]).to.deep.equal([
        [again],
        0,
        2,
      ]);
    });

    it("reuses the journal's plan, and rejects a journal written on another chain history", async function () {
      const { contract } = await networkHelpers.loadFixture(ticketFixture);
      const { key } = await senders(base);
      const { journal, prepared, attendees } = await prepare({ contract, sender: key });
      const again = await prepareIssuance({
        provider: base,
        contract,
        sender: key,
        attendees,
        journalEntries: journal.entries(),
        journalLocation: journal.location,
      });
      expect(again.resumed).to.equal(true);
      expect(again.plan.planHash).to.equal(prepared.plan.planHash);
      const forged = journal
        .entries()
        .map((e) => (e.t === "plan" ? { ...e, genesis: "0x" + "1".repeat(64) } : e));
      const caught = await prepareIssuance({
        provider: base,
        contract,
        sender: key,
        attendees,
        journalEntries: forged,
        journalLocation: "j",
      }).catch((e: unknown) => e);
      expect(caught).to.be.instanceOf(JournalMismatchError).with.property("reason", "other-chain");
    });
  });
});

function ownerOfData(id: bigint): string {
  return "0x6352211e" + id.toString(16).padStart(64, "0");
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Mines a block every 50 ms until the airdrop settles. */
async function mineUntil<T>(running: Promise<T>): Promise<T> {
  let settled = false;
  const done = running.finally(() => (settled = true));
  while (!settled) {
    await connection.provider.request({ method: "evm_mine", params: [] });
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 50))]);
  }
  return await done;
}
