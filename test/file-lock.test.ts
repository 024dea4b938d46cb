import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { LockTimeoutError, releaseLock, tryLock, withFileLock } from "../src/file-lock.js";
import { startCli } from "./support/cli.js";
import { spawnGroup } from "./support/processes.js";
import { describeFull } from "./support/full.js";

/** The pid of a process that has just exited (so no live process has it, barring reuse within the test). */
async function deadPid(): Promise<number> {
  const child = spawnGroup(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

describe("file locks (src/file-lock.ts)", function () {
  const dir = mkdtempSync(path.join(tmpdir(), "papercut-lock-"));
  let n = 0;
  const freshLock = () => path.join(dir, `l${++n}.lock`);

  it("takes a free lock, writing who holds it; is refused while held; is free again once released", function () {
    const lock = freshLock();
    expect(tryLock(lock)).to.deep.equal({ acquired: true });
    const holder = JSON.parse(readFileSync(lock, "utf8")) as Record<string, unknown>;
    expect(holder).to.include({ pid: process.pid, host: hostname() });
    const again = tryLock(lock);
    expect(again.acquired).to.equal(false);
    expect(again.acquired ? undefined : again.holder?.pid).to.equal(process.pid);
    releaseLock(lock);
    expect(existsSync(lock)).to.equal(false);
    expect(tryLock(lock).acquired).to.equal(true);
    releaseLock(lock);
  });

  it("takes over a lock whose process is gone, in either format (JSON holder, or a bare pid)", async function () {
    const pid = await deadPid();
    for (const content of [JSON.stringify({ pid, host: hostname(), at: "" }), String(pid)]) {
      const lock = freshLock();
      writeFileSync(lock, content);
      expect(tryLock(lock)).to.deep.equal({ acquired: true });
      expect(JSON.parse(readFileSync(lock, "utf8"))).to.include({ pid: process.pid });
      releaseLock(lock);
    }
  });

  it("never takes over a live process's lock, nor another host's (whose process it cannot see)", async function () {
    const child = spawnGroup(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    await new Promise((resolve) => child.once("spawn", resolve));
    try {
      const live = freshLock();
      writeFileSync(live, JSON.stringify({ pid: child.pid, host: hostname(), at: "" }));
      const attempt = tryLock(live);
      expect(attempt.acquired).to.equal(false);
      expect(attempt.acquired ? undefined : attempt.holder?.pid).to.equal(child.pid);
    } finally {
      child.kill("SIGKILL");
    }
    const foreign = freshLock();
    writeFileSync(foreign, JSON.stringify({ pid: await deadPid(), host: `not-${hostname()}`, at: "" }));
    expect(tryLock(foreign).acquired).to.equal(false);
    expect(readFileSync(foreign, "utf8")).to.contain("not-");
  });

  it("waits on a lock it cannot read (being written) and takes it over only once it is old", function () {
    const lock = freshLock();
    writeFileSync(lock, "");
    expect(tryLock(lock)).to.deep.equal({ acquired: false, holder: undefined });
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(lock, old, old);
    expect(tryLock(lock)).to.deep.equal({ acquired: true });
    releaseLock(lock);
  });

  it("withFileLock waits for the holder, then runs; gives up with LockTimeoutError naming the holder", async function () {
    const lock = freshLock();
    expect(tryLock(lock).acquired).to.equal(true);
    let caught: unknown;
    try {
      await withFileLock(lock, () => Promise.resolve("ran"), { timeoutMs: 50, purpose: "test" });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(LockTimeoutError);
    expect((caught as LockTimeoutError).holder?.pid).to.equal(process.pid);
    expect((caught as LockTimeoutError).lock).to.equal(lock);

    setTimeout(() => releaseLock(lock), 100);
    expect(await withFileLock(lock, () => Promise.resolve("ran"), { timeoutMs: 5_000 })).to.equal("ran");
    expect(existsSync(lock), "released after fn").to.equal(false);
    await withFileLock(lock, () => Promise.reject(new Error("boom")), {}).catch(() => undefined);
    expect(existsSync(lock), "released after fn threw").to.equal(false);
  });

  it("a wait that lasts names the holder (after 3 s, then every 15 s), so a long wait is never silent", async function () {
    this.timeout(20_000);
    const lock = freshLock();
    expect(tryLock(lock).acquired).to.equal(true);
    const told: { pid: number | undefined; waitedMs: number }[] = [];
    setTimeout(() => releaseLock(lock), 4_000);
    const result = await withFileLock(lock, () => Promise.resolve("ran"), {
      timeoutMs: 10_000,
      pollMs: 50,
      onWait: (holder, waitedMs) => told.push({ pid: holder?.pid, waitedMs }),
    });
    expect(result).to.equal("ran");
    expect(told).to.have.length(1);
    expect(told[0]!.pid).to.equal(process.pid);
    expect(told[0]!.waitedMs).to.be.within(3_000, 4_000);
  });

  it("gives mutual exclusion between processes, including when they all find a dead process's lock", async function () {
    this.timeout(120_000);
    const lock = freshLock();
    const counter = path.join(dir, "counter.txt");
    writeFileSync(counter, "0");
    writeFileSync(lock, JSON.stringify({ pid: await deadPid(), host: hostname(), at: "" }));
    const rounds = 25;
    // Each child increments the counter `rounds` times by read, pause, write: any overlap loses an increment.
    const script = `
      import { readFileSync, writeFileSync } from "node:fs";
      import { withFileLock } from ${JSON.stringify(path.resolve("src/file-lock.ts"))};
      const [lock, counter, rounds] = process.argv.slice(1);
      for (let i = 0; i < Number(rounds); i++) {
        await withFileLock(lock, async () => {
          const value = Number(readFileSync(counter, "utf8"));
          await new Promise((resolve) => setTimeout(resolve, 2));
          writeFileSync(counter, String(value + 1));
        }, { timeoutMs: 60_000, pollMs: 1 });
      }
    `;
    const children = 4;
    const codes = await Promise.all(
      Array.from(
        { length: children },
        () =>
          new Promise<number | null>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              ["--import", "tsx", "--input-type=module", "-e", script, lock, counter, String(rounds)],
              { stdio: ["ignore", "inherit", "inherit"] },
            );
            child.on("error", reject);
            child.on("exit", resolve);
          }),
      ),
    );
    expect(codes).to.deep.equal(Array.from({ length: children }, () => 0));
    expect(Number(readFileSync(counter, "utf8"))).to.equal(children * rounds);
    expect(existsSync(lock)).to.equal(false);
  });
});

describeFull("tasks started at the same time in one project", function () {
  it("take turns building the contracts (Hardhat's build fails when two run at once)", async function () {
    this.timeout(300_000);
    const runs = Array.from({ length: 5 }, () => startCli(["tickets", "deploy", "--yes", "--json"]));
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect(result.code, result.stderr).to.equal(0);
  });
});
