import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, Wallet, type ContractTransactionResponse } from "ethers";

import { ticketAbi } from "../../src/chain/abis.js";
import { jsonResult, runCli, startCli, type CliResult } from "../support/cli.js";
import { startFaultProxy } from "../support/fault-proxy.js";
import { setIntervalMining, startLocalNode, type LocalNode, type NodeKind } from "../support/local-node.js";
import { killGroup, REPO_ROOT, sleep } from "../support/processes.js";
import {
  DEV_KEY_0,
  deployTicketOn,
  exactlyOnceProblems,
  localProvider,
  writeAttendees,
} from "../support/tickets.js";
import { UNDER_COVERAGE } from "../support/coverage.js";
import { FULL } from "../support/full.js";

/**
 * The real CLI (`hardhat tickets airdrop …`) as a child process against real nodes on loopback: minutes of node
 * and process start-ups, so it runs under `npm run test:full` (PAPERCUT_FULL=1, 2,000-row runs) and not in
 * `npm test` (where the in-process `sendIssuance` suite covers the same decisions). The light cases below (300
 * rows) are what a run of this file alone with `describe` in place of the FULL gate would use.
 */
const DEV_ACCOUNT_0 = new Wallet(DEV_KEY_0).address;

interface Env {
  node: LocalNode;
  contract: string;
  dir: string;
  stateDir: string;
}

async function setUp(kind: NodeKind, blockTimeMs?: number, cap = 5000n): Promise<Env> {
  const node = await startLocalNode({ kind, blockTimeMs });
  try {
    const contract = await deployTicketOn(node.url, { cap });
    const dir = mkdtempSync(path.join(tmpdir(), "papercut-cli-"));
    return { node, contract, dir, stateDir: path.join(dir, "state") };
  } catch (error) {
    await node.stop();
    throw error;
  }
}

function airdropArgs(env: Env, file: string, extra: string[] = []) {
  return [
    "tickets",
    "airdrop",
    "--network",
    "localhost",
    "--attendees",
    file,
    "--contract",
    env.contract,
    "--state-dir",
    env.stateDir,
    "--poll-interval",
    "250",
    "--yes",
    "--json",
    ...extra,
  ];
}

function journalFiles(stateDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(stateDir);
  return out;
}

function countAttempts(stateDir: string): number {
  return journalFiles(stateDir)
    .filter((f) => f.endsWith(".jsonl"))
    .reduce(
      (n, f) =>
        n +
        readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l.includes('"t":"attempt"')).length,
      0,
    );
}

function explain(result: CliResult): string {
  return `exit ${result.code} ${result.signal ?? ""}\n--- stdout:\n${result.stdout.slice(-3000)}\n--- stderr:\n${result.stderr.slice(-3000)}`;
}

/** Runs the same command until it reports done (bounded), returning every run. */
async function runUntilDone(
  args: string[],
  env: Record<string, string> = {},
  maxRuns = 4,
): Promise<CliResult[]> {
  const runs: CliResult[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const result = await runCli(args, env);
    runs.push(result);
    if (result.code === 0) return runs;
  }
  throw new Error(`not done after ${maxRuns} runs:\n${explain(runs.at(-1)!)}`);
}

