/**
 * Measures the papercut renderer on the in-process network (osaka rules): runtime size, deploy gas (the glyph set
 * decoded and stored included), the glyph set's bytes per character, and the gas of `tokenURI` for every one of
 * the sample event's 5,000 tickets in each of the four states (min / avg / max), with the SVG sizes (the
 * TypeScript mirror's, byte-identical to the chain's).
 *
 * Per-token gas is measured in batches through `TokenUriGasProbe` (bare STATICCALLs) and converted to
 * standalone `eth_call` gas with an offset calibrated on a few tokens against `eth_estimateGas`.
 * Gas is deterministic; results go to bench/results/art-gas.json with the date and versions.
 *
 * Run: npx hardhat run bench/art-gas.ts   (ART_GAS_COUNT=500 for a quicker partial run; ART_GAS_STATES=3 sweeps
 * the voided state alone, the heaviest stamp, and measures the heaviest ticket found in every state;
 * ART_GAS_OUT=file writes elsewhere). On a busy two-core machine a state takes about half an hour.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { network } from "hardhat";

import PapercutRendererModule, { SAMPLE_ART } from "../ignition/modules/PapercutRenderer.js";
import { renderTicketSvg } from "../src/art/render-ticket-svg.js";
import { designTicket } from "../src/art/design.js";
import { decodeGlyphSet } from "../src/art/glyphs/decode-glyph-set.js";
import { tokenSeed } from "../src/art/random.js";
import { TicketState, type TicketStateValue } from "../src/art/state.js";

const COUNT = Number(process.env.ART_GAS_COUNT ?? "5000");
/** The states swept on-chain (ART_GAS_STATES=3 for voided alone, the heaviest stamp); all four by default. */
const STATES = (process.env.ART_GAS_STATES ?? "0,1,2,3").split(",").map(Number) as TicketStateValue[];
const OUT = process.env.ART_GAS_OUT ?? "bench/results/art-gas.json";
// EIP-7825 caps even eth_call at 16,777,216 gas: five tokenURIs (under 3M gas each) fit.
const BATCH = 5;
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
/** The SSTORE2 data contract the renderer's constructor created (its first CREATE: nonce 1). */
const dataContractOf = (creator: string) => ethers.getCreateAddress({ from: creator, nonce: 1 });
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

const STATE_KEYS = ["valid", "checkedIn", "souvenir", "voided"] as const;
const swept: Partial<Record<(typeof STATE_KEYS)[number], Awaited<ReturnType<typeof sweep>>>> = {};
for (const state of STATES) swept[STATE_KEYS[state]] = await sweep(state);
// The heaviest ticket of the swept states, in every state (standalone eth_estimateGas).
const heaviest = Object.values(swept).reduce((a, b) => (a.max >= b.max ? a : b));
const heaviestInEveryState: Record<string, number> = {};
for (const [state, key] of STATE_KEYS.entries()) {
  heaviestInEveryState[key] = Number(await standalone(BigInt(heaviest.maxTokenId), state));
}

const sizes: number[] = [];
const sizesByState: Record<string, number[]> = { valid: [], checkedIn: [], souvenir: [], voided: [] };
for (let id = 1; id <= COUNT; id++) {
  const design = designTicket(tokenSeed({ salt: SAMPLE_ART.salt, tokenId: BigInt(id) }));
  Object.values(sizesByState).forEach((list, state) => {
    const svg = renderTicketSvg({
      ...SAMPLE_ART,
      tokenId: BigInt(id),
      state: state as TicketStateValue,
      design,
    });
    list.push(Buffer.byteLength(svg));
  });
  sizes.push(...Object.values(sizesByState).map((list) => list[list.length - 1]!));
}
const stats = (xs: number[]) => ({
  min: Math.min(...xs),
  avg: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length),
  max: Math.max(...xs),
});

// The glyph set: bytes per character (encoded outlines) and per drawn glyph (SVG path text).
const glyphBytes = ethers.getBytes(SAMPLE_ART.glyphs);
const glyphCount = glyphBytes[0]!;
const snippets = [...decodeGlyphSet(glyphBytes).entries()];
const cjk = snippets.filter(([code]) => code >= 0x3000);
const glyphBytesOf = (code: number) => {
  const i = snippets.findIndex(([c]) => c === code);
  const start = (glyphBytes[1 + 6 * i + 3]! << 8) | glyphBytes[1 + 6 * i + 4]!;
  const end =
    i + 1 < glyphCount
      ? (glyphBytes[1 + 6 * (i + 1) + 3]! << 8) | glyphBytes[1 + 6 * (i + 1) + 4]!
      : glyphBytes.length - 1 - 6 * glyphCount;
  return end - start + 6;
};
const uriBytes = (await renderer.tokenURI(BigInt(heaviest.maxTokenId), TicketState.Voided)).length;

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
  config: {
    salt: SAMPLE_ART.salt,
    eventNameZh: SAMPLE_ART.eventNameZh,
    eventName: SAMPLE_ART.eventName,
    dateTextZh: SAMPLE_ART.dateTextZh,
    dateText: SAMPLE_ART.dateText,
    externalUrl: SAMPLE_ART.externalUrl,
    eventDate: Number(SAMPLE_ART.eventDate),
  },
  tickets: COUNT,
  runtimeBytes,
  runtimeLimitBytes: 24576,
  deployGas: Number(deployGas),
  deployGasBudget: 9_000_000,
  deployGasNote:
    "the renderer's deployment, which decodes the glyph set and creates its SSTORE2 data contract",
  glyphs: {
    font: "LXGW WenKai Bold (lxgw-wenkai-webfont 1.7.0), grid 64, RDP tolerance 1.5",
    characters: glyphCount,
    chineseCharacters: cjk.length,
    setBytes: glyphBytes.length,
    bytesPerChineseCharacter: Math.round(cjk.reduce((a, [c]) => a + glyphBytesOf(c), 0) / cjk.length),
    bytesPerCharacter: Math.round(glyphBytes.length / glyphCount),
    svgPathBytesPerChineseCharacter: Math.round(cjk.reduce((a, [, g]) => a + g.path.length, 0) / cjk.length),
    dataContractBytes: (await ethers.provider.getCode(dataContractOf(address))).length / 2 - 1,
  },
  tokenUriGas: {
    budget: 3_000_000,
    sweptStates: STATES.map((st) => STATE_KEYS[st]),
    ...swept,
    heaviestTokenId: heaviest.maxTokenId,
    heaviestInEveryState,
  },
  svgBytes: {
    budget: 16384,
    ...stats(sizes),
    byState: Object.fromEntries(Object.entries(sizesByState).map(([k, v]) => [k, stats(v)])),
  },
  tokenUriBytesOfHeaviest: uriBytes,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
console.log(
  `PapercutRenderer: runtime ${runtimeBytes} bytes (limit 24,576), deploy ${deployGas} gas\n` +
    `tokenURI gas over ${COUNT} tickets: ` +
    Object.entries(swept)
      .map(([k, v]) => `${k} min ${v.min} / avg ${v.avg} / max ${v.max} (token ${v.maxTokenId})`)
      .join("; ") +
    `\nheaviest (token ${heaviest.maxTokenId}) in every state: ${JSON.stringify(heaviestInEveryState)}\n` +
    `glyphs: ${glyphCount} characters, ${glyphBytes.length} bytes, ${result.glyphs.bytesPerChineseCharacter} bytes per Chinese character\n` +
    `SVG bytes: min ${result.svgBytes.min} / avg ${result.svgBytes.avg} / max ${result.svgBytes.max}`,
);
