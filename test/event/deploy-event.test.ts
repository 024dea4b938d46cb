import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { expect } from "chai";
import { getAddress } from "ethers";
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { buildEventModule } from "../../ignition/modules/PapercutEvent.js";
import { simulateGas } from "../../scripts/lib/simulate-gas.js";
import {
  CLAIMS_FUTURE_ID,
  LEDGER_FUTURE_ID,
  RENDERER_FUTURE_ID,
  TICKET_FUTURE_ID,
} from "../../src/chain/deployments.js";
import { checkWiring } from "../../src/event/check-wiring.js";
import { deployEvent, type EventDeployPlan, type EventDeployProgress } from "../../src/event/deploy-event.js";
import { eventDeploymentParameters } from "../../src/event/deployment-parameters.js";
import { EventDeployError } from "../../src/event/errors.js";
import type { EventConfig } from "../../src/event/event-config.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import { repairInterruptedJournal } from "../../src/event/repair-journal.js";
import { listRoleHolders } from "../../src/event/roles.js";
import { interruptDeployAfterSend, type ReplayedFields } from "../support/interrupted-deploy.js";

/**
 * The event deploy workflow (what `tickets event deploy` runs) on the in-process network, with a real Ignition
 * journal in a temporary folder: the plan and its price, a re-run that sends nothing, one more gate that sends
 * one transaction, the handover of every role, and input the chain would refuse stopped before anything is sent.
 */
