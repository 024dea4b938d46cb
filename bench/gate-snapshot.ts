/**
 * The gate page's offline ticket list at 1,000,000 tickets, in real Chromium: the page's own store
 * (web/src/ticket-snapshot.ts, IndexedDB) and offline decision (verifyCheckInProofOffline), bundled by vite.
 * Measures, in the page: saving a million-ticket list (first save: every bucket), saving after 1,000 changed
 * tickets (incremental), loading it back (as after a reload), and the time of one ADMIT/REFUSE decision (200
 * holders' proofs signed in Node for tickets spread over the list, 100 refusals: unknown ticket, wrong signer).
 *
 * Writes bench/results/gate-snapshot-<date>.md. Run: npm run bench:gate-snapshot   (TICKETS=… to change the size)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";

import { Wallet, type BaseWallet } from "ethers";
import { build } from "vite";

import { createChallenge } from "../src/checkin/create-challenge.js";
import { encodeProof } from "../src/checkin/payload.js";
import { signCheckInProof } from "../src/checkin/sign-proof.js";
import { launchChromium } from "../test/support/browser.js";

const TICKETS = Number(process.env.TICKETS ?? 1_000_000);
const CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const CHAIN_ID = 31337n;

const bundled = await build({
  configFile: false,
  logLevel: "silent",
  build: {
    write: false,
    minify: false,
    lib: { entry: path.resolve("bench/lib/gate-snapshot-entry.ts"), formats: ["iife"], name: "gateSnapshot" },
  },
});
const output = (Array.isArray(bundled) ? bundled[0]! : bundled) as { output: { code?: string }[] };
const code = output.output[0]!.code!;

// A page with an origin of its own (IndexedDB needs one).
const server = createServer((req, res) => {
  if (req.url === "/bundle.js") res.writeHead(200, { "content-type": "text/javascript" }).end(code);
  else
    res
      .writeHead(200, { "content-type": "text/html" })
      .end('<!doctype html><script src="/bundle.js"></script>');
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as { port: number }).port;

// Holders' proofs for tickets spread over the list, signed as a wallet would; and proofs the gate must refuse.
const holder = Wallet.createRandom();
const stranger = Wallet.createRandom();
const gate = { gate: "NORTH-1", chainId: CHAIN_ID, contract: CONTRACT };
const sign = async (signer: BaseWallet, tokenId: bigint) =>
  encodeProof(
    await signCheckInProof({
      signer,
      challenge: createChallenge({ ...gate, ttlSeconds: 600 }),
      tokenId,
    }),
  );
const admits: string[] = [];
for (let i = 0; i < 200; i++) admits.push(await sign(holder, BigInt(1 + Math.floor((i * TICKETS) / 200))));
const refusals: string[] = [];
for (let i = 0; i < 50; i++) refusals.push(await sign(holder, BigInt(TICKETS + 10 + i))); // not in the list
for (let i = 0; i < 50; i++) refusals.push(await sign(stranger, BigInt(2 + Math.floor((i * TICKETS) / 50))));

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  // The function below is compiled with esbuild's keepNames, whose `__name` helper the page does not have.
  await page.addInitScript("window.__name = (f) => f;");
  await page.goto(`http://127.0.0.1:${port}/`);
  const figures = await page.evaluate(
    async ({ tickets, holderAddress, admits, refusals, gate }) => {
      type Api = typeof import("./lib/gate-snapshot-entry.js");
      const api = (window as unknown as { gateSnapshot: Api }).gateSnapshot;
      const key = "bench";
      const map = new Map<bigint, { holder: string; state: "Valid" }>();
      const holderOf = (id: number) => "0x" + id.toString(16).padStart(40, "0");
      for (let id = 1; id <= tickets; id++) map.set(BigInt(id), { holder: holderOf(id), state: "Valid" });
      const ids = admits.map((p) => api.decodeProof(p).tokenId);
      for (const id of ids) map.set(id, { holder: holderAddress, state: "Valid" });
      const snapshot = { block: 1, eventEnd: 0, tickets: map, changed: new Set(map.keys()) };
      let t = performance.now();
      await api.saveSnapshot(key, snapshot);
      const firstSaveMs = performance.now() - t;
      for (let k = 0; k < 1000; k++) {
        const id = BigInt(1 + Math.floor((k * tickets) / 1000));
        map.set(id, { ...map.get(id)!, state: "Valid" });
        snapshot.changed.add(id);
      }
      t = performance.now();
      await api.saveSnapshot(key, snapshot);
      const incrementalSaveMs = performance.now() - t;
      t = performance.now();
      const loaded = await api.loadSnapshot(key);
      const loadMs = performance.now() - t;
      if (loaded === undefined || loaded.tickets.size !== tickets)
        throw new Error("the saved list did not load back");
      const time = async (proofs: string[], expect: "admit" | "refuse") => {
        const ms: number[] = [];
        for (const text of proofs) {
          const start = performance.now();
          const proof = api.decodeProof(text);
          let admitted = true;
          try {
            await api.verifyCheckInProofOffline({
              proof,
              gate: { ...gate, chainId: BigInt(gate.chainId) },
              known: loaded.tickets.get(proof.tokenId),
            });
          } catch {
            admitted = false;
          }
          ms.push(performance.now() - start);
          if (admitted !== (expect === "admit")) throw new Error(`ticket ${proof.tokenId}: not ${expect}ed`);
        }
        ms.sort((a, b) => a - b);
        return { median: ms[ms.length >> 1]!, p95: ms[Math.floor(ms.length * 0.95)]!, max: ms.at(-1)! };
      };
      const admit = await time(admits, "admit");
      const refuse = await time(refusals, "refuse");
      const estimate = await navigator.storage.estimate();
      return {
        firstSaveMs,
        incrementalSaveMs,
        loadMs,
        size: loaded.tickets.size,
        admit,
        refuse,
        usage: estimate.usage ?? 0,
      };
    },
    {
      tickets: TICKETS,
      holderAddress: holder.address,
      admits,
      refusals,
      gate: { ...gate, chainId: gate.chainId.toString() },
    },
  );
  const version = browser.version();
  const pkg = (name: string) =>
    (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
  const date = new Date().toISOString();
  const f = (ms: number) => ms.toFixed(1);
  const md = [
    `# Gate offline ticket list at ${TICKETS.toLocaleString("en-US")} tickets — ${date.slice(0, 10)}`,
    "",
    `Run: \`npm run bench:gate-snapshot\` (bench/gate-snapshot.ts), ${date}; Chromium ${version} headless, ` +
      `playwright-core ${pkg("playwright-core")}, vite ${pkg("vite")}; ${os.cpus().length} cores, shared (load ` +
      `${os.loadavg()[0]!.toFixed(1)}). The page's own code (web/src/ticket-snapshot.ts, verifyCheckInProofOffline), bundled.`,
    "",
    "| what | time |",
    "|---|---:|",
    `| first save of ${figures.size.toLocaleString("en-US")} tickets to IndexedDB (every bucket of 1,024) | ${f(figures.firstSaveMs)} ms |`,
    `| save after 1,000 tickets changed (their buckets only) | ${f(figures.incrementalSaveMs)} ms |`,
    `| load back (as after a reload) | ${f(figures.loadMs)} ms |`,
    `| ADMIT decision offline (200 holders' proofs): median / p95 / max | ${f(figures.admit.median)} / ${f(figures.admit.p95)} / ${f(figures.admit.max)} ms |`,
    `| REFUSE decision offline (50 unknown tickets, 50 wrong signers): median / p95 / max | ${f(figures.refuse.median)} / ${f(figures.refuse.p95)} / ${f(figures.refuse.max)} ms |`,
    `| origin storage used | ${(figures.usage / 1048576).toFixed(1)} MiB |`,
    "",
    "A decision is one `Map` lookup plus the proof's checks and ECDSA signature recovery; its time does not depend on the list's size.",
    "",
  ];
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/gate-snapshot-${date.slice(0, 10)}.md`;
  writeFileSync(file, md.join("\n"));
  console.log(md.join("\n"));
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  server.close();
}
