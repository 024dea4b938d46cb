/**
 * Gas benchmark: airdrop N tickets (default 5,000) to N distinct addresses with PapercutTicket (compact rosters)
 * and with reference ERC-721s built on OpenZeppelin, ERC721A and Solady (contracts/bench/), each on a fresh
 * in-process network with the project's settings; then one transfer out of the airdrop and one more, and
 * call-level cold `ownerOf` / `balanceOf` through a probe contract. Prints one table and writes it as JSON and
 * Markdown to bench/results/gas-<date>.{json,md}.
 *
 * Run: `npm run bench:gas` (`npx hardhat run bench/gas.ts`); `BENCH_TICKETS=1000` for a smaller run.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import {
  TX_GAS_CAP,
  airdropBatches,
  balanceOfGas,
  benchAddresses,
  equalChunks,
  interleavedChunks,
  ownerOfGas,
  benchVersions,
  planBatches,
  transferGas,
} from "./lib/gas.js";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 5000);
const MARGIN = 0.9;
const MAX_ROSTER_SIZE = 1266;

interface Subject {
  name: string;
  contract: string;
  args: (admin: string) => unknown[];
  maxBatch?: number;
  /** "sorted": the whole list sorted, then cut (each batch a disjoint address range); "interleaved": cut, then each batch sorted. */
  layout: "sorted" | "interleaved";
}

const ticketArgs = (admin: string) => [
  "Papercut",
  "PCT",
  BigInt(TICKETS),
  admin,
  admin,
  500n,
  "ipfs://x/",
  "ipfs://c",
  1_893_456_000n, // event start (2030): tickets stay valid and transferable during the bench
  1_893_542_400n,
  0n, // TransferPolicy.Transferable
];

const SUBJECTS: Subject[] = [
  { name: "OpenZeppelin ERC721 (loop of _mint)", contract: "BenchOZ", args: () => [], layout: "sorted" },
  { name: "ERC721A (loop of _mint(to, 1))", contract: "BenchERC721A", args: () => [], layout: "sorted" },
  { name: "Solady ERC721 (loop of _mint)", contract: "BenchSolady", args: () => [], layout: "sorted" },
  {
    name: "PapercutTicket (rosters)",
    contract: "PapercutTicket",
    args: ticketArgs,
    maxBatch: MAX_ROSTER_SIZE,
    layout: "sorted",
  },
  {
    name: "PapercutTicket (rosters, batches sorted separately)",
    contract: "PapercutTicket",
    args: ticketArgs,
    maxBatch: MAX_ROSTER_SIZE,
    layout: "interleaved",
  },
];

interface Row {
  name: string;
  runtimeBytes: number;
  deployGas: bigint;
  batchSize: number;
  maxPerTx: number;
  transactions: number;
  totalGas: bigint;
  gasPerTicket: number;
  ratioToOz: number;
  largestTxGas: bigint;
  firstTransferGas: bigint;
  laterTransferGas: bigint;
  ownerOfGas: bigint;
  ownerOfMovedGas: bigint;
  balanceOfHolderGas: bigint;
  balanceOfNonHolderGas: bigint;
}

async function run(subject: Subject, recipients: readonly string[]): Promise<Omit<Row, "ratioToOz">> {
  const connection = await network.create();
  const { ethers, networkHelpers } = connection;
  const [admin] = await ethers.getSigners();
  if (admin === undefined) throw new Error("no signer");

  const deployed = await ethers.deployContract(subject.contract, subject.args(admin.address));
  const deployReceipt = await deployed.deploymentTransaction()!.wait();
  const address = await deployed.getAddress();
  const runtimeBytes = (await ethers.provider.getCode(address)).length / 2 - 1;
  const airdropper = await ethers.getContractAt("IBenchAirdrop", address);
  const token = await ethers.getContractAt("IERC721Conformance", address);
  const probe = await ethers.deployContract("GasProbe");

  const plan = await planBatches(airdropper, recipients, { maxBatch: subject.maxBatch, margin: MARGIN });
  const batches =
    subject.layout === "sorted"
      ? equalChunks(recipients, plan.transactions)
      : interleavedChunks(recipients, plan.transactions);
  const airdrop = await airdropBatches(airdropper, batches);
  const issued = batches.flat();
  for (const i of [0, Math.floor(TICKETS / 2), TICKETS - 1]) {
    if ((await token.ownerOf(BigInt(i + 1))) !== issued[i])
      throw new Error(`${subject.name}: wrong owner of ${i + 1}`);
  }

  const n = BigInt(TICKETS);
  const ownerOfIds = [1n, n / 2n + 1n, n];
  const holderIds = [1n, n / 4n, n / 2n + 1n, (3n * n) / 4n, n];
  const fresh = benchAddresses(3, "papercut-bench-fresh");
  const max = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a), 0n);
  const ownerOf = max(await Promise.all(ownerOfIds.map((id) => ownerOfGas(probe, address, id))));
  const holders = await Promise.all(holderIds.map((id) => token.ownerOf(id)));
  const balanceOfHolder = max(await Promise.all(holders.map((h) => balanceOfGas(probe, address, h))));
  const balanceOfNonHolder = await balanceOfGas(probe, address, fresh[2]!);

  const moved = n / 2n;
  const firstTransferGas = await transferGas(ethers, networkHelpers, token, moved, fresh[0]!);
  const laterTransferGas = await transferGas(ethers, networkHelpers, token, moved, fresh[1]!);
  const ownerOfMovedGas = await ownerOfGas(probe, address, moved);

  await connection.close();
  return {
    name: subject.name,
    runtimeBytes,
    deployGas: deployReceipt!.gasUsed,
    batchSize: plan.batchSize,
    maxPerTx: plan.maxPerTx,
    transactions: airdrop.transactions,
    totalGas: airdrop.totalGas,
    gasPerTicket: Math.round(Number(airdrop.totalGas) / TICKETS),
    largestTxGas: airdrop.largestTxGas,
    firstTransferGas,
    laterTransferGas,
    ownerOfGas: ownerOf,
    ownerOfMovedGas,
    balanceOfHolderGas: balanceOfHolder,
    balanceOfNonHolderGas: balanceOfNonHolder,
  };
}