describe("deployEvent: the whole event from its event file", function () {
  let connection: NetworkConnection;
  let accounts: string[];
  let sample: EventConfig;
  let dir: string;

  before(async function () {
    connection = await hre.network.create();
    accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
    accounts = accounts.map((a) => getAddress(a));
    sample = await loadEventConfig();
  });
  beforeEach(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "papercut-event-deploy-"));
  });
  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  const nonce = async (account: string) =>
    Number(
      BigInt(
        (await connection.provider.request({
          method: "eth_getTransactionCount",
          params: [account, "latest"],
        })) as string,
      ),
    );

  async function run(
    event: EventConfig,
    options: {
      deploymentDir?: string;
      deployer?: string;
      onProgress?: (p: EventDeployProgress) => void;
    } = {},
  ) {
    const deployer = options.deployer ?? accounts[0]!;
    const handoverTo = event.admin !== undefined && event.admin !== deployer ? event.admin : undefined;
    const module = buildEventModule({ gates: event.gates, handoverTo });
    const deploymentParameters = eventDeploymentParameters(event);
    const plans: EventDeployPlan[] = [];
    const result = await deployEvent({
      provider: connection.provider,
      module,
      deploymentParameters,
      artifactResolver: new HardhatArtifactResolver(hre.artifacts),
      deploymentDir: options.deploymentDir ?? dir,
      deployer,
      simulate: () => simulateGas(hre, module, deploymentParameters),
      confirm: (plan) => {
        plans.push(plan);
        return Promise.resolve(true);
      },
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    return { ...result, asked: plans };
  }

  it("deploys and wires the four contracts; the plan's gas is what each transaction then used", async function () {
    const event = { ...sample, gates: [accounts[1]!] };
    const before = await nonce(accounts[0]!);
    const result = await run(event);
    expect(result.transactions).to.equal(8);
    expect(await nonce(accounts[0]!)).to.equal(before + 8);
    expect(result.asked).to.have.length(1);
    const planned = Object.fromEntries(result.plan.steps.map((s) => [s.futureId, s.gas]));
    expect(Object.keys(planned).sort()).to.deep.equal(Object.keys(result.gasUsed).sort());
    for (const [id, gas] of Object.entries(result.gasUsed)) expect(planned[id], id).to.equal(gas);
    for (const id of [TICKET_FUTURE_ID, RENDERER_FUTURE_ID, CLAIMS_FUTURE_ID, LEDGER_FUTURE_ID]) {
      expect(result.contracts[id], id).to.match(/^0x[0-9a-fA-F]{40}$/);
    }
    const wiring = await checkWiring({
      provider: connection.provider,
      ticket: result.contracts[TICKET_FUTURE_ID]!,
      claims: result.contracts[CLAIMS_FUTURE_ID],
      gates: event.gates,
    });
    expect(wiring.filter((w) => !w.ok)).to.deep.equal([]);
    expect(wiring.map((w) => w.item)).to.include(`gate account ${accounts[1]}`);

    const ticket = await connection.ethers.getContractAt(
      "PapercutTicket",
      result.contracts[TICKET_FUTURE_ID]!,
    );
    expect(await ticket.name()).to.equal(sample.name.en);
    expect(await ticket.cap()).to.equal(sample.cap);
    expect(await ticket.eventStart()).to.equal(sample.start);
    expect(await ticket.eventEnd()).to.equal(sample.end);
    expect(await ticket.transferPolicy(), "locked-during-event").to.equal(1n);
  });

  it("a re-run with the same file sends nothing and asks nothing; one more gate sends exactly one transaction", async function () {
    await run(sample);
    const deployer = accounts[0]!;
    const n = await nonce(deployer);
    const again = await run(sample);
    expect(again.transactions).to.equal(0);
    expect(again.asked).to.have.length(0);
    expect(await nonce(deployer)).to.equal(n);

    const more = await run({ ...sample, gates: [accounts[2]!] });
    expect(more.transactions).to.equal(1);
    expect(more.asked[0]!.steps.map((s) => s.futureId)).to.deep.equal([
      `PapercutEventModule#GrantGateRole_${accounts[2]}`,
    ]);
    expect(await nonce(deployer)).to.equal(n + 1);
    const ticket = await connection.ethers.getContractAt("PapercutTicket", more.contracts[TICKET_FUTURE_ID]!);
    expect(await ticket.hasRole(await ticket.GATE_ROLE(), accounts[2]!)).to.equal(true);
  });

  it("hands every role to the configured admin and gives up the deployer's, last", async function () {
    const admin = accounts[5]!;
    const result = await run({ ...sample, admin, gates: [accounts[3]!] });
    // 7 deploys and wiring calls, 1 gate, then 8 grants and 8 renounces.
    expect(result.transactions).to.equal(24);
    const ticket = result.contracts[TICKET_FUTURE_ID]!;
    const claims = result.contracts[CLAIMS_FUTURE_ID]!;
    const wiring = await checkWiring({
      provider: connection.provider,
      ticket,
      claims,
      gates: [accounts[3]!],
      admin,
      deployer: accounts[0]!,
    });
    expect(wiring.filter((w) => !w.ok)).to.deep.equal([]);
    const roles = await listRoleHolders({
      provider: connection.provider,
      contracts: { ticket, claims, ledger: result.contracts[LEDGER_FUTURE_ID]! },
    });
    for (const r of roles) expect(r.holders, `${r.contract} ${r.role}`).not.to.include(accounts[0]!);
    for (const r of roles) expect(r.holders, `${r.contract} ${r.role}`).to.include(admin);

    // After the handover the deployer can grant nothing: one more gate is refused, and nothing is sent.
    const n = await nonce(accounts[0]!);
    await run({ ...sample, admin, gates: [accounts[3]!, accounts[4]!] }).then(
      () => expect.fail("the deployer granted a role it no longer may"),
      (error: unknown) => {
        expect(error).to.be.instanceOf(EventDeployError);
        expect((error as EventDeployError).shortMessage).to.match(/no longer holds the ticket's admin role/);
        expect((error as EventDeployError).details).to.include(`--role gate --account ${accounts[4]}`);
      },
    );
    expect(await nonce(accounts[0]!)).to.equal(n);
  });

  it("refuses a changed contract parameter instead of deploying it again", async function () {
    await run(sample);
    const n = await nonce(accounts[0]!);
    await run({ ...sample, cap: 6000n }).then(
      () => expect.fail("a changed cap was accepted"),
      (error: unknown) => {
        expect(error).to.be.instanceOf(EventDeployError);
        expect((error as EventDeployError).shortMessage).to.match(/changed what is already deployed: cap \(/);
      },
    );
    expect(await nonce(accounts[0]!)).to.equal(n);
  });

  it("--reset deploys a changed event afresh, moving the record aside only once the plan is confirmed", async function () {
    const first = await run(sample);
    const module = buildEventModule({ gates: [] });
    const changed = { ...sample, cap: 6000n };
    const attempt = (answer: boolean) =>
      deployEvent({
        provider: connection.provider,
        module,
        deploymentParameters: eventDeploymentParameters(changed),
        artifactResolver: new HardhatArtifactResolver(hre.artifacts),
        deploymentDir: dir,
        deployer: accounts[0]!,
        reset: true,
        simulate: () => Promise.resolve(new Map()),
        confirm: () => Promise.resolve(answer),
      });
    const n = await nonce(accounts[0]!);
    await attempt(false).then(
      () => expect.fail("a declined reset went ahead"),
      (error: unknown) => expect(error).to.be.instanceOf(EventDeployError),
    );
    expect(await nonce(accounts[0]!)).to.equal(n);
    expect(
      (await readdir(path.dirname(dir))).filter((f) => f.startsWith(`${path.basename(dir)}.`)),
    ).to.deep.equal([]);

    const again = await attempt(true);
    expect(again.setAside).to.match(/\.replaced-/);
    expect(again.transactions).to.equal(7);
    expect(again.contracts[TICKET_FUTURE_ID]).not.to.equal(first.contracts[TICKET_FUTURE_ID]);
    const ticket = await connection.ethers.getContractAt(
      "PapercutTicket",
      again.contracts[TICKET_FUTURE_ID]!,
    );
    expect(await ticket.cap()).to.equal(6000n);
    await rm(again.setAside!, { recursive: true, force: true });
  });

  it("refuses a deployer that cannot pay for the plan before sending anything", async function () {
    const poor = accounts[7]!;
    await connection.provider.request({ method: "hardhat_setBalance", params: [poor, "0x2386f26fc10000"] });
    const n = await nonce(poor);
    await run(sample, { deployer: poor }).then(
      () => expect.fail("an unfunded deployer went ahead"),
      (error: unknown) => {
        expect(error).to.be.instanceOf(EventDeployError);
        expect((error as EventDeployError).shortMessage).to.match(/may cost up to/);
      },
    );
    expect(await nonce(poor)).to.equal(n);
  });
  /** {@link interruptDeployAfterSend} on the in-process chain, the whole run made by {@link run}. */
  async function interruptedAfterSend(
    upTo: number,
    replace?: (tx: ReplayedFields) => Record<string, unknown>,
    options: { cutAfter?: "sent" | "complete"; unconfirmed?: number } = {},
  ) {
    let first: Awaited<ReturnType<typeof run>> | undefined;
    const wholeDir = path.join(dir, "whole");
    const cut = await interruptDeployAfterSend({
      rpc: (method, params) => connection.provider.request({ method, params }),
      deployWhole: async () => void (first = await run(sample, { deploymentDir: wholeDir })),
      wholeDir,
      interruptedDir: path.join(dir, "interrupted"),
      upTo,
      ...(replace === undefined ? {} : { replace }),
      ...options,
    });
    expect(await nonce(accounts[0]!)).to.equal(cut.sends[0]!.nonce + upTo + 1);
    return { ...cut, first: first!, interrupted: path.join(dir, "interrupted") };
  }

  it("finishes a deploy killed after a transaction was sent but before Ignition journaled its hash: found on the chain, not sent again", async function () {
    const upTo = 2;
    const { first, sends, replayed, interrupted, cutFutureId, total } = await interruptedAfterSend(upTo);
    // The same fields give the same transactions: the journal's earlier hashes are the chain's.
    expect(replayed).to.deep.equal(sends.slice(0, upTo + 1).map((s) => s.transaction.hash));

    const progress: EventDeployProgress[] = [];
    const before = await nonce(accounts[0]!);
    const resumed = await run(sample, { deploymentDir: interrupted, onProgress: (p) => progress.push(p) });
    expect(progress.filter((p) => p.type === "repaired")).to.deep.equal([
      {
        type: "repaired",
        kind: "sent",
        futureId: cutFutureId,
        nonce: before - 1,
        hash: sends[upTo]!.transaction.hash,
      },
    ]);
    // Only the transactions not yet sent were sent, and every contract is where the whole run put it.
    expect(resumed.transactions).to.equal(total - upTo - 1);
    expect(resumed.contracts).to.deep.equal(first.contracts);
    const journal = (await readFile(path.join(interrupted, "journal.jsonl"), "utf8"))
      .split("\n")
      .filter((l) => l !== "")
      .map(
        (l) =>
          JSON.parse(l) as { type: string; futureId: string; hash?: string; transaction?: { hash: string } },
      );
    const ofCut = journal.filter((m) => m.futureId === cutFutureId).map((m) => m.type);
    expect(ofCut.slice(ofCut.indexOf("TRANSACTION_PREPARE_SEND"))).to.deep.equal([
      "TRANSACTION_PREPARE_SEND",
      "TRANSACTION_SEND",
      "TRANSACTION_CONFIRM",
      ofCut.at(-1),
    ]);
    expect(ofCut.at(-1)).to.match(/_EXECUTION_STATE_COMPLETE$/);
    expect(
      journal.find((m) => m.type === "TRANSACTION_SEND" && m.futureId === cutFutureId)?.transaction?.hash,
    ).to.equal(sends[upTo]!.transaction.hash);
    const again = await run(sample, { deploymentDir: interrupted });
    expect(again.transactions).to.equal(0);
  });

  it("leaves alone a journaled nonce that another transaction from the deployer took, and deploys the rest once", async function () {
    const upTo = 2;
    const { first, interrupted, total } = await interruptedAfterSend(upTo, (tx) => ({
      from: tx.from,
      to: tx.from,
      value: "0x1",
      nonce: tx.nonce,
    }));
    const progress: EventDeployProgress[] = [];
    const resumed = await run(sample, { deploymentDir: interrupted, onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => (p.type === "repaired" ? p.kind : undefined)).filter(Boolean)).to.deep.equal([
      "replaced",
    ]);
    // The future whose nonce was taken is sent again, with the next nonce; nothing else twice.
    expect(resumed.transactions).to.equal(total - upTo);
    expect(Object.keys(resumed.contracts).sort()).to.deep.equal(Object.keys(first.contracts).sort());
  });

  it("finishes a deploy killed while a step waited for its confirmation and a later step was already complete", async function () {
    // Ignition counts the nonces of unfinished steps only: alone, it expects the waiting step's nonce + 1 and
    // stops on the chain's higher count (HHE10411), which is what a SIGKILL in CI once left.
    const {
      first,
      interrupted,
      total,
      sends,
      waitingFutureId: waiting,
    } = await interruptedAfterSend(1, undefined, {
      cutAfter: "complete",
      unconfirmed: 0,
    });
    const progress: EventDeployProgress[] = [];
    const resumed = await run(sample, { deploymentDir: interrupted, onProgress: (p) => progress.push(p) });
    expect(progress.filter((p) => p.type === "repaired")).to.deep.equal([
      {
        type: "repaired",
        kind: "confirmed",
        futureId: waiting,
        nonce: sends[0]!.nonce,
        hash: sends[0]!.transaction.hash,
      },
    ]);
    // Every step sent once in all (the order of the steps after it may differ from the whole run's, and with it the
    // later contracts' addresses), and every contract is there.
    expect(resumed.transactions).to.equal(total - 2);
    expect(await nonce(accounts[0]!)).to.equal(sends[0]!.nonce + total);
    expect(resumed.contracts[RENDERER_FUTURE_ID]).to.equal(first.contracts[RENDERER_FUTURE_ID]);
    expect(Object.keys(resumed.contracts).sort()).to.deep.equal(Object.keys(first.contracts).sort());
    for (const address of Object.values(resumed.contracts)) {
      const code = (await connection.provider.request({
        method: "eth_getCode",
        params: [address, "latest"],
      })) as string;
      expect(code, address).not.to.equal("0x");
    }
    expect((await run(sample, { deploymentDir: interrupted })).transactions).to.equal(0);
  });

  it("says how to go on, in one line and changing nothing, when the node cannot search past blocks for the unjournaled transaction", async function () {
    const { interrupted, cutFutureId } = await interruptedAfterSend(2);
    const journal = path.join(interrupted, "journal.jsonl");
    const before = await readFile(journal, "utf8");
    // A node that keeps no state of past blocks (the search asks for transaction counts at older blocks).
    const pruned = {
      request: async (args: { method: string; params?: unknown[] }) => {
        const tag = (args.params ?? [])[1];
        if (args.method === "eth_getTransactionCount" && tag !== "latest" && tag !== "pending") {
          const latest = BigInt((await connection.provider.request({ method: "eth_blockNumber" })) as string);
          if (BigInt(tag as string) < latest)
            throw new Error("missing trie node 0x1234 (path ) state is not available");
        }
        return (await connection.provider.request(args)) as unknown;
      },
    };
    const error = await repairInterruptedJournal(pruned, interrupted).then(
      () => expect.fail("went on without the transaction"),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(EventDeployError);
    expect((error as EventDeployError).shortMessage).to.match(
      new RegExp(
        `could not look up the deployer's transaction with nonce \\d+ \\(journaled for ${cutFutureId}.*missing trie node`,
      ),
    );
    expect((error as EventDeployError).details).to.match(
      /ignition track-tx <hash> interrupted --network <name>/,
    );
    expect(await readFile(journal, "utf8")).to.equal(before);
  });

  it("on a chain that does not mine on demand, waits in one line for the waiting step's confirmations, then records them", async function () {
    const { interrupted, waitingFutureId, sends } = await interruptedAfterSend(1, undefined, {
      cutAfter: "complete",
      unconfirmed: 0,
    });
    const journal = path.join(interrupted, "journal.jsonl");
    const before = await readFile(journal, "utf8");
    const interval = {
      request: async (args: { method: string; params?: unknown[] }) => {
        if (args.method === "hardhat_getAutomine")
          throw new Error("the method hardhat_getAutomine does not exist");
        return (await connection.provider.request(args)) as unknown;
      },
    };
    const error = await repairInterruptedJournal(interval, interrupted, 5).then(
      () => expect.fail("recorded a receipt with too few confirmations"),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(EventDeployError);
    expect((error as EventDeployError).shortMessage).to.equal(
      `${waitingFutureId}'s transaction ${sends[0]!.transaction.hash} has 2 of the 5 confirmations this deploy ` +
        `waits for; wait for the chain and run the same command again`,
    );
    expect(await readFile(journal, "utf8")).to.equal(before);
    await connection.provider.request({ method: "hardhat_mine", params: ["0x3"] });
    expect(await repairInterruptedJournal(interval, interrupted, 5)).to.deep.equal([
      {
        kind: "confirmed",
        futureId: waitingFutureId,
        nonce: sends[0]!.nonce,
        hash: sends[0]!.transaction.hash,
      },
    ]);
  });
});
