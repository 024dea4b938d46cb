/**
 * A claim batch at 10,000, 100,000 and 1,000,000 links on anvil (automine), each size on a fresh node, ticket
 * (cap = links) and claims contract: the real CLI as child processes, with each step's wall time and peak resident
 * memory (VmHWM of its process group) —
 *   1. `tickets claims create --count N`: a fresh key per link, the Merkle tree (as bytes), the links CSV
 *      (streamed to disk), the batch's root committed on-chain;
 *   2. the first and the last link read back from the file (the file's line count checked too), each one's proof
 *      verified against the root read from the chain;
 *   3. `tickets claims submit` of the last link: the ticket minted to a fresh wallet, checked with `ownerOf`;
 *   4. the links file read back in pieces: `tickets claims create --resume` (the batch found committed, same root)
 *      and `tickets claims status --links` (every link's status: one claimed, the rest open), each stopped after
 *      READ_BACK_LIMIT_S seconds (default 300) and recorded as stopped.
 * The CLI runs with `--max-old-space-size=1024` (a 1 GiB heap ceiling), so a whole-file or whole-tree pattern
 * would fail the million rather than only swell it.
 *
 * Writes bench/results/claims-scale-<date>.md (and .json) with the date, versions and machine load; a section of the
 * .md headed "## Measured by hand" (and all after it) is kept as it is.
 *
 * Run: npm run bench:claims-scale        (SIZES=10000,100000 to leave out the million)
 */
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

import { Contract, ContractFactory, Wallet, getAddress, id } from "ethers";

import { claimsContract } from "../src/claims/claims-contract.js";
import { readClaimBatch } from "../src/claims/claim-batch-state.js";
import { verifyClaimProof } from "../src/claims/claim-leaf.js";
import { parseLinksCsv } from "../src/claims/links-csv.js";
import { parseClaimLink } from "../src/claims/parse-claim-link.js";
import { jsonResult } from "../test/support/cli.js";
import { startLocalNode } from "../test/support/local-node.js";
import { REPO_ROOT } from "../test/support/processes.js";
import { measuredCli, type ScaleStep } from "../test/support/scale-run.js";
import { DEV_KEY_0, deployTicketOn, localProvider } from "../test/support/tickets.js";
import { packageVersion } from "./lib/gas.js";

const SIZES = (process.env.SIZES ?? "10000,100000,1000000").split(",").map(Number);
/** A chain id of its own: the CLI's Ignition lookups never meet a developer's chain-31337 journal. */
const CHAIN_ID = 71338;
const HEAP_MIB = 1024;
/** A read-back step (`--resume`, `status --links`) running longer than this is stopped and recorded as such. */
const READ_BACK_LIMIT_MS = Number(process.env.READ_BACK_LIMIT_S ?? 300) * 1000;

interface SizeResult {
  size: number;
  steps: ScaleStep[];
  csvBytes: number;
  csvLines: number;
  root: string;
  commitGas: string;
  proofLength: number;
  proofsVerified: number;
  claimGas: string;
  claimedTokenId: string;
  ownerMatches: boolean;
  loadBefore: number;
  loadAfter: number;
  /** When this size ran (a run of some sizes keeps the same day's results of the others). */
  ranAt: string;
  /** The machine it ran on (a same-day run of other sizes may run on another). */
  machine?: string;
}

const date = new Date().toISOString();
const day = date.slice(0, 10);
const versions = {
  node: process.version,
  hardhat: packageVersion("hardhat"),
  anvil: packageVersion("@foundry-rs/anvil"),
  ethers: packageVersion("ethers"),
  nobleHashes: packageVersion("@noble/hashes"),
  solc: packageVersion("solc"),
};
const fmt = (n: number | bigint) => n.toLocaleString("en-US");
const base = path.join(REPO_ROOT, `bench/results/claims-scale-${day}`);
// The same day's results of sizes this run leaves out are kept (one million-link run at a time on a shared machine).
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"})`;
const results: SizeResult[] = existsSync(`${base}.json`)
  ? (() => {
      const kept = JSON.parse(readFileSync(`${base}.json`, "utf8")) as {
        machine: { cpus: number; model: string };
        results: SizeResult[];
      };
      return kept.results
        .filter((r) => !SIZES.includes(r.size))
        .map((r) => ({ ...r, machine: r.machine ?? `${kept.machine.cpus} cores (${kept.machine.model})` }));
    })()
  : [];

function artifact(file: string) {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "artifacts/contracts", file), "utf8")) as {
    abi: never;
    bytecode: string;
  };
}