(UNDER_COVERAGE || !FULL ? describe.skip : describe)(
  "tickets airdrop: the real CLI against real nodes",
  function () {
    this.timeout(FULL ? 1_800_000 : 600_000);

    describe("kill and resume, interval mining (one block per second)", function () {
      const cases: { kind: NodeKind; rows: number; maxBatch: number; random: number }[] = FULL
        ? [
            // Gas-sized batches of the compact roster hold ~1,200 tickets: capped so a run has 23 batches to die in.
            { kind: "hardhat", rows: 2000, maxBatch: 100, random: 9 },
            { kind: "anvil", rows: 2000, maxBatch: 100, random: 9 },
          ]
        : [{ kind: "hardhat", rows: 300, maxBatch: 40, random: 1 }];

      for (const c of cases) {
        it(`${c.kind} node, ${c.rows} rows: every row gets exactly its tickets after SIGINT, SIGKILL at forced points and up to ${c.random} random SIGKILLs`, async function () {
          const env = await setUp(c.kind, 1000);
          try {
            const list = writeAttendees(env.dir, c.rows);
            const args = airdropArgs(
              env,
              list.file,
              c.maxBatch > 0 ? ["--max-batch-size", String(c.maxBatch)] : [],
            );
            const tried: string[] = [];

            // 1. Ctrl-C: stops cleanly after the current transaction and says how to resume.
            const first = startCli(args, { LOCAL_RPC_URL: env.node.url });
            await waitUntil(() => /batch 1:/.test(first.output()), 120_000);
            process.kill(first.child.pid!, "SIGINT");
            const stopped = await first.done;
            expect(stopped.code, explain(stopped)).to.equal(130);
            expect(stopped.stdout + stopped.stderr).to.contain("Run the same command to resume");
            tried.push("SIGINT after batch 1");

            // 2. Forced kill points: journaled but not broadcast; broadcast but not seen mined; mined but not journaled.
            // (The Ctrl-C run may have finished batch 2 too, so these start at batch 3.)
            const forced = FULL
              ? ["after-broadcast:3", "before-broadcast:4", "after-mined:5", "before-broadcast:6"]
              : ["before-broadcast:4", "after-mined:6"];
            for (const point of forced) {
              const result = await runCli(args, { LOCAL_RPC_URL: env.node.url, PAPERCUT_FAILPOINT: point });
              expect(result.signal, explain(result)).to.equal("SIGKILL");
              tried.push(`SIGKILL at ${point}`);
            }

            // 3. Random kills while sending: after a random number of journaled transactions plus random jitter.
            for (let k = 0, attempts = 0; k < c.random && attempts < c.random * 3; attempts++) {
              const base = countAttempts(env.stateDir);
              const target = base + 1 + Math.floor(Math.random() * 2);
              const jitter = Math.floor(Math.random() * 1200);
              const run = startCli(args, { LOCAL_RPC_URL: env.node.url });
              const reached = await waitUntil(
                () => countAttempts(env.stateDir) >= target || run.child.exitCode !== null,
                120_000,
              );
              if (reached && run.child.exitCode === null) {
                await sleep(jitter);
                await killGroup(run.child);
              }
              const result = await run.done;
              if (result.signal === "SIGKILL") {
                k++;
                tried.push(`SIGKILL ${jitter} ms after journaled transaction ${target}`);
              } else break; // it finished first: nothing left to interrupt
            }

            // 4. The same command until it reports done.
            const runs = await runUntilDone(args, { LOCAL_RPC_URL: env.node.url });
            const done = jsonResult(runs.at(-1)!);
            expect(done.ok).to.equal(true);
            expect(done.ticketsIssued).to.equal(list.tickets);
            console.log(`      kill points tried (${tried.length}): ${tried.join("; ")}`);
            expect(tried.length).to.be.at.least(FULL ? 10 : 3);

            // 5. The chain: every row has exactly its quantity, nobody else has any, totals agree.
            expect(await exactlyOnceProblems(env.node.url, env.contract, list.expected)).to.deep.equal([]);
            const report = JSON.parse(readFileSync((done.report as { json: string }).json, "utf8")) as {
              rows: { tokenIds: string[]; quantity: number }[];
            };
            expect(report.rows).to.have.length(c.rows);
            expect(report.rows.every((r) => r.tokenIds.length === r.quantity)).to.equal(true);
            const ids = report.rows.flatMap((r) => r.tokenIds);
            expect(new Set(ids).size).to.equal(list.tickets);

            const status = jsonResult(
              await runCli(
                [
                  "tickets",
                  "status",
                  "--network",
                  "localhost",
                  "--contract",
                  env.contract,
                  "--state-dir",
                  env.stateDir,
                  "--json",
                ],
                {
                  LOCAL_RPC_URL: env.node.url,
                },
              ),
            );
            expect([status.minted, status.holders, status.paused]).to.deep.equal([
              String(list.tickets),
              list.expected.size,
              false,
            ]);
            expect((status.airdrops as { done: boolean }[])[0]!.done).to.equal(true);
          } finally {
            await env.node.stop();
          }
        });
      }
    });

    describe("flaky RPC through the fault proxy", function () {
      const cases: { kind: NodeKind; rows: number; rate: number; blockTimeMs?: number }[] = FULL
        ? [
            { kind: "anvil", rows: 2000, rate: 0.25 },
            { kind: "hardhat", rows: 2000, rate: 0.25, blockTimeMs: 1000 },
          ]
        : [{ kind: "anvil", rows: 300, rate: 0.25 }];
      for (const c of cases) {
        it(`${c.kind}, ${c.rows} rows, ${c.rate * 100}% of requests faulted: completes exactly once`, async function () {
          const env = await setUp(c.kind, c.blockTimeMs);
          // The first broadcast's answer is always lost after the node took it: the uncertain send, for sure.
          const proxy = await startFaultProxy({
            target: env.node.url,
            faultRate: c.rate,
            seed: 2026,
            firstSendFault: "drop-response",
          });
          try {
            const list = writeAttendees(env.dir, c.rows, { seed: "flaky" });
            const runs = await runUntilDone(
              airdropArgs(env, list.file, ["--max-batch-size", FULL ? "100" : "60"]),
              {
                LOCAL_RPC_URL: `${proxy.url}/rpc`,
              },
            );
            const done = jsonResult(runs.at(-1)!);
            console.log(
              `      ${runs.length} run(s); proxy: ${proxy.stats.requests} requests, faults ${JSON.stringify(proxy.stats.faults)}, ` +
                `${proxy.stats.sendFaults} on sends; client retries ${String(done.rpcRetries)}`,
            );
            expect(runs.length).to.be.at.most(2);
            expect(proxy.stats.sendFaults).to.be.greaterThan(0);
            expect(done.ticketsIssued).to.equal(list.tickets);
            expect(await exactlyOnceProblems(env.node.url, env.contract, list.expected)).to.deep.equal([]);
          } finally {
            await proxy.stop();
            await env.node.stop();
          }
        });
      }
    });

    describe("a node whose receipts and logs trail its state (through a lagging proxy)", function () {
      const cases: { kind: NodeKind; rows: number }[] = FULL
        ? [
            { kind: "anvil", rows: 2000 },
            { kind: "hardhat", rows: 2000 },
          ]
        : [{ kind: "anvil", rows: 300 }];
      for (const c of cases) {
        it(`${c.kind}, ${c.rows} rows: finishes in one run although each batch shows issued before its receipt is served`, async function () {
          const env = await setUp(c.kind);
          // Each new block's receipts, logs and number are served 1.5 s after the proxy first sees the block;
          // eth_call sees the new state at once (the order a busy node or a load-balanced endpoint can show).
          const proxy = await startFaultProxy({ target: env.node.url, faultRate: 0, lagIndexesMs: 1500 });
          try {
            const list = writeAttendees(env.dir, c.rows, { seed: "lag" });
            const run = await runCli(airdropArgs(env, list.file, ["--max-batch-size", FULL ? "400" : "60"]), {
              LOCAL_RPC_URL: `${proxy.url}/rpc`,
            });
            expect(run.code, explain(run)).to.equal(0);
            const done = jsonResult(run);
            expect(done.ticketsIssued).to.equal(list.tickets);
            expect(done.transactionsSentThisRun).to.equal(done.transactions);
            expect(
              proxy.lag.hiddenReceipts,
              "the node hid receipts of blocks whose state it served",
            ).to.be.greaterThan(0);
            expect(run.stderr).to.not.contain("issued differently");
            expect(await exactlyOnceProblems(env.node.url, env.contract, list.expected)).to.deep.equal([]);
          } finally {
            await proxy.stop();
            await env.node.stop();
          }
        });
      }
    });

    describe("a pending transaction dropped from the node's pool", function () {
      const kinds: NodeKind[] = FULL ? ["anvil", "hardhat"] : ["anvil"];
      for (const kind of kinds) {
        it(`${kind}: detected and sent again; every row issued once`, async function () {
          const env = await setUp(kind);
          try {
            const list = writeAttendees(env.dir, 60, { seed: "drop" });
            await env.node.rpc("evm_setAutomine", [false]);
            const run = startCli(airdropArgs(env, list.file, ["--max-batch-size", "30"]), {
              LOCAL_RPC_URL: env.node.url,
            });
            const provider = localProvider(env.node.url);
            let dropped: string | undefined;
            await waitUntil(async () => {
              const block = (await provider.send("eth_getBlockByNumber", ["pending", true])) as {
                transactions: { hash: string; from: string }[];
              } | null;
              dropped = block?.transactions.find(
                (t) => t.from.toLowerCase() === DEV_ACCOUNT_0.toLowerCase(),
              )?.hash;
              return dropped !== undefined || run.child.exitCode !== null;
            }, 120_000);
            expect(dropped, run.output()).to.be.a("string");
            await env.node.rpc(kind === "anvil" ? "anvil_dropTransaction" : "hardhat_dropTransaction", [
              dropped,
            ]);
            await setIntervalMining(env.node, 1000);
            const result = await Promise.race([run.done, sleep(180_000).then(() => undefined)]);
            provider.destroy();
            if (result === undefined) {
              await killGroup(run.child);
              expect.fail(`the airdrop did not finish after the drop:\n${run.output().slice(-3000)}`);
            }
            expect(result.code, explain(result)).to.equal(0);
            const done = jsonResult(result);
            expect(done.rebroadcasts).to.be.greaterThan(0);
            expect(await exactlyOnceProblems(env.node.url, env.contract, list.expected)).to.deep.equal([]);
          } finally {
            await env.node.stop();
          }
        });
      }
    });

    describe("bad attendee files: the right error, and the node sees no transaction", function () {
      interface CorpusCase {
        file: string;
        strict: boolean;
        issues: { kind: string; line: number }[];
      }
      const corpus = (
        JSON.parse(readFileSync(path.join(REPO_ROOT, "test/fixtures/attendees/corpus.json"), "utf8")) as {
          corpus: CorpusCase[];
        }
      ).corpus;
      const chosen = FULL
        ? corpus
        : corpus.filter((c) =>
            [
              "bad-checksum.csv",
              "bad-many-problems.csv",
              "bad-unclosed-quote.csv",
              "bad-duplicates-strict.csv",
            ].includes(c.file),
          );

      let env: Env;
      let baseline: { block: string; nonce: string };
      before(async function () {
        env = await setUp("anvil", undefined, 3n);
        baseline = {
          block: await env.node.rpc<string>("eth_blockNumber"),
          nonce: await env.node.rpc<string>("eth_getTransactionCount", [DEV_ACCOUNT_0, "pending"]),
        };
      });
      after(async function () {
        await env?.node.stop();
      });

      async function expectNothingSent() {
        expect(await env.node.rpc<string>("eth_blockNumber")).to.equal(baseline.block);
        expect(await env.node.rpc<string>("eth_getTransactionCount", [DEV_ACCOUNT_0, "pending"])).to.equal(
          baseline.nonce,
        );
        expect(existsSync(env.stateDir) ? journalFiles(env.stateDir) : []).to.deep.equal([]);
      }

      for (const c of chosen) {
        it(`${c.file}`, async function () {
          const file = path.join(REPO_ROOT, "test/fixtures/attendees", c.file);
          const result = await runCli(airdropArgs(env, file, c.strict ? ["--strict"] : []), {
            LOCAL_RPC_URL: env.node.url,
          });
          expect(result.code, explain(result)).to.equal(1);
          expect(jsonResult(result)).to.deep.include({ ok: false });
          const lines = result.stderr.trim().split("\n");
          expect(lines[0]).to.match(/^error: .*nothing was sent$/);
          for (const issue of c.issues) {
            expect(result.stderr).to.contain(issue.line > 0 ? `line ${issue.line}:` : "file:");
          }
          expect(result.stderr).to.not.match(/^\s+at /m); // no stack trace
          await expectNothingSent();
        });
      }

      it("more tickets than remain under the cap", async function () {
        const list = writeAttendees(env.dir, 4, { seed: "over" });
        const result = await runCli(airdropArgs(env, list.file), { LOCAL_RPC_URL: env.node.url });
        expect(result.code, explain(result)).to.equal(1);
        expect(result.stderr).to.match(/^error: .*5 tickets requested but only 3 remain/m);
        await expectNothingSent();
      });
    });

    (FULL ? it : it.skip)(
      "refuses a second attendee file while another airdrop to the contract is unfinished",
      async function () {
        const env = await setUp("anvil");
        try {
          const dir = path.join(env.stateDir, "journal", "chain-31337", env.contract.toLowerCase());
          mkdirSync(dir, { recursive: true });
          const plan = { t: "plan", v: 1, file: "first.csv", fileHash: "a".repeat(64), counts: [1] };
          writeFileSync(path.join(dir, `${"a".repeat(64)}.jsonl`), JSON.stringify(plan) + "\n");
          const list = writeAttendees(env.dir, 5, { seed: "second" });
          const result = await runCli(airdropArgs(env, list.file), { LOCAL_RPC_URL: env.node.url });
          expect(result.code, explain(result)).to.equal(1);
          expect(result.stderr).to.match(
            /^error: an airdrop of first\.csv to this contract is not finished; nothing was sent/m,
          );
          expect(await env.node.rpc<string>("eth_getTransactionCount", [DEV_ACCOUNT_0, "pending"])).to.equal(
            "0x1",
          );
        } finally {
          await env.node.stop();
        }
      },
    );

    describe("a claim (a mint not of this airdrop) between two batches, then a re-plan", function () {
      it("anvil: the resumed airdrop moves past the claim and serves every row once; with its journal set aside it issues nothing again; --allow-repeat issues every row once more", async function () {
        const env = await setUp("anvil");
        const provider = localProvider(env.node.url);
        try {
          const list = writeAttendees(env.dir, 60, { seed: "claims-between" });
          const args = (extra: string[] = []) =>
            airdropArgs(env, list.file, ["--max-batch-size", "20", ...extra]);
          // The airdrop dies right after its first batch is mined (SIGKILL: nothing is cleaned up) ...
          const died = await runCli(args(), {
            LOCAL_RPC_URL: env.node.url,
            PAPERCUT_FAILPOINT: "after-mined:1",
          });
          expect(died.signal ?? died.code, explain(died)).to.not.equal(0);
          // ... and an attendee's claim takes the next token ID (the claims contract is a minter; so is this one).
          const admin = new Wallet(DEV_KEY_0, provider);
          const claimsMinter = Wallet.createRandom().connect(provider);
          await env.node.rpc("anvil_setBalance", [claimsMinter.address, "0x56BC75E2D63100000"]);
          const ticket = new Contract(env.contract, ticketAbi, admin);
          const role = (await ticket.getFunction("MINTER_ROLE")()) as string;
          await (
            (await ticket.getFunction("grantRole")(role, claimsMinter.address)) as ContractTransactionResponse
          ).wait();
          const next = (await ticket.getFunction("nextTokenId")()) as bigint;
          const claimant = Wallet.createRandom().address;
          await (
            (await ticket.connect(claimsMinter).getFunction("airdrop")(next, [
              claimant,
            ])) as ContractTransactionResponse
          ).wait();
          const expected = new Map([...list.expected, [claimant.toLowerCase(), 1]]);

          const resumed = await runCli(args(), { LOCAL_RPC_URL: env.node.url });
          expect(resumed.code, explain(resumed)).to.equal(0);
          expect(jsonResult(resumed).ticketsIssued).to.equal(list.tickets);
          expect(jsonResult(resumed).batchesMovedThisRun).to.equal(1);
          expect(resumed.stderr).to.match(/batch 2: token \d+ was taken by a mint not of this airdrop/);
          expect(await exactlyOnceProblems(env.node.url, env.contract, expected)).to.deep.equal([]);
          const journal = journalFiles(env.stateDir).find((f) => f.endsWith(".jsonl"))!;
          expect(readFileSync(journal, "utf8")).to.contain('"t":"shift"');

          // The journal is set aside (lost, or moved by hand) and the same command runs again: nothing is repeated.
          renameSync(journal, `${journal}.set-aside`);
          const replanned = await runCli(args(), { LOCAL_RPC_URL: env.node.url });
          expect(replanned.code, explain(replanned)).to.equal(0);
          const r = jsonResult(replanned);
          expect([r.ticketsIssuedBefore, r.transactionsSentThisRun]).to.deep.equal([list.tickets, 0]);
          expect(replanned.stderr).to.contain("nothing to issue");
          expect(await exactlyOnceProblems(env.node.url, env.contract, expected)).to.deep.equal([]);

          // On purpose, a second airdrop of the same list: --allow-repeat.
          renameSync(journal, `${journal}.set-aside-2`);
          const repeated = await runCli(args(["--allow-repeat"]), { LOCAL_RPC_URL: env.node.url });
          expect(repeated.code, explain(repeated)).to.equal(0);
          expect(jsonResult(repeated).ticketsIssuedThisRun).to.equal(list.tickets);
          const twice = new Map([...list.expected].map(([a, n]) => [a, 2 * n]));
          expect(
            await exactlyOnceProblems(
              env.node.url,
              env.contract,
              new Map([...twice, [claimant.toLowerCase(), 1]]),
            ),
          ).to.deep.equal([]);
        } finally {
          provider.destroy();
          await env.node.stop();
        }
      });
    });

    describe("secrets", function () {
      it("a canary private key and RPC URL are never printed or written to the journal or report", async function () {
        const env = await setUp("anvil");
        // anvil answers only on "/": a fault-free proxy lets the URL carry a secret path, as hosted RPC URLs do.
        const proxy = await startFaultProxy({ target: env.node.url, faultRate: 0 });
        try {
          const canary = Wallet.createRandom();
          const secretPath = `papercut-url-secret-${Date.now()}`;
          await env.node.rpc("anvil_setBalance", [canary.address, "0x56BC75E2D63100000"]);
          const admin = new Wallet(DEV_KEY_0, localProvider(env.node.url));
          const ticket = new Contract(env.contract, ticketAbi, admin);
          const role = (await ticket.getFunction("MINTER_ROLE")()) as string;
          const grant = (await ticket.getFunction("grantRole")(
            role,
            canary.address,
          )) as ContractTransactionResponse;
          await grant.wait();
          const secrets = {
            SEPOLIA_PRIVATE_KEY: canary.privateKey,
            SEPOLIA_RPC_URL: `${proxy.url}/${secretPath}`,
          };
          const list = writeAttendees(env.dir, 30, { seed: "canary" });
          const args = (file: string, extra: string[] = []) => [
            "tickets",
            "airdrop",
            "--network",
            "sepolia",
            "--attendees",
            file,
            "--contract",
            env.contract,
            "--state-dir",
            env.stateDir,
            "--report",
            path.join(env.dir, "report"),
            "--yes",
            ...extra,
          ];
          // Light: the airdrop and a failing run. Full: also a dry run, a re-run (human output) and `tickets status`.
          const runs = [
            await runCli(args(list.file, ["--json"]), secrets),
            await runCli(
              args(path.join(REPO_ROOT, "test/fixtures/attendees/bad-many-problems.csv")),
              secrets,
            ),
          ];
          if (FULL) {
            runs.push(
              await runCli(args(list.file, ["--dry-run"]), secrets),
              await runCli(args(list.file), secrets),
              await runCli(
                [
                  "tickets",
                  "status",
                  "--network",
                  "sepolia",
                  "--contract",
                  env.contract,
                  "--state-dir",
                  env.stateDir,
                ],
                secrets,
              ),
            );
          }
          expect(
            runs.map((r) => r.code),
            runs.map(explain).join("\n"),
          ).to.deep.equal(FULL ? [0, 1, 0, 0, 0] : [0, 1]);
          expect(jsonResult(runs[0]!).ticketsIssued).to.equal(list.tickets);
          expect(await exactlyOnceProblems(env.node.url, env.contract, list.expected)).to.deep.equal([]);

          const key = canary.privateKey.slice(2).toLowerCase();
          const haystacks = [
            ...runs.flatMap((r) => [r.stdout, r.stderr]),
            ...journalFiles(env.stateDir).map((f) => readFileSync(f, "utf8")),
            readFileSync(path.join(env.dir, "report.csv"), "utf8"),
            readFileSync(path.join(env.dir, "report.json"), "utf8"),
          ];
          expect(haystacks.length).to.be.greaterThan(6);
          for (const text of haystacks) {
            expect(text.toLowerCase()).to.not.contain(key);
            expect(text).to.not.contain(secretPath);
          }
          // The journal holds signed transactions (public once broadcast), so they were signed locally.
          expect(haystacks.some((t) => t.includes('"raw":"0x02'))).to.equal(true);
        } finally {
          await proxy.stop();
          await env.node.stop();
        }
      });
    });
  },
);

async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(100);
  }
  return false;
}
