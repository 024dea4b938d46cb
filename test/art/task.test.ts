import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { describeFull } from "../support/full.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const hardhatCli = path.join(root, "node_modules", "hardhat", "dist", "src", "cli.js");

/** Runs `hardhat tickets art …` in a child process; resolves with its exit code and output. */
async function ticketsArt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [hardhatCli, "tickets", "art", ...args], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describeFull("npx hardhat tickets art", function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "papercut-task-"));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exports and prints exactly one JSON object under --json, progress on stderr", async function () {
    const out = path.join(dir, "out");
    const { code, stdout, stderr } = await ticketsArt([
      "--count",
      "2",
      "--previews",
      "0",
      "--out",
      out,
      "--json",
    ]);
    expect(code, stderr).to.equal(0);
    const result = JSON.parse(stdout) as { ok: boolean; count: number; rootCid: string; baseURI: string };
    expect(result.ok).to.equal(true);
    expect(result.count).to.equal(2);
    expect(result.baseURI).to.match(/^ipfs:\/\/bafy[a-z2-7]+\/$/);
    expect(stderr).to.include("art 2/2");
    expect(readdirSync(path.join(out, "images")).sort()).to.deep.equal(["1.svg", "2.svg"]);
  });

  it("fails on a bad count with one line and no stack trace, writing nothing", async function () {
    const out = path.join(dir, "bad");
    const { code, stdout, stderr } = await ticketsArt(["--count", "0", "--out", out]);
    expect(code).to.not.equal(0);
    expect(stderr.trim().split("\n")[0]).to.match(/^error: invalid count 0/);
    expect(stderr).to.not.match(/^\s+at /m);
    expect(stdout).to.equal("");
    expect(readdirSync(dir)).to.not.include("bad");
  });

  it("fails on a malformed salt with one line", async function () {
    const { code, stderr } = await ticketsArt([
      "--count",
      "1",
      "--salt",
      "0xabc",
      "--out",
      path.join(dir, "s"),
    ]);
    expect(code).to.not.equal(0);
    expect(stderr).to.match(/^error: invalid salt "0xabc"/);
    expect(stderr).to.not.match(/^\s+at /m);
  });
});
