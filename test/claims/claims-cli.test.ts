import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";

import PapercutTicketModule from "../../ignition/modules/PapercutTicket.js";

import { planClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { parseLinksCsv, writeLinksCsv } from "../../src/claims/links-csv.js";
import { buildRelayRequest } from "../../src/claims/build-relay-request.js";
import { parseClaimLink } from "../../src/claims/parse-claim-link.js";
import { freePort, rpc, startLocalNode, type LocalNode } from "../support/local-node.js";
import { FULL, describeFull } from "../support/full.js";

/** A chain id of its own, so the test's Ignition journal never touches a developer's chain-31337 one. */
const CHAIN_ID = 71337;
const JOURNAL = path.resolve("ignition", "deployments", `chain-${CHAIN_ID}`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npx hardhat tickets …` as an operator runs it, against a real node. Quick runs cover create, submit and a
 * used link; `PAPERCUT_FULL=1` adds revoke, status, expiry and the relay task (each command is a process start).
 */
describeFull("tickets claims tasks against a real node", function () {
  let node: LocalNode;
  let dir: string;

  before(async function () {
    await rm(JOURNAL, { recursive: true, force: true });
    node = await startLocalNode({ chainId: CHAIN_ID });
    dir = await mkdtemp(path.join(tmpdir(), "papercut-claims-"));
  });

  after(async function () {
    await node?.stop();
    await rm(JOURNAL, { recursive: true, force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs the CLI; `input` is written to its standard input (else it reads nothing there). */
  function hardhat(
    args: string[],
    { input, env = {} }: { input?: string; env?: Record<string, string> } = {},
  ) {
    return new Promise<Run>((resolve) => {
      const child = spawn("npx", ["hardhat", ...args, "--network", "localhost"], {
        env: { ...process.env, LOCAL_RPC_URL: node.url, ...env },
        stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      child.stdin?.end(input);
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  const json = (run: Run) => JSON.parse(run.stdout) as Record<string, unknown>;
  let links: string[] = [];
  let file: string;

  it("creates links: deploys the claims contract, commits the batch, writes the CSV with the only copy", async function () {
    // The ticket as `tickets deploy` would deploy it (same Ignition module and journal), without a process start.
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    await connection.ignition.deploy(PapercutTicketModule, { displayUi: false });
    await connection.close();

    file = path.join(dir, "links.csv");
    const emails = path.join(dir, "emails.csv");
    await writeFile(emails, "email\nann@example.org\nbo@example.org\ncy@example.org\n");
    const created = await hardhat([
      "tickets",
      "claims",
      "create",
      "--emails",
      emails,
      "--url-template",
      "https://tickets.example.org/claim",
      "--out",
      file,
      "--yes",
      "--json",
    ]);
    expect(created.code, created.stderr).to.equal(0);
    const result = json(created);
    links = result.links as string[];
    expect(links).to.have.length(3);
    expect(result.batchId).to.equal("1");
    expect(result.deployedClaims).to.equal(true);
    expect(result.root).to.match(/^0x[0-9a-f]{64}$/);
    expect(result.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(created.stderr).to.include("exist ONLY in that file");
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const rows = parseLinksCsv(await readFile(file, "utf8"), file);
    expect(rows.map((r) => r.email)).to.deep.equal(["ann@example.org", "bo@example.org", "cy@example.org"]);
    expect(rows.map((r) => r.url)).to.deep.equal(links);
  });

  it("create --resume reads the links file in pieces: a committed batch sends nothing; a bad row deep in a 20,000-row file is named and nothing is sent", async function () {
    const blockNumber = async () => Number(await rpc(node.url, "eth_blockNumber", []));
    const before = await blockNumber();
    const resumed = await hardhat(["tickets", "claims", "create", "--resume", file, "--yes", "--json"]);
    expect(resumed.code, resumed.stderr).to.equal(0);
    expect(json(resumed)).to.deep.include({
      ok: true,
      batchId: "1",
      alreadyCommitted: true,
      txHash: null,
      links,
    });
    expect(resumed.stderr).to.include("was already committed with this root: nothing sent");

    // 20,000 links of a batch not on the chain (it would be committed if the file were read as good), row
    // 17,321 with a damaged claim address: at 8 MiB pieces, far past the first piece of a real batch's rows.
    const plan = planClaimBatch({
      count: 50,
      batchId: 2n,
      chainId: BigInt(CHAIN_ID),
      contract: Wallet.createRandom().address,
      urlTemplate: "https://tickets.example.org/claim",
    });
    const bad = path.join(dir, "bad-deep.csv");
    await writeLinksCsv({
      file: bad,
      count: 20_000,
      row: (i) => ({
        ...plan.row(i % 50),
        index: BigInt(i),
        email: `参会者${i}@例子.中国`,
        ...(i === 17_321 ? { claimAddress: "0xdamaged" } : {}),
      }),
    });
    const line = 17_321 + 2;
    const runs = [
      await hardhat(["tickets", "claims", "create", "--resume", bad, "--yes", "--json"]),
      await hardhat([
        "tickets",
        "claims",
        "revoke",
        "--batch",
        "1",
        "--links",
        bad,
        "--email",
        "参会者3@例子.中国",
        "--yes",
      ]),
      await hardhat(["tickets", "claims", "status", "--links", bad]),
    ];
    for (const run of runs) {
      expect(run.code, run.stderr).to.equal(1);
      expect(run.stderr).to.match(
        new RegExp(`^error: .*bad-deep\\.csv line ${line}: claim_address is not an address`, "m"),
      );
      expect(run.stderr).not.to.include("    at ");
    }
    expect(await blockNumber()).to.equal(before);
  });

  (FULL ? it : it.skip)(
    "never overwrites a links file: it may hold the only copy of earlier secrets",
    async function () {
      const again = await hardhat(["tickets", "claims", "create", "--count", "1", "--out", file, "--yes"]);
      expect(again.code).to.equal(1);
      expect(again.stderr).to.match(/^error: .*links\.csv exists/m);
      expect(again.stderr).not.to.include("    at ");
    },
  );

  it("submits a link read from standard input, and exits non-zero when it is used (link from the environment)", async function () {
    const to = Wallet.createRandom().address;
    const submit = ["tickets", "claims", "submit", "--to", to, "--yes", "--json"];
    // The secret never goes on the command line (process list, shell history): --link is gone.
    const onArgv = await hardhat([...submit, "--link", links[0]!]);
    expect(onArgv.code).not.to.equal(0);
    const none = await hardhat(submit);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.match(
      /^error: no claim link: give it on standard input or in PAPERCUT_CLAIM_LINK/m,
    );
    expect(none.stderr).not.to.include("    at ");

    const ok = await hardhat(submit, { input: `${links[0]!}\n` });
    expect(ok.code, ok.stderr).to.equal(0);
    const result = json(ok);
    expect([result.recipient, result.firstTokenId]).to.deep.equal([to, "1"]);
    expect(ok.stdout + ok.stderr).not.to.include(links[0]!.split("k=")[1]!.slice(0, 20)); // the key is never echoed

    const used = await hardhat(submit, { env: { PAPERCUT_CLAIM_LINK: links[0]! } });
    expect(used.code).to.equal(1);
    expect(used.stderr).to.match(/^error: claim link 1\/0 was already used/m);
    expect(used.stderr).not.to.include("    at ");
    expect(json(used)).to.deep.include({ ok: false });
  });

  (FULL ? it : it.skip)(
    "revokes a link by email, reports statuses, and submit exits non-zero",
    async function () {
      const revoked = await hardhat([
        "tickets",
        "claims",
        "revoke",
        "--batch",
        "1",
        "--links",
        file,
        "--email",
        "bo@example.org",
        "--yes",
        "--json",
      ]);
      expect(revoked.code, revoked.stderr).to.equal(0);
      expect(json(revoked).revoked).to.deep.equal(["1"]);

      const refused = await hardhat(
        ["tickets", "claims", "submit", "--to", Wallet.createRandom().address, "--yes"],
        { env: { PAPERCUT_CLAIM_LINK: links[1]! } },
      );
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(/^error: claim link 1\/1 was revoked/m);

      const status = await hardhat(["tickets", "claims", "status", "--links", file, "--json"]);
      expect(status.code, status.stderr).to.equal(0);
      const s = json(status) as {
        batches: { claimedLinks: string; links: string }[];
        links: { status: string }[];
      };
      expect(s.links.map((l) => l.status)).to.deep.equal(["claimed", "revoked", "open"]);
      expect([s.batches[0]!.claimedLinks, s.batches[0]!.links]).to.deep.equal(["1", "3"]);
      expect(status.stdout).not.to.include("k=");
    },
  );

  (FULL ? it : it.skip)("an expired link makes submit exit non-zero", async function () {
    const latest = (await rpc(node.url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    const expires = String(Number(latest.timestamp) + 3600);
    const created = await hardhat([
      "tickets",
      "claims",
      "create",
      "--count",
      "1",
      "--expires",
      expires,
      "--out",
      path.join(dir, "soon.csv"),
      "--yes",
      "--json",
    ]);
    expect(created.code, created.stderr).to.equal(0);
    await rpc(node.url, "evm_increaseTime", [7200]);
    await rpc(node.url, "evm_mine");
    const [link] = json(created).links as string[];
    const expired = await hardhat(
      ["tickets", "claims", "submit", "--to", Wallet.createRandom().address, "--yes"],
      { input: link! },
    );
    expect(expired.code).to.equal(1);
    expect(expired.stderr).to.match(/^error: claim link 2\/0 expired/m);
  });

  (FULL ? it : it.skip)("relays a claim posted over HTTP and stops gracefully on SIGINT", async function () {
    const port = await freePort();
    const child = spawn(
      "npx",
      [
        "hardhat",
        "tickets",
        "claims",
        "relay",
        "--port",
        String(port),
        "--spending-cap",
        "0.01",
        "--state-dir",
        path.join(dir, "state"),
        "--yes",
        "--json",
        "--network",
        "localhost",
      ],
      { env: { ...process.env, LOCAL_RPC_URL: node.url }, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const deadline = Date.now() + 120_000;
      while (!stderr.includes("listening on") && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stderr, stderr).to.include(`listening on http://127.0.0.1:${port}`);
      const to = Wallet.createRandom().address;
      const { url, init } = buildRelayRequest({
        link: parseClaimLink(links[2]!),
        recipient: to,
        relayerUrl: `http://127.0.0.1:${port}`,
      });
      const res = await fetch(url, init);
      expect(res.status, stderr).to.equal(200);
      expect(((await res.json()) as { firstTokenId: string }).firstTokenId).to.match(/^\d+$/);
    } finally {
      try {
        process.kill(-child.pid!, "SIGINT");
      } catch {
        // already exited: the assertions below say why
      }
    }
    // Ctrl-C reaches the whole process group: npx itself dies of the signal (no exit code); what matters is that
    // the relayer finished its work and printed its summary.
    await closed;
    expect(stderr).to.include("Relayer stopped: 1 claim(s) relayed");
    const summary = JSON.parse(stdout) as { claimed: number; spentWei: string };
    expect(summary.claimed).to.equal(1);
    expect(BigInt(summary.spentWei)).to.be.greaterThan(0n);
    expect(stderr).to.include("SIGINT");
    // What it spent is journaled, so a restarted relayer starts from it (src/claims/spending-cap.ts).
    const journal = await readdir(path.join(dir, "state", "relay", `chain-${CHAIN_ID}`));
    expect(journal.filter((f) => f.endsWith(".spending.jsonl"))).to.have.length(1);
  });
});
