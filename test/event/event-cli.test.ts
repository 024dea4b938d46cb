import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { id } from "ethers";

import { jsonResult, runCli, startCli, type CliResult } from "../support/cli.js";
import { describeFull } from "../support/full.js";
import { interruptDeployAfterSend } from "../support/interrupted-deploy.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { sleep } from "../support/processes.js";

/** Chain ids of this suite's own, so its Ignition records never touch a developer's chain-31337 one. */
const CHAIN_IDS = {
  journey: 71401,
  killed: 71402,
  restarted: 71403,
  bad: 71404,
  onDemand: 71405,
  unjournaled: 71406,
  unconfirmed: 71407,
} as const;
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const GATES = ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"];
const recordOf = (chainId: number) => path.resolve("ignition", "deployments", `chain-${chainId}`);

/** An event file: the sample with some fields replaced (a rehearsal window in the future, so tickets are valid). */
async function eventFile(dir: string, name: string, changes: Record<string, unknown> = {}): Promise<string> {
  const sample = JSON.parse(await readFile("metadata/event.json", "utf8")) as Record<string, unknown>;
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify({ ...sample, ...changes }, null, 2));
  return file;
}

function cli(node: LocalNode, args: string[]): Promise<CliResult> {
  return runCli(["tickets", ...args, "--network", "localhost"], { LOCAL_RPC_URL: node.url });
}

const nonceOf = async (node: LocalNode, account = DEPLOYER) =>
  Number(BigInt(await node.rpc<string>("eth_getTransactionCount", [account, "latest"])));

/** An expected error: exit 1, `error: …` on one line, and never a stack trace. */
function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stdout + result.stderr).to.equal(1);
  const line = result.stderr.split("\n").find((l) => l.startsWith("error: "));
  expect(line, result.stderr).to.match(pattern);
  expect(result.stderr).not.to.match(/^\s+at /m);
}

/** Contracts created by the deployer in every block of the node. */
async function creations(node: LocalNode): Promise<string[]> {
  const latest = Number(BigInt(await node.rpc<string>("eth_blockNumber")));
  const out: string[] = [];
  for (let n = 0; n <= latest; n++) {
    const block = await node.rpc<{ transactions: { hash: string; to: string | null }[] }>(
      "eth_getBlockByNumber",
      [`0x${n.toString(16)}`, true],
    );
    for (const tx of block.transactions) {
      if (tx.to !== null) continue;
      const receipt = await node.rpc<{ contractAddress: string }>("eth_getTransactionReceipt", [tx.hash]);
      out.push(receipt.contractAddress);
    }
  }
  return out;
}

/** The chain holds exactly the event's four contracts, each created once, and the wiring check passes. */
async function expectEachContractOnce(node: LocalNode, contracts: Record<string, string>, file: string) {
  const created = (await creations(node)).map((a) => a.toLowerCase()).sort();
  expect(created).to.have.length(4);
  expect(created).to.deep.equal(
    Object.values(contracts)
      .map((a) => a.toLowerCase())
      .sort(),
  );
  expect((await cli(node, ["status", "--check", "--event", file])).code).to.equal(0);
}

/**
 * `tickets event deploy`, `tickets status --check` and `tickets roles` as an organizer runs them, against anvil:
 * from an empty chain to a wired event, a re-run, one more gate, a deploy killed part-way, a restarted node, a
 * chain that mines only on demand, and every bad input refused with the deployer's nonce unchanged.
 */