/** Lines of a file (LF count), read 8 MiB at a time. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 8 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

/** The header and first row, and the last row, of a links file, without reading it whole. */
function firstAndLastRows(file: string): string {
  const size = statSync(file).size;
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(Math.min(size, 16_384));
    readSync(fd, head, 0, head.length, 0);
    const [header, first] = head.toString("utf8").split("\r\n");
    const tail = Buffer.alloc(Math.min(size, 16_384));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const lines = tail.toString("utf8").split("\r\n");
    const last = lines[lines.length - 2]!;
    return [header, first, last, ""].join("\r\n");
  } finally {
    closeSync(fd);
  }
}

/** A heading from which the results file is kept as it is: sections measured by hand, not by this script. */
const KEPT_HEADING = "## Measured by hand";

function write(): void {
  results.sort((a, b) => a.size - b.size);
  const previous = existsSync(`${base}.md`) ? readFileSync(`${base}.md`, "utf8") : "";
  const kept = previous.includes(KEPT_HEADING) ? previous.slice(previous.indexOf(KEPT_HEADING)) : "";
  const md = [
    `# A claim batch at scale — ${day}`,
    "",
    `Run: \`npm run bench:claims-scale\` (bench/claims-scale.ts), ${results.map((r) => `${fmt(r.size)} links at ${r.ranAt} on ${r.machine ?? machine}`).join(", ")}. Node ${versions.node}, Hardhat ${versions.hardhat}, ` +
      `anvil ${versions.anvil} (automine), ethers ${versions.ethers}, @noble/hashes ${versions.nobleHashes}, solc ${versions.solc}; ` +
      "shared with other work (1-minute load given per size).",
    "",
    `Each size: a fresh anvil, ticket (cap = links) and TicketClaims (minter); the CLI as child processes with ` +
      `\`--max-old-space-size=${HEAP_MIB}\`; peak RSS is the largest VmHWM of the step's process group (sampled every ` +
      "200 ms from /proc). The first and last links are read back from the file and their proofs verified against " +
      "the root read from the chain; the last link is then claimed and `ownerOf` of its ticket checked.",
    "",
    "## Steps",
    "",
    "| links | step | wall (s) | µs per link | peak RSS (MiB) | exit |",
    "|---:|---|---:|---:|---:|---|",
    ...results.flatMap((r) =>
      r.steps.map(
        (s) =>
          `| ${fmt(r.size)} | ${s.step} | ${s.wallSeconds} | ${s.step.startsWith("claims create") ? fmt(Math.round((s.wallSeconds * 1e6) / r.size)) : ""} | ${s.peakRssMiB} | ${s.exitCode ?? s.signal} |`,
      ),
    ),
    "",
    "## Per size",
    "",
    "| links | links CSV (MiB) | rows in the file | proof length | commit gas | proofs verified against the on-chain root | claim gas | claimed ticket, owner checked | load before/after |",
    "|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ...results.map(
      (r) =>
        `| ${fmt(r.size)} | ${(r.csvBytes / 1048576).toFixed(1)} | ${fmt(r.csvLines - 1)} | ${r.proofLength} | ${fmt(BigInt(r.commitGas))} | ${r.proofsVerified} of 2 | ${fmt(BigInt(r.claimGas))} | #${r.claimedTokenId}, ${r.ownerMatches ? "yes" : "NO"} | ${r.loadBefore.toFixed(1)}/${r.loadAfter.toFixed(1)} |`,
    ),
    "",
  ];
  mkdirSync(path.join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(`${base}.md`, md.join("\n") + (kept === "" ? "" : "\n" + kept));
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { date, versions, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?" }, results },
      null,
      2,
    ) + "\n",
  );
  console.log(`wrote ${path.relative(REPO_ROOT, base)}.md`);
}

