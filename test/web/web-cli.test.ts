import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Wallet } from "ethers";

import { runCli, type CliResult } from "../support/cli.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { deployTicketOn } from "../support/tickets.js";

/** One line on stderr, naming the option and the value; no stack trace; exit code 1. */
function expectOneLineError(result: CliResult, ...parts: string[]): void {
  expect(result.code, result.stdout + result.stderr).to.equal(1);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).to.have.length(1);
  for (const part of parts) expect(lines[0]).to.include(part);
  expect(result.stderr).to.not.match(/\n\s+at |Error:/);
}

describe("tickets web: bad input is refused in one line, and nothing is built", function () {
  this.timeout(300_000);
  let node: LocalNode;
  let ticket: string;
  let out: string;

  before(async function () {
    node = await startLocalNode({ kind: "hardhat" });
    ticket = await deployTicketOn(node.url);
    out = path.join(await mkdtemp(path.join(tmpdir(), "papercut-web-cli-")), "dist");
  });

  after(async function () {
    await node?.stop();
  });

  const web = (args: string[]) =>
    runCli(["tickets", "web", "--network", "localhost", "--out", out, ...args], { LOCAL_RPC_URL: node.url });

  it("an event file that does not exist", async function () {
    const missing = path.join(tmpdir(), "no-such-event-file.json");
    expectOneLineError(
      await web(["--contract", ticket, "--event", missing]),
      "--event",
      missing,
      "no such file",
    );
    expect(existsSync(out)).to.equal(false);
  });

  it("an event file that is not valid, named by file and field", async function () {
    const file = path.join(path.dirname(out), "event.json");
    await writeFile(file, JSON.stringify({ name: { zh: "活动" } }));
    const result = await web(["--contract", ticket, "--event", file]);
    // One line per problem (the event file check reports them all at once), each naming file, line and field.
    expect(result.code, result.stderr).to.equal(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines.length).to.be.greaterThan(1);
    for (const line of lines)
      expect(line).to.match(
        new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: [a-zA-Z.]+`),
      );
    expect(result.stderr).to.not.match(/\n\s+at /);
    expect(existsSync(out)).to.equal(false);
  });

  it("a contract that is not an address, or has no code", async function () {
    expectOneLineError(await web(["--contract", "0x1234"]), "--contract", "0x1234", "not an address");
    const empty = Wallet.createRandom().address;
    expectOneLineError(await web(["--contract", empty]), "--contract", empty, "no contract");
    expect(existsSync(out)).to.equal(false);
  });

  it("a public RPC URL that is not http(s), and the in-process network", async function () {
    expectOneLineError(
      await web(["--contract", ticket, "--public-rpc-url", "ftp://example.org"]),
      "--public-rpc-url",
      "ftp://example.org",
    );
    const inProcess = await runCli(["tickets", "web", "--out", out]);
    expectOneLineError(inProcess, "in-process network");
    expect(existsSync(out)).to.equal(false);
  });
});
