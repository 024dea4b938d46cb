/**
 * Measures the papercut renderer on the in-process network (osaka rules): runtime size, deploy gas, and the
 * gas of `tokenURI` for every one of the sample event's 5,000 tickets, valid and checked in (min / avg / max),
 * with the SVG sizes (the TypeScript mirror's, byte-identical to the chain's).
 *
 * Per-token gas is measured in batches through `TokenUriGasProbe` (bare STATICCALLs) and converted to
 * standalone `eth_call` gas with an offset calibrated on a few tokens against `eth_estimateGas`.
 * Gas is deterministic; results go to bench/results/art-gas.json with the date and versions.
 *
 * Run: npx hardhat run bench/art-gas.ts   (ART_GAS_COUNT=500 for a quicker partial run)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { network } from "hardhat";

import PapercutRendererModule, { SAMPLE_ART } from "../ignition/modules/PapercutRenderer.js";
import { renderTicketSvg } from "../src/art/render-ticket-svg.js";
import { TicketState } from "../src/art/state.js";

const COUNT = Number(process.env.ART_GAS_COUNT ?? "5000");
// EIP-7825 caps even eth_call at 16,777,216 gas: six tokenURIs (about 2M gas each at most) fit.
const BATCH = 6;
const connection = await network.create();
const { ethers } = connection;

const before = await ethers.provider.getBlockNumber();
const { renderer: deployed } = await connection.ignition.deploy(PapercutRendererModule, { displayUi: false });
const address = await deployed.getAddress();
const renderer = await ethers.getContractAt("PapercutRenderer", address);
let deployGas = 0n;
for (let n = before + 1; n <= (await ethers.provider.getBlockNumber()); n++) {
  for (const hash of (await ethers.provider.getBlock(n))?.transactions ?? []) {
    const receipt = await ethers.provider.getTransactionReceipt(hash);
    if (receipt?.contractAddress === address) deployGas = receipt.gasUsed;
  }
}
const runtimeBytes = ethers.getBytes(await ethers.provider.getCode(address)).length;
const probe = await ethers.deployContract("TokenUriGasProbe");

async function standalone(tokenId: bigint, state: number): Promise<bigint> {
  return ethers.provider.estimateGas({
    to: address,
    data: renderer.interface.encodeFunctionData("tokenURI", [tokenId, state]),
  });
}

async function sweep(state: number) {
  const gas: bigint[] = [];
  for (let first = 1; first <= COUNT; first += BATCH) {
    const count = Math.min(BATCH, COUNT - first + 1);
    const used = await probe.measure(address, BigInt(first), BigInt(count), state, { gasLimit: 16_000_000n });
    for (const g of used) {
      if (g === 0n) throw new Error(`tokenURI failed in batch from ${first}`);
      gas.push(g);
    }
    if (first % 600 === 1) process.stderr.write(`state ${state}: ${first + count - 1}/${COUNT}\n`);
  }
  // Calibrate against standalone eth_estimateGas. The first call of a batch pays the cold account
  // accesses (renderer, its SSTORE2 data contract) that later calls find warm, so there are two offsets,
  // each checked on several tokens. eth_estimateGas searches for the smallest gas limit that succeeds, which
  // can sit a little above the gas used (63/64 forwarding, memory expansion at the limit), so the offsets may
  // vary by a few hundred gas between tokens: the largest one seen is applied (figures err on the high side)
  // and the spread is reported.
  const offsetOf = async (i: number) => (await standalone(BigInt(i + 1), state)) - gas[i]!;
  const checks = [0, 1, BATCH, BATCH + 1, Math.floor(COUNT / BATCH / 2) * BATCH, COUNT - 1];
  const offsets = { first: [] as bigint[], rest: [] as bigint[] };
  for (const i of checks) (i % BATCH === 0 ? offsets.first : offsets.rest).push(await offsetOf(i));
  const most = (xs: bigint[]) => xs.reduce((a, b) => (a > b ? a : b));
  const least = (xs: bigint[]) => xs.reduce((a, b) => (a < b ? a : b));
  const first = most(offsets.first);
  const rest = most(offsets.rest);
  if (first - least(offsets.first) > 2_000n || rest - least(offsets.rest) > 2_000n)
    throw new Error(
      `calibration offsets vary too much: ${offsets.first.join(", ")} / ${offsets.rest.join(", ")}`,
    );
  const total = gas.map((g, i) => g + (i % BATCH === 0 ? first : rest));
  const sum = total.reduce((a, b) => a + b, 0n);
  let maxId = 0;
  total.forEach((g, i) => {
    if (g > total[maxId]!) maxId = i;
  });
  return {
    min: Number(total.reduce((a, b) => (a < b ? a : b))),
    avg: Math.round(Number(sum) / total.length),
    max: Number(total[maxId]),
    maxTokenId: maxId + 1,
    calibrationOffsets: {
      firstInBatch: Number(first),
      laterInBatch: Number(rest),
      spread: Number(most(offsets.first) - least(offsets.first) + most(offsets.rest) - least(offsets.rest)),
    },
    standaloneEstimateOfHeaviest: Number(await standalone(BigInt(maxId + 1), state)),
  };
}

const valid = await sweep(TicketState.Valid);
const checkedIn = await sweep(TicketState.CheckedIn);

const sizes: number[] = [];
for (let id = 1; id <= COUNT; id++) {
  sizes.push(
    Buffer.byteLength(renderTicketSvg({ ...SAMPLE_ART, tokenId: BigInt(id), state: TicketState.Valid })),
  );
}
const uriBytes = (await renderer.tokenURI(BigInt(valid.maxTokenId), TicketState.Valid)).length;

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const result = {
  date: new Date().toISOString(),
  versions: {
    hardhat: pkg("hardhat"),
    solc: pkg("solc"),
    solady: pkg("solady"),
    openzeppelin: pkg("@openzeppelin/contracts"),
  },
  hardfork: "osaka (Hardhat 3 default)",
  config: SAMPLE_ART,
  tickets: COUNT,
  runtimeBytes,
  runtimeLimitBytes: 24576,
  deployGas: Number(deployGas),
  tokenUriGas: { budget: 3_000_000, valid, checkedIn },
  svgBytes: {
    budget: 10240,
    min: Math.min(...sizes),
    avg: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
    max: Math.max(...sizes),
  },
  tokenUriBytesOfHeaviest: uriBytes,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/art-gas.json", JSON.stringify(result, null, 2) + "\n");
console.log(
  `PapercutRenderer: runtime ${runtimeBytes} bytes (limit 24,576), deploy ${deployGas} gas\n` +
    `tokenURI gas over ${COUNT} tickets: valid min ${valid.min} / avg ${valid.avg} / max ${valid.max} (token ${valid.maxTokenId}); ` +
    `checked in min ${checkedIn.min} / avg ${checkedIn.avg} / max ${checkedIn.max}\n` +
    `SVG bytes: min ${result.svgBytes.min} / avg ${result.svgBytes.avg} / max ${result.svgBytes.max}`,
);