const fmt = (v: bigint | number) => v.toLocaleString("en-US");

function markdownTable(rows: Row[]): string {
  const header = [
    "Implementation",
    "Runtime (B)",
    "Deploy gas",
    "Recipients/tx (max)",
    "Txs",
    "Total gas",
    "Gas/ticket",
    "vs OZ",
    "Largest tx",
    "First transfer",
    "Later transfer",
    "ownerOf",
    "ownerOf (moved)",
    "balanceOf holder (worst)",
    "balanceOf non-holder",
  ];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
  ];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.name,
        fmt(r.runtimeBytes),
        fmt(r.deployGas),
        `${fmt(r.batchSize)} (${fmt(r.maxPerTx)})`,
        fmt(r.transactions),
        fmt(r.totalGas),
        fmt(r.gasPerTicket),
        `${r.ratioToOz.toFixed(3)}× (1/${(1 / r.ratioToOz).toFixed(2)})`,
        fmt(r.largestTxGas),
        fmt(r.firstTransferGas),
        fmt(r.laterTransferGas),
        fmt(r.ownerOfGas),
        fmt(r.ownerOfMovedGas),
        fmt(r.balanceOfHolderGas),
        fmt(r.balanceOfNonHolderGas),
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

const recipients = benchAddresses(TICKETS);
const partial: Omit<Row, "ratioToOz">[] = [];
for (const subject of SUBJECTS) {
  process.stderr.write(`${subject.name} …\n`);
  partial.push(await run(subject, recipients));
}
const ozTotal = Number(partial[0]!.totalGas);
const rows: Row[] = partial.map((r) => ({ ...r, ratioToOz: Number(r.totalGas) / ozTotal }));

const probeConnection = await network.create();
const hardfork = (probeConnection.networkConfig as { hardfork?: string }).hardfork ?? "default";
await probeConnection.close();
const date = new Date().toISOString().slice(0, 10);
const versions = benchVersions(["erc721a", "solady"]);
const settings = {
  tickets: TICKETS,
  distinctRecipients: TICKETS,
  hardfork,
  perTransactionGasCap: Number(TX_GAS_CAP),
  batchGasBudget: `${MARGIN * 100}% of the cap`,
  optimizer: "enabled, runs 200, evmVersion cancun",
  gas: "receipt gasUsed (incl. 21,000 intrinsic and calldata); views: call-level cold STATICCALL via GasProbe (incl. 2,600 cold account access)",
  transfers:
    `first: holder of #${TICKETS / 2} -> fresh address; later: that address -> another fresh address. ` +
    "PapercutTicket's first transfer skips two cold slots while nothing needs them: once any ticket was checked in " +
    "or voided it reads the ticket's life-cycle flags (+2,242), once any roster ticket was approved its approval " +
    "slot (+2,506); see test/PapercutTicket.gas.test.ts",
  thresholds: "PapercutTicket mints batches below ROSTER_MIN_BATCH (256) to storage; see roster-threshold.md",
};

const table = markdownTable(rows);
process.stdout.write(
  `\nAirdrop of ${fmt(TICKETS)} tickets to ${fmt(TICKETS)} distinct addresses (${date}, ${hardfork})\n\n`,
);
process.stdout.write(`${table}\n\n`);
process.stdout.write(
  `${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(" · ")}\n`,
);

const dir = path.join(process.cwd(), "bench", "results");
mkdirSync(dir, { recursive: true });
const base = path.join(dir, `gas-${date}${TICKETS === 5000 ? "" : `-${TICKETS}`}`);
writeFileSync(
  `${base}.json`,
  JSON.stringify(
    { date, versions, settings, rows },
    (_, v: unknown) => (typeof v === "bigint" ? Number(v) : v),
    2,
  ) + "\n",
);
writeFileSync(
  `${base}.md`,
  [
    `# Gas: airdrop of ${fmt(TICKETS)} tickets to ${fmt(TICKETS)} distinct addresses`,
    "",
    `${date} · \`npm run bench:gas\` · hardfork ${hardfork} (per-transaction cap ${fmt(TX_GAS_CAP)}; batches sized to ≤ ${MARGIN * 100}% of it)`,
    "",
    table,
    "",
    `Versions: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ")}`,
    "",
    ...Object.entries(settings).map(([k, v]) => `- ${k}: ${v}`),
    "",
  ].join("\n"),
);
process.stderr.write(`wrote ${path.relative(process.cwd(), base)}.{json,md}\n`);
