/**
 * The issuance pipeline at 10,000, 100,000 and 1,000,000 tickets on anvil (automine), each size on a fresh node
 * and contract: the real CLI as child processes — a refused strict dry run (a bad checksum and a duplicate added
 * to the list), the dry run, the airdrop SIGKILLed once 40% of the tickets are on-chain, the re-run that
 * finishes it, `tickets status` — with each step's wall time and peak resident memory (VmHWM of its process
 * group); then exactly-once checked from the chain (every mint event, read with the paged log reader; `ownerOf`
 * of 200 random report rows), and the contract's worst cases read from the chain: `balanceOf` gas (an address
 * holding nothing, which every roster is checked for; holders of the first and last tickets), `ownerOf` gas
 * (first, middle, last ticket) and the gas of a ticket's first transfer (its holder impersonated on anvil); then a
 * donation ledger is set on the ticket and `tickets donation record` and `tickets donation verify` run as measured
 * steps (both count the issuance from the chain's logs), the verify required to MATCH.
 *
 * Writes bench/results/scale-<date>.md (and .json) with the date, versions and machine load.
 *
 * Run: npm run bench:scale            (SIZES=10000,100000 to leave out the million; about 15 min for it here)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { Contract, ContractFactory, Interface, Wallet } from "ethers";

import { startLocalNode, type LocalNode } from "../test/support/local-node.js";
import { jsonResult } from "../test/support/cli.js";
import {
  measuredCli,
  runScale,
  scaleAddress,
  type ScaleRunResult,
  type ScaleStep,
} from "../test/support/scale-run.js";
import { DEV_KEY_0, deployTicketOn, localProvider } from "../test/support/tickets.js";
import { packageVersion } from "./lib/gas.js";

const SIZES = (process.env.SIZES ?? "10000,100000,1000000").split(",").map(Number);

const ticket = new Interface(
  (
    JSON.parse(readFileSync("artifacts/contracts/PapercutTicket.sol/PapercutTicket.json", "utf8")) as {
      abi: never;
    }
  ).abi,
);

interface ChainFigures {
  balanceOf: { who: string; gas: number }[];
  ownerOf: { tokenId: number; gas: number }[];
  firstTransferGas: number;
}

/** Gas of a view call, as the node estimates it (what an `eth_call` of it costs). */
async function viewGas(node: LocalNode, contract: string, data: string): Promise<number> {
  return Number(BigInt(await node.rpc<string>("eth_estimateGas", [{ to: contract, data }])));
}