for (const size of SIZES) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `papercut-claims-scale-${size}-`));
  const node = await startLocalNode({ kind: "anvil", chainId: CHAIN_ID });
  const provider = localProvider(node.url);
  try {
    const loadBefore = os.loadavg()[0]!;
    const ticket = await deployTicketOn(node.url, { cap: BigInt(size) });
    const admin = new Wallet(DEV_KEY_0, provider);
    const claimsArtifact = artifact("claims/TicketClaims.sol/TicketClaims.json");
    const deployed = await new ContractFactory(claimsArtifact.abi, claimsArtifact.bytecode, admin).deploy(
      ticket,
      admin.address,
    );
    await deployed.waitForDeployment();
    const claimsAddress = await deployed.getAddress();
    const ticketContract = new Contract(
      ticket,
      artifact("PapercutTicket.sol/PapercutTicket.json").abi,
      admin,
    );
    await (
      (await ticketContract.getFunction("grantRole")(id("MINTER_ROLE"), claimsAddress)) as {
        wait(): Promise<unknown>;
      }
    ).wait();
    console.log(`${size} links: ticket ${ticket}, claims ${claimsAddress}`);

    const env = { LOCAL_RPC_URL: node.url, NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB}` };
    const common = ["--network", "localhost", "--contract", ticket, "--json"];
    const steps: ScaleStep[] = [];
    const step = async (name: string, args: string[], extraEnv: Record<string, string> = {}) => {
      const { result, figures } = await measuredCli(name, args, { ...env, ...extraEnv }, 7_200_000);
      steps.push(figures);
      console.log(
        `  ${figures.step}: ${figures.wallSeconds} s, peak ${figures.peakRssMiB} MiB, exit ${figures.exitCode ?? figures.signal}`,
      );
      if (result.code !== 0) throw new Error(`${name} failed:\n${result.stderr.slice(-2000)}`);
      return jsonResult(result);
    };

    const file = path.join(dir, `links-${size}.csv`);
    const created = await step("claims create (keys, tree, links CSV, commit)", [
      "tickets",
      "claims",
      "create",
      "--count",
      String(size),
      "--out",
      file,
      "--url-template",
      "https://tickets.example.org/claim",
      "--yes",
      ...common,
    ]);
    const csvLines = await countLines(file);
    if (csvLines !== size + 1) throw new Error(`${file}: ${csvLines} lines for ${size} links`);

    const claims = claimsContract(claimsAddress, provider);
    const batchId = BigInt(created.batchId as string);
    const onChain = await readClaimBatch({ claims, batchId, now: 0n });
    if (onChain === undefined) throw new Error(`batch ${batchId} is not on-chain`);
    if (onChain.root !== created.root)
      throw new Error(`on-chain root ${onChain.root}, CLI said ${String(created.root)}`);
    const rows = parseLinksCsv(firstAndLastRows(file), file);
    let proofsVerified = 0;
    for (const row of rows) {
      const link = parseClaimLink(row.url);
      if (getAddress(link.claimAddress) !== row.claimAddress)
        throw new Error(`row ${row.index}: key and address differ`);
      if (verifyClaimProof({ ...link, root: onChain.root })) proofsVerified++;
    }
    if (proofsVerified !== 2 || rows[1]!.index !== BigInt(size - 1)) {
      throw new Error(`${proofsVerified} of the first and last links verify (last index ${rows[1]?.index})`);
    }
    const proofLength = parseClaimLink(rows[1]!.url).proof.length;

    const to = Wallet.createRandom().address;
    const submitted = await step(
      "claims submit (the last link)",
      ["tickets", "claims", "submit", "--to", to, "--yes", ...common],
      { PAPERCUT_CLAIM_LINK: rows[1]!.url },
    );
    // The links file read back, in pieces: the batch found committed (nothing sent), then every link's status.
    const readBack = async (name: string, args: string[]) => {
      const { result, figures } = await measuredCli(name, args, env, READ_BACK_LIMIT_MS);
      steps.push(figures);
      console.log(
        `  ${figures.step}: ${figures.wallSeconds} s, peak ${figures.peakRssMiB} MiB, exit ${figures.exitCode ?? figures.signal}`,
      );
      if (figures.signal === "SIGKILL") return undefined; // over the limit: recorded as such
      if (result.code !== 0) throw new Error(`${name} failed:\n${result.stderr.slice(-2000)}`);
      return jsonResult(result);
    };
    const resumed = await readBack("claims create --resume (the file read back; batch found committed)", [
      "tickets",
      "claims",
      "create",
      "--resume",
      file,
      "--yes",
      ...common,
    ]);
    if (resumed !== undefined && (resumed.alreadyCommitted !== true || resumed.root !== onChain.root)) {
      throw new Error(
        `--resume: root ${String(resumed.root)}, already committed ${String(resumed.alreadyCommitted)}`,
      );
    }
    const status = await readBack("claims status --links (every link's status read)", [
      "tickets",
      "claims",
      "status",
      "--links",
      file,
      ...common,
    ]);
    if (status !== undefined) {
      const counts =
        (status.linkCounts as Record<string, number> | undefined) ??
        Object.fromEntries(
          ["open", "claimed"].map((k) => [
            k,
            (status.links as { status: string }[]).filter((l) => l.status === k).length,
          ]),
        );
      if (counts.open !== size - 1 || counts.claimed !== 1)
        throw new Error(`status --links counted ${JSON.stringify(counts)}`);
    }

    const tokenId = BigInt(submitted.firstTokenId as string);
    const owner = (await ticketContract.getFunction("ownerOf")(tokenId)) as string;
    const loadAfter = os.loadavg()[0]!;
    results.push({
      size,
      steps,
      csvBytes: statSync(file).size,
      csvLines,
      root: onChain.root,
      commitGas: String(created.gasUsed),
      proofLength,
      proofsVerified,
      claimGas: String(submitted.gasUsed),
      claimedTokenId: tokenId.toString(),
      ownerMatches: owner === to,
      loadBefore,
      loadAfter,
      ranAt: new Date().toISOString(),
      machine,
    });
    if (owner !== to) throw new Error(`ticket ${tokenId} is owned by ${owner}, not ${to}`);
    write();
  } finally {
    provider.destroy();
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