describeFull("tickets event deploy: the real CLI against anvil", function () {
  let dir: string;

  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "papercut-event-cli-"));
    for (const id of Object.values(CHAIN_IDS)) await rm(recordOf(id), { recursive: true, force: true });
  });
  after(async function () {
    for (const id of Object.values(CHAIN_IDS)) {
      await rm(recordOf(id), { recursive: true, force: true });
      const parent = path.dirname(recordOf(id));
      for (const name of await import("node:fs/promises").then((fs) => fs.readdir(parent).catch(() => []))) {
        if (name.startsWith(`chain-${id}.stale-`))
          await rm(path.join(parent, name), { recursive: true, force: true });
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("deploys and wires everything from an empty chain; a re-run sends nothing; one more gate sends one transaction", async function () {
    const node = await startLocalNode({ kind: "anvil", chainId: CHAIN_IDS.journey });
    try {
      const file = await eventFile(dir, "journey.json", { gates: [GATES[0]] });
      const first = await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]);
      expect(first.code, first.stderr).to.equal(0);
      const deployed = jsonResult(first) as { contracts: Record<string, string>; transactions: number };
      expect(Object.keys(deployed.contracts).sort()).to.deep.equal([
        "claims",
        "ledger",
        "renderer",
        "ticket",
      ]);
      for (const address of Object.values(deployed.contracts))
        expect(address).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(deployed.transactions).to.equal(8);
      expect(await nonceOf(node)).to.equal(8);

      const check = await cli(node, ["status", "--check", "--event", file]);
      expect(check.code, check.stdout + check.stderr).to.equal(0);
      expect(check.stdout).to.match(/The wiring is complete/);

      const again = await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]);
      expect(again.code, again.stderr).to.equal(0);
      expect((jsonResult(again) as { transactions: number }).transactions).to.equal(0);
      expect((jsonResult(again) as { contracts: unknown }).contracts).to.deep.equal(deployed.contracts);
      expect(await nonceOf(node)).to.equal(8);

      const more = await eventFile(dir, "journey-more.json", { gates: GATES });
      const unwired = await cli(node, ["status", "--check", "--event", more]);
      expectOneLineError(unwired, /wiring is incomplete: gate account 0x3C44/);
      const added = await cli(node, ["event", "deploy", "--event", more, "--yes", "--json"]);
      expect(added.code, added.stderr).to.equal(0);
      expect((jsonResult(added) as { transactions: number }).transactions).to.equal(1);
      expect(await nonceOf(node)).to.equal(9);
      expect((await cli(node, ["status", "--check", "--event", more])).code).to.equal(0);

      // Every task that reads the deployment takes --contract: the claims tasks find the event's claims contract
      // from the ticket alone.
      const claimsStatus = await cli(node, [
        "claims",
        "status",
        "--contract",
        deployed.contracts.ticket!,
        "--json",
      ]);
      expect(claimsStatus.code, claimsStatus.stderr).to.equal(0);
      expect(JSON.stringify(jsonResult(claimsStatus))).to.include(deployed.contracts.claims!);

      // During the event: a door account's role is revoked and granted again from the command line.
      const revoke = await cli(node, [
        "roles",
        "revoke",
        "--role",
        "gate",
        "--account",
        GATES[1]!,
        "--yes",
        "--json",
      ]);
      expect((jsonResult(revoke) as { transactions: number }).transactions).to.equal(1);
      expectOneLineError(await cli(node, ["status", "--check", "--event", more]), /gate account 0x3C44/);
      const list = jsonResult(await cli(node, ["roles", "list", "--json"])) as {
        roles: { contract: string; role: string; holders: string[] }[];
      };
      const gates = list.roles.find((r) => r.contract === "ticket" && r.role === "gate")!.holders;
      expect(gates).to.include(GATES[0]).and.not.to.include(GATES[1]);
    } finally {
      await node.stop();
    }
  });

  it("a deploy killed with SIGKILL part-way finishes when run again, each contract deployed once", async function () {
    const node = await startLocalNode({ kind: "anvil", chainId: CHAIN_IDS.killed });
    try {
      const file = await eventFile(dir, "killed.json", { gates: GATES });
      const run = startCli(
        ["tickets", "event", "deploy", "--network", "localhost", "--event", file, "--yes"],
        {
          LOCAL_RPC_URL: node.url,
        },
      );
      // Kill it as soon as its second transaction has gone out.
      const deadline = Date.now() + 120_000;
      while ((run.output().match(/ sent /g) ?? []).length < 2 && Date.now() < deadline) await sleep(20);
      process.kill(-run.child.pid!, "SIGKILL");
      const killed = await run.done;
      expect(killed.signal).to.equal("SIGKILL");
      const sentBefore = await nonceOf(node);
      expect(sentBefore).to.be.within(1, 8);

      const resumed = await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]);
      expect(resumed.code, resumed.stderr).to.equal(0);
      const result = jsonResult(resumed) as { contracts: Record<string, string>; transactions: number };
      expect(sentBefore + result.transactions).to.equal(9);
      await expectEachContractOnce(node, result.contracts, file);
    } finally {
      await node.stop();
    }
  });

  // The two moments a SIGKILL can leave what Ignition alone does not resume from (HHE10410, HHE10411), made exactly.
  const interruptions = [
    {
      moment: "after a transaction went out but before Ignition journaled its hash",
      chainId: CHAIN_IDS.unjournaled,
      options: {},
      found: (s: { transaction: { hash: string } }[], cut: string) =>
        `found     ${cut} ${s[1]!.transaction.hash}: sent`,
    },
    {
      moment: "while a step waited for its confirmation and the next one was already complete",
      chainId: CHAIN_IDS.unconfirmed,
      options: { cutAfter: "complete", unconfirmed: 0 } as const,
      found: (s: { transaction: { hash: string } }[]) => ` ${s[0]!.transaction.hash}: confirmed on the chain`,
    },
  ];
  for (const { moment, chainId, options, found } of interruptions) {
    it(`a deploy killed ${moment} finishes when run again, nothing sent twice`, async function () {
      const node = await startLocalNode({ kind: "anvil", chainId });
      try {
        const file = await eventFile(dir, `interrupted-${chainId}.json`, { gates: GATES });
        let whole: { contracts: Record<string, string>; transactions: number } | undefined;
        const upTo = 1;
        const { sends, replayed, cutFutureId, total } = await interruptDeployAfterSend({
          rpc: (method, params) => node.rpc(method, params),
          deployWhole: async () => {
            const run = await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]);
            expect(run.code, run.stderr).to.equal(0);
            whole = jsonResult(run) as typeof whole;
          },
          wholeDir: recordOf(chainId),
          interruptedDir: recordOf(chainId),
          upTo,
          ...options,
        });
        expect(replayed).to.deep.equal(sends.slice(0, upTo + 1).map((s) => s.transaction.hash));
        expect(total).to.equal(9);

        const resumed = await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]);
        expect(resumed.code, resumed.stderr).to.equal(0);
        expect(resumed.stderr).to.include(found(sends, cutFutureId));
        const result = jsonResult(resumed) as { contracts: Record<string, string>; transactions: number };
        expect(result.transactions).to.equal(total - upTo - 1);
        expect(await nonceOf(node)).to.equal(total);
        expect(Object.keys(result.contracts).sort()).to.deep.equal(Object.keys(whole!.contracts).sort());
        await expectEachContractOnce(node, result.contracts, file);
      } finally {
        await node.stop();
        await rm(`${recordOf(chainId)}.whole`, { recursive: true, force: true });
      }
    });
  }

  it("a restarted node (same chain id, empty chain) is detected and explained; --reset deploys afresh", async function () {
    const file = await eventFile(dir, "restarted.json");
    let node = await startLocalNode({ kind: "anvil", chainId: CHAIN_IDS.restarted });
    try {
      expect((await cli(node, ["event", "deploy", "--event", file, "--yes"])).code).to.equal(0);
    } finally {
      await node.stop();
    }
    node = await startLocalNode({ kind: "anvil", chainId: CHAIN_IDS.restarted });
    try {
      for (const args of [
        ["status"],
        ["deploy", "--yes"],
        ["roles", "list"],
        ["event", "deploy", "--event", file, "--yes"],
      ]) {
        expectOneLineError(await cli(node, args), /no contract there \(a restarted node\?\)/);
      }
      expect(await nonceOf(node)).to.equal(0);
      const reset = await cli(node, ["event", "deploy", "--event", file, "--yes", "--reset", "--json"]);
      expect(reset.code, reset.stderr).to.equal(0);
      expect(jsonResult(reset))
        .to.have.property("setAside")
        .that.matches(/\.stale-/);
      expect((await cli(node, ["status", "--check", "--event", file])).code).to.equal(0);
    } finally {
      await node.stop();
    }
  });

  it("on a chain that mines only when a transaction arrives (chain id 71405) the airdrop's wait for confirmations says so, and --confirmations 1 finishes it", async function () {
    const node = await startLocalNode({ kind: "anvil", chainId: CHAIN_IDS.onDemand });
    try {
      const file = await eventFile(dir, "on-demand.json", {
        start: "2030-01-01T09:00:00+08:00",
        end: "2030-01-01T18:00:00+08:00",
      });
      const deployed = await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]);
      expect(deployed.code, deployed.stderr).to.equal(0);
      const csv = path.join(dir, "on-demand.csv");
      await writeFile(csv, "address\n" + GATES.join("\n") + "\n");
      const stateDir = path.join(dir, "on-demand-state");
      const args = [
        "tickets",
        "airdrop",
        "--network",
        "localhost",
        "--attendees",
        csv,
        "--state-dir",
        stateDir,
        "--yes",
      ];
      const waiting = startCli(args, { LOCAL_RPC_URL: node.url });
      const deadline = Date.now() + 90_000;
      while (!/mines only when a transaction arrives/.test(waiting.output()) && Date.now() < deadline)
        await sleep(100);
      process.kill(-waiting.child.pid!, "SIGKILL");
      expect(waiting.output()).to.match(
        /no new block since block \d+: a chain that mines only when a transaction arrives/,
      );
      expect(waiting.output()).to.match(/--confirmations 1/);

      const finished = await runCli([...args, "--confirmations", "1", "--json"], { LOCAL_RPC_URL: node.url });
      expect(finished.code, finished.stderr).to.equal(0);
      const ticket = (jsonResult(deployed) as { contracts: { ticket: string } }).contracts.ticket;
      const supply = await node.rpc<string>("eth_call", [
        { to: ticket, data: id("totalMinted()").slice(0, 10) },
        "latest",
      ]);
      expect(BigInt(supply)).to.equal(2n);
    } finally {
      await node.stop();
    }
  });

  describe("bad input is refused in one line, and nothing is sent", function () {
    let node: LocalNode;
    before(async function () {
      node = await startLocalNode({ kind: "anvil", chainId: CHAIN_IDS.bad });
    });
    after(async function () {
      await node?.stop();
    });

    const sample = () => readFile("metadata/event.json", "utf8");
    const cases: [string, (text: string) => string, RegExp][] = [
      [
        "malformed JSON, with line and column",
        (t) => t.replace('"cap": 5000,', '"cap": 5000'),
        /:\d+:\d+: malformed JSON/,
      ],
      ["an unknown field", (t) => t.replace('"gates": []', '"gate": []'), /gate: unknown field/],
      [
        "an address with a bad checksum",
        (t) => t.replace('"gates": []', `"gates": ["${GATES[0]!.replace("C", "c")}"]`),
        /gates\.0 .*checksum/,
      ],
      [
        "the zero address",
        (t) => t.replace('"gates": []', '"gates": [], "admin": "0x0000000000000000000000000000000000000000"'),
        /admin .*zero address/,
      ],
      ["cap 0", (t) => t.replace('"cap": 5000', '"cap": 0'), /cap 0: must be at least 1/],
      [
        "a cap above the token ID bound",
        (t) => t.replace('"cap": 5000', '"cap": 4294967295'),
        /cap 4294967295: must be at most/,
      ],
      [
        "an end before the start",
        (t) => t.replace('"end": "2022-05-20T18:00:00+08:00"', '"end": "2022-05-19T18:00:00+08:00"'),
        /end .*must be after the start/,
      ],
      [
        "a salt that is not 32 bytes",
        (t) => t.replace(/"salt": "0x[0-9a-f]{64}"/, '"salt": "0x1234"'),
        /salt .*32 bytes/,
      ],
      [
        "a royalty above 10%",
        (t) => t.replace('"baseURI"', `"royalty": { "receiver": "${GATES[0]}", "bps": 2500 }, "baseURI"`),
        /royalty\.bps 2500: must be at most 1000/,
      ],
      [
        "texts the ticket art cannot draw yet",
        (t) => t.replace('"en": "China Internet Charity Summit"', '"en": "2022中国互联网公益峰会"'),
        /name\.en .*cannot draw/,
      ],
      [
        "a Chinese character the ticket's font lacks, naming it",
        (t) => t.replace('"zh": "2022中国互联网公益峰会"', '"zh": "2022中国互联网公益峰会𠀀"'),
        /name\.zh .*has no "𠀀" \(U\+20000\)/,
      ],
    ];
    for (const [what, edit, pattern] of cases) {
      it(`refuses ${what}`, async function () {
        const file = path.join(dir, `bad-${what.replace(/\W+/g, "-")}.json`);
        await writeFile(file, edit(await sample()));
        const before = await nonceOf(node);
        expectOneLineError(await cli(node, ["event", "deploy", "--event", file, "--yes", "--json"]), pattern);
        expect(await nonceOf(node)).to.equal(before);
        await rm(recordOf(CHAIN_IDS.bad), { recursive: true, force: true });
      });
    }

    it("refuses a deployer without funds for the plan's estimate", async function () {
      await node.rpc("anvil_setBalance", [DEPLOYER, "0x38d7ea4c68000" /* 0.001 ether */]);
      const before = await nonceOf(node);
      const result = await cli(node, [
        "event",
        "deploy",
        "--event",
        "metadata/event.json",
        "--yes",
        "--json",
      ]);
      expectOneLineError(result, /deployer 0xf39F.* may cost up to/);
      expect(await nonceOf(node)).to.equal(before);
    });
  });
});
