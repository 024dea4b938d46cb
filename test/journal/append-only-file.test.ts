import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import {
  READ_PIECE_BYTES,
  createMemoryStore,
  openAppendOnlyFile,
  withAppendLock,
} from "../../src/journal/append-only-file.js";
import { spawnGroup } from "../support/processes.js";

class HeldError extends Error {}

describe("append-only files (src/journal/append-only-file.ts)", function () {
  const dir = mkdtempSync(path.join(tmpdir(), "papercut-append-"));
  let n = 0;
  const freshFile = () => path.join(dir, `s${++n}`, "store.jsonl");

  it("creates nothing until the first append, then reads back every line with its number", function () {
    const file = freshFile();
    const store = openAppendOnlyFile(file);
    expect(store.read()).to.deep.equal({ lines: [], restarted: false, tail: "" });
    expect(existsSync(file)).to.equal(false);
    store.append('{"a":1}');
    store.append('{"a":2}');
    expect(store.read().lines).to.deep.equal([]); // its own appends are not read again
    expect(openAppendOnlyFile(file).read().lines).to.deep.equal([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '{"a":2}' },
    ]);
  });

  it("reads a file larger than one piece, lines and multi-byte characters across the pieces' edges, line by line", function () {
    const file = freshFile();
    const store = openAppendOnlyFile(file);
    // Lines of 999 bytes + a newline, each with a 3-byte character: some straddle the 8 MiB edge, one exactly.
    const line = (i: number) => `${String(i).padStart(7, "0")}纸${"x".repeat(989)}`;
    const count = Math.ceil((READ_PIECE_BYTES * 2.5) / 1000);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Array.from({ length: count }, (_, i) => line(i) + "\n").join("") + "torn");
    const seen: { number: number; text: string }[] = [];
    const read = store.read({ onLine: (l) => seen.push(l) });
    expect(read.lines).to.deep.equal([]);
    expect(read.tail).to.equal("torn");
    expect(seen.length).to.equal(count);
    seen.forEach((l, i) => {
      if (l.number !== i + 1 || l.text !== line(i)) expect.fail(`line ${i + 1}: ${l.text.slice(0, 12)}`);
    });
    store.append("next"); // after the torn tail (not repaired): the next read gives "tornnext"
    expect(store.read().lines).to.deep.equal([{ number: count + 1, text: "tornnext" }]);
  });

  it("reads incrementally what another writer appended, and starts again when the file shrank", function () {
    const file = freshFile();
    const writer = openAppendOnlyFile(file);
    const reader = openAppendOnlyFile(file);
    writer.append("one");
    expect(reader.read().lines).to.deep.equal([{ number: 1, text: "one" }]);
    writer.append("two");
    expect(reader.read().lines).to.deep.equal([{ number: 2, text: "two" }]);
    writeFileSync(file, "new\n");
    expect(reader.read()).to.deep.equal({ lines: [{ number: 1, text: "new" }], restarted: true, tail: "" });
  });

  it("leaves a torn last line unread, and cuts it off when repairing, so the next append is a line of its own", function () {
    const file = freshFile();
    openAppendOnlyFile(file).create("first");
    writeFileSync(file, '{"torn', { flag: "a" });
    const reader = openAppendOnlyFile(file).read();
    expect(reader.lines).to.have.length(1);
    expect(reader.tail).to.equal('{"torn');
    expect(readFileSync(file, "utf8")).to.equal('first\n{"torn'); // reading alone changes nothing

    const store = openAppendOnlyFile(file, { lock: "held" });
    expect(store.read({ repair: true })).to.deep.equal({
      lines: [{ number: 1, text: "first" }],
      restarted: false,
      tail: '{"torn',
    });
    store.append("second");
    store.close();
    expect(readFileSync(file, "utf8")).to.equal("first\nsecond\n");
  });

  it("keeps every fsynced line of a writer killed mid-stream (SIGKILL), and reopens after its torn line", async function () {
    const file = freshFile();
    const script = `
      import { openAppendOnlyFile } from ${JSON.stringify(path.resolve("src/journal/append-only-file.ts"))};
      const store = openAppendOnlyFile(process.argv[1], { lock: "held" });
      for (let i = 1; ; i++) {
        store.append(JSON.stringify({ i, pad: "x".repeat(200) }));
        console.log(i);
      }
    `;
    const child = spawnGroup(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, file],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let acknowledged = 0;
    await new Promise<void>((resolve) => {
      child.stdout!.on("data", (d: Buffer) => {
        const seen = d.toString().trim().split("\n").map(Number);
        acknowledged = Math.max(acknowledged, ...seen);
        if (acknowledged >= 50) resolve();
      });
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    // Every line the child reported appended (after its fsync) is there, whole; a torn write may follow.
    writeFileSync(file, '{"i":-1,"pad":"torn', { flag: "a" });
    const store = openAppendOnlyFile(file, { lock: "held" }); // the dead child's lock is taken over
    const { lines } = store.read({ repair: true });
    const numbers = lines.map((l) => (JSON.parse(l.text) as { i: number }).i);
    expect(numbers.length).to.be.at.least(acknowledged);
    expect(numbers).to.deep.equal(numbers.map((_, k) => k + 1));
    store.append(JSON.stringify({ i: numbers.length + 1 }));
    store.close();
    expect(openAppendOnlyFile(file).read().lines).to.have.length(numbers.length + 1);
  });

  it("refuses a held lock to a second opener until it is closed", function () {
    const file = freshFile();
    const store = openAppendOnlyFile(file, { lock: "held" });
    expect(() => openAppendOnlyFile(file, { lock: "held", lockedError: () => new HeldError() })).to.throw(
      HeldError,
    );
    store.close();
    expect(() => store.append("late")).to.throw();
    openAppendOnlyFile(file, { lock: "held" }).close();
  });

  it("serializes check-and-append sections with withAppendLock", async function () {
    const file = freshFile();
    openAppendOnlyFile(file).create("header");
    const order: string[] = [];
    const section = (name: string) =>
      withAppendLock(file, async () => {
        order.push(`${name}:in`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`${name}:out`);
      });
    await Promise.all([section("a"), section("b")]);
    expect(order).to.deep.equal(["a:in", "a:out", "b:in", "b:out"]);
  });

  it("creates a store's first line once", function () {
    const file = freshFile();
    expect(openAppendOnlyFile(file).create("header")).to.equal(true);
    expect(openAppendOnlyFile(file).create("other")).to.equal(false);
    expect(readFileSync(file, "utf8")).to.equal("header\n");
  });

  it("has an in-memory variant with the same reading rules", function () {
    const store = createMemoryStore(["a"]);
    expect(store.create("x")).to.equal(false);
    expect(store.read().lines).to.deep.equal([{ number: 1, text: "a" }]);
    store.append("b");
    expect(store.read().lines).to.deep.equal([]);
    expect(createMemoryStore().create("h")).to.equal(true);
  });
});
