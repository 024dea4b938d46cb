import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { getAddress, keccak256, toUtf8Bytes, Wallet } from "ethers";
import { network } from "hardhat";

import type { Eip1193Provider } from "../../src/chain/eip1193.js";
import { IssuancePreconditionError } from "../../src/issuance/errors.js";
import { journalPath, readJournal } from "../../src/issuance/journal.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { prepareIssuance } from "../../src/issuance/prepare-issuance.js";
import { runAirdrop, type RunAirdropParameters } from "../../src/issuance/run-airdrop.js";
import { createKeySender } from "../../src/issuance/tx-sender.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { mintsPerAddress } from "../support/tickets.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const provider = connection.provider as unknown as Eip1193Provider;

/** Hardhat's dev account 1 (a public test key): the airdrop's sender. */
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

async function fixture() {
  const ticket = await deployTicket(connection, { cap: 1000n });
  await ticket.grantRole(await ticket.MINTER_ROLE(), new Wallet(KEY_1).address);
  return { contract: (await ticket.getAddress()).toLowerCase() };
}

/** 30 rows; a few addresses listed twice (merged), some rows with 2 tickets. */
function attendees() {
  const lines = ["address,quantity,name"];
  const expected = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    const address = getAddress("0x" + keccak256(toUtf8Bytes(`replan-${i % 27}`)).slice(26));
    const quantity = i % 4 === 0 ? 2 : 1;
    lines.push(`${address},${quantity},P${i}`);
    expected.set(address.toLowerCase(), (expected.get(address.toLowerCase()) ?? 0) + quantity);
  }
  return { list: parseAttendees({ content: lines.join("\n") + "\n", file: "list.csv" }), expected };
}

describe("a re-plan (the journal set aside) never issues a row twice; --allow-repeat does on purpose", function () {
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), "papercut-replan-"));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("an airdrop stopped half-way, its journal moved aside and run again, leaves out what is on-chain and completes every row once", async function () {
    const { contract } = await networkHelpers.loadFixture(fixture);
    const { list, expected } = attendees();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const journalFile = journalPath({ stateDir: dir, chainId, contract, fileHash: list.fileHash });
    const run = (extra: Partial<RunAirdropParameters> = {}) =>
      runAirdrop({
        provider,
        chainId,
        contract,
        sender: createKeySender(new Wallet(KEY_1)),
        attendees: list,
        journalFile,
        maxBatchSize: 8,
        pollIntervalMs: 20,
        ...extra,
      });
    const setAside = () => renameSync(journalFile, `${journalFile}.set-aside-${Date.now()}`);

    let confirmed = 0;
    const first = await run({
      onEvent: (e) => void (e.type === "batch-confirmed" && confirmed++),
      shouldStop: () => confirmed >= 2,
    });
    expect(first.result!.status).to.equal("stopped");
    const servedFirst = first.result!.applied.reduce((n, b) => n + b.count, 0);

    // The operator sets the journal aside (the only recovery the issue found) and runs the same file again.
    setAside();
    const second = await run();
    expect(second.prepared.resumed).to.equal(false);
    expect([...second.prepared.excluded.values()].reduce((a, b) => a + b, 0)).to.equal(servedFirst);
    expect(second.prepared.plan.totalTickets).to.equal(list.totalTickets - servedFirst);
    expect(second.result!.status).to.equal("done");
    expect(await mintsPerAddress(ethers.provider, contract)).to.deep.equal(Object.fromEntries(expected));
    // The report counts the tickets issued before the plan: every row complete.
    expect(second.report!.complete).to.equal(true);
    expect(second.report!.rows.reduce((n, r) => n + r.issuedBefore, 0)).to.equal(servedFirst);
    // The plan entry keeps what it left out, so a resume derives the same plan.
    const plan = readJournal(journalFile).find((e) => e.t === "plan");
    expect(plan?.t === "plan" && plan.excluded?.length).to.be.greaterThan(0);
    const resumed = await run();
    expect([resumed.prepared.resumed, resumed.result!.sent]).to.deep.equal([true, 0]);

    // Set aside once more: everything is on-chain, so nothing is sent.
    setAside();
    const third = await run();
    expect([third.prepared.plan.totalTickets, third.result!.sent, third.report!.complete]).to.deep.equal([
      0,
      0,
      true,
    ]);
    expect(await mintsPerAddress(ethers.provider, contract)).to.deep.equal(Object.fromEntries(expected));

    // A second airdrop of the same list, on purpose: --allow-repeat issues every row again, once.
    setAside();
    const repeat = await run({ allowRepeat: true });
    expect(repeat.prepared.plan.totalTickets).to.equal(list.totalTickets);
    expect(await mintsPerAddress(ethers.provider, contract)).to.deep.equal(
      Object.fromEntries([...expected].map(([a, n]) => [a, 2 * n])),
    );
  });

  it("refuses a new plan when the node cannot tell who already holds tickets (no history on a long chain), unless allowRepeat", async function () {
    const { contract } = await networkHelpers.loadFixture(fixture);
    const { list } = attendees();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const sender = createKeySender(new Wallet(KEY_1));
    // Someone was issued a ticket; then the chain grows long, and the node keeps no old state (no archive).
    const first = await runAirdrop({
      provider,
      chainId,
      contract,
      sender,
      attendees: parseAttendees({ content: `address\n${list.recipients[0]!.address}\n`, file: "one.csv" }),
      pollIntervalMs: 20,
    });
    expect(first.result!.status).to.equal("done");
    await provider.request({ method: "hardhat_mine", params: ["0x30d41"] }); // 200,001 blocks
    const noHistory: Eip1193Provider = {
      request: async (args) => {
        const params = (args.params ?? []) as unknown[];
        if (args.method === "eth_getCode" && params[1] !== "latest") throw new Error("missing trie node");
        return await provider.request(args);
      },
    };
    const plan = (allowRepeat: boolean) =>
      prepareIssuance({
        provider: noHistory,
        contract,
        sender,
        attendees: list,
        journalEntries: [],
        journalLocation: "(memory)",
        allowRepeat,
      }).catch((e: unknown) => e);
    expect(await plan(false))
      .to.be.instanceOf(IssuancePreconditionError)
      .with.property("reason", "holders-unknown");
    const repeat = await plan(true);
    expect(repeat).to.not.be.instanceOf(Error);
  });
});