async function chainFigures(node: LocalNode, contract: string, size: number): Promise<ChainFigures> {
  const ownerOf = async (id: number) =>
    ticket.decodeFunctionResult(
      "ownerOf",
      await node.rpc<string>("eth_call", [
        { to: contract, data: ticket.encodeFunctionData("ownerOf", [id]) },
        "latest",
      ]),
    )[0] as string;
  const firstHolder = await ownerOf(1);
  const lastHolder = await ownerOf(size);
  const nobody = scaleAddress(size + 1_000_000);
  const balanceOf = [];
  for (const [who, address] of [
    ["an address holding no ticket (every roster checked)", nobody],
    ["the holder of ticket 1 (first roster)", firstHolder],
    [`the holder of ticket ${size} (last roster)`, lastHolder],
  ] as const) {
    balanceOf.push({
      who,
      gas: await viewGas(node, contract, ticket.encodeFunctionData("balanceOf", [address])),
    });
  }
  const ownerOfGas = [];
  for (const tokenId of [1, Math.ceil(size / 2), size]) {
    ownerOfGas.push({
      tokenId,
      gas: await viewGas(node, contract, ticket.encodeFunctionData("ownerOf", [tokenId])),
    });
  }
  // The first transfer of a ticket from the middle of a roster: its holder impersonated (anvil).
  const id = Math.ceil(size / 2);
  const holder = await ownerOf(id);
  await node.rpc("anvil_impersonateAccount", [holder]);
  await node.rpc("anvil_setBalance", [holder, "0xDE0B6B3A7640000"]);
  const hash = await node.rpc<string>("eth_sendTransaction", [
    {
      from: holder,
      to: contract,
      data: ticket.encodeFunctionData("transferFrom", [holder, nobody, id]),
    },
  ]);
  let receipt: { gasUsed: string; status: string } | null = null;
  // anvil holding a million tickets' state may answer the hash before the receipt: wait for it (bounded).
  for (let tries = 0; receipt === null && tries < 600; tries++) {
    receipt = await node.rpc<{ gasUsed: string; status: string } | null>("eth_getTransactionReceipt", [hash]);
    if (receipt === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (receipt === null) throw new Error(`no receipt for the first transfer of ticket ${id} after 60 s`);
  if (BigInt(receipt.status) !== 1n) throw new Error(`the first transfer of ticket ${id} reverted`);
  return { balanceOf, ownerOf: ownerOfGas, firstTransferGas: Number(BigInt(receipt.gasUsed)) };
}

interface DonationFigures {
  /** Tickets the verify counted from the chain's issuance events. */
  tickets: string;
  status: string;
  allMatch: boolean;
}

/**
 * After the issuance: a donation ledger deployed and set on the ticket, then `tickets donation record` and
 * `tickets donation verify` as child processes (both count the issuance from the chain's logs, read in pages),
 * measured like the other steps.
 */
async function donationSteps(
  node: LocalNode,
  contract: string,
  steps: ScaleStep[],
): Promise<DonationFigures> {
  const provider = localProvider(node.url);
  try {
    const admin = new Wallet(DEV_KEY_0, provider);
    const artifact = JSON.parse(
      readFileSync("artifacts/contracts/DonationLedger.sol/DonationLedger.json", "utf8"),
    ) as { abi: never; bytecode: string };
    const ledger = await new ContractFactory(artifact.abi, artifact.bytecode, admin).deploy(
      contract,
      admin.address,
    );
    await ledger.waitForDeployment();
    const set = (await new Contract(contract, ticket, admin).getFunction("setDonationLedger")(
      await ledger.getAddress(),
    )) as { wait(): Promise<unknown> };
    await set.wait();
  } finally {
    provider.destroy();
  }
  const env = { LOCAL_RPC_URL: node.url };
  const common = ["--network", "localhost", "--contract", contract, "--json"];
  const step = async (name: string, args: string[]) => {
    const { result, figures } = await measuredCli(name, args, env, 7_200_000);
    steps.push(figures);
    console.log(
      `  ${figures.step}: ${figures.wallSeconds} s, peak ${figures.peakRssMiB} MiB, exit ${figures.exitCode}`,
    );
    if (result.code !== 0) throw new Error(`${name} failed:\n${result.stderr.slice(-2000)}`);
    return jsonResult(result);
  };
  await step("tickets donation record", [
    "tickets",
    "donation",
    "record",
    "--recipient",
    "Green Charity Foundation",
    "--yes",
    ...common,
  ]);
  const verified = await step("tickets donation verify", ["tickets", "donation", "verify", ...common]);
  const first = (verified.results as { status: string; recomputed?: { tickets: string } }[])[0];
  return {
    tickets: String(first?.recomputed?.tickets ?? "?"),
    status: first?.status ?? "missing",
    allMatch: verified.allMatch === true,
  };
}

const results: (ScaleRunResult & {
  chain: ChainFigures;
  donation?: DonationFigures;
  loadBefore: number;
  loadAfter: number;
})[] = [];
const date = new Date().toISOString();
const day = date.slice(0, 10);
const versions = {
  node: process.version,
  hardhat: packageVersion("hardhat"),
  anvil: packageVersion("@foundry-rs/anvil"),
  ethers: packageVersion("ethers"),
  solc: packageVersion("solc"),
};
const fmt = (n: number | bigint) => n.toLocaleString("en-US");
const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
function write(): void {
  const md: string[] = [
    `# Issuance at scale — ${day}`,
    "",
    `Run: \`npm run bench:scale\` (bench/scale.ts), ${date}. Node ${versions.node}, Hardhat ${versions.hardhat}, ` +
      `anvil ${versions.anvil} (automine, one block per transaction), ethers ${versions.ethers}, solc ${versions.solc}; ` +
      `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), shared with other work (1-minute load given per size).`,
    "",
    "Each size: a fresh anvil and ticket contract; the CLI as child processes; peak RSS is the largest VmHWM of the " +
      "step's process group (sampled every 200 ms from /proc). The airdrop is SIGKILLed once 40% of the tickets are " +
      "on-chain, then run again; exactly-once is then checked from the chain's Transfer logs (paged reader) and " +
      "`ownerOf` of 200 random report rows.",
    "",
    "## Steps",
    "",
    "| tickets | step | wall (s) | peak RSS (MiB) | exit |",
    "|---:|---|---:|---:|---|",
    ...results.flatMap((r) =>
      r.steps.map(
        (s) =>
          `| ${fmt(r.size)} | ${s.step} | ${s.wallSeconds} | ${s.peakRssMiB} | ${s.exitCode ?? s.signal} |`,
      ),
    ),
    "",
    "## Per size",
    "",
    "| tickets | CSV (MiB) | batches × size | transactions | gas per ticket | gas in all | tickets at the kill | sent by the re-run | journal (MiB) | report (MiB) | load before/after |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...results.map(
      (r) =>
        `| ${fmt(r.size)} | ${mib(r.csvBytes)} | ${r.batches} × ≤${fmt(r.batchSize)} | ${r.transactions} | ${fmt(r.gasPerTicket)} | ${fmt(r.gasUsed)} | ${fmt(r.ticketsAtKill)} | ${r.transactionsSentByResume} | ${mib(r.journalBytes)} | ${mib(r.reportBytes)} | ${r.loadBefore.toFixed(1)}/${r.loadAfter.toFixed(1)} |`,
    ),
    "",
    "## Exactly once, from the chain",
    "",
    "| tickets | mint events | distinct token IDs | twice | to addresses not listed | addresses without exactly their tickets | log pages | ownerOf sampled / wrong | seconds |",
    "|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ...results.map(
      (r) =>
        `| ${fmt(r.size)} | ${fmt(r.verify.mintEvents)} | ${fmt(r.verify.distinctTokenIds)} | ${r.verify.duplicateTokenIds} | ${r.verify.strangers} | ${r.verify.wrongCounts} | ${r.verify.logPages} | ${r.verify.sampled} / ${r.verify.sampleMismatches} | ${r.verify.seconds} |`,
    ),
    "",
    "## The contract at that size (gas read from the chain)",
    "",
    "| tickets | balanceOf | ownerOf | first transfer |",
    "|---:|---|---|---:|",
    ...results.map(
      (r) =>
        `| ${fmt(r.size)} | ${r.chain.balanceOf.map((b) => `${b.who}: ${fmt(b.gas)}`).join("; ")} | ${r.chain.ownerOf.map((o) => `#${fmt(o.tokenId)}: ${fmt(o.gas)}`).join("; ")} | ${fmt(r.chain.firstTransferGas)} |`,
    ),
    "",
    "## The donation's issuance count at that size",
    "",
    "`tickets donation record` then `tickets donation verify` (their wall time and peak RSS are in the steps above): " +
      "both count the tickets from the chain's issuance events, read in pages.",
    "",
    "| tickets | tickets counted by verify | verify |",
    "|---:|---:|---|",
    ...results.map(
      (r) =>
        `| ${fmt(r.size)} | ${r.donation === undefined ? "not run" : r.donation.tickets} | ${r.donation === undefined ? "" : r.donation.status.toUpperCase()} |`,
    ),
    "",
    "Gas of `balanceOf`/`ownerOf` is `eth_estimateGas` of the call (what an `eth_call` of it uses, plus the 21,000 " +
      "of a transaction). The refused strict dry run's reason, per size:",
    "",
    ...results.map((r) => `- ${fmt(r.size)}: \`${r.refusal}\``),
    "",
  ];
  mkdirSync("bench/results", { recursive: true });
  const base = `bench/results/scale-${day}`;
  writeFileSync(`${base}.md`, md.join("\n"));
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { date, versions, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?" }, results },
      (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
      2,
    ) + "\n",
  );
  console.log(`wrote ${base}.md`);
}

for (const size of SIZES) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `papercut-scale-${size}-`));
  const node = await startLocalNode({ kind: "anvil" });
  try {
    const loadBefore = os.loadavg()[0]!;
    const contract = await deployTicketOn(node.url, { cap: BigInt(size) });
    console.log(`${size} tickets: contract ${contract}`);
    const run = await runScale({
      size,
      dir,
      url: node.url,
      contract,
      onStep: (s) =>
        console.log(
          `  ${s.step}: ${s.wallSeconds} s, peak ${s.peakRssMiB} MiB, exit ${s.exitCode ?? s.signal}`,
        ),
    });
    const v = run.verify;
    const problems = [
      v.mintEvents !== size && `${v.mintEvents} mint events`,
      v.distinctTokenIds !== size && `${v.distinctTokenIds} distinct token IDs`,
      v.duplicateTokenIds > 0 && `${v.duplicateTokenIds} token IDs minted twice`,
      v.strangers > 0 && `${v.strangers} tickets to addresses not on the list`,
      v.wrongCounts > 0 && `${v.wrongCounts} addresses without exactly their tickets`,
      v.sampleMismatches > 0 && `${v.sampleMismatches} sampled ownerOf mismatches`,
    ].filter((p): p is string => typeof p === "string");
    if (problems.length > 0) throw new Error(`not exactly once at ${size}: ${problems.join("; ")}`);
    console.log(
      `  exactly once: ${v.distinctTokenIds} distinct tickets, each to its row's address (${v.logPages} log pages, ${v.sampled} ownerOf sampled)`,
    );
    const donation = await donationSteps(node, contract, run.steps);
    if (!donation.allMatch || donation.status !== "match") {
      throw new Error(`donation verify at ${size}: ${donation.status} (tickets ${donation.tickets})`);
    }
    const loadAfter = os.loadavg()[0]!;
    // Written before the chain's figures too, so that a failure there keeps the run's.
    results.push({
      ...run,
      chain: { balanceOf: [], ownerOf: [], firstTransferGas: Number.NaN },
      donation,
      loadBefore,
      loadAfter,
    });
    write();
    results[results.length - 1]!.chain = await chainFigures(node, contract, size);
    write(); // after each size: a failure at a larger one keeps the smaller ones
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
