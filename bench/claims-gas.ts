/**
 * Gas of claim links on the in-process network (osaka rules): what the organizer pays to commit a batch of
 * 5,000 links, and what one claim costs whoever submits it (the attendee, or the organizer's relayer), over a
 * sample of claims from that batch. Gas is deterministic (the links are generated from a fixed seed); the
 * figures are written to bench/results/claims-gas.json and .md with the date and versions.
 *
 * Run: npm run bench:claims
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { network } from "hardhat";

import { claimCallArguments } from "../src/claims/claim-call-arguments.js";
import { signClaim } from "../src/claims/sign-claim.js";
import { deployClaims, makeBatch } from "../test/support/claims-fixture.js";
import { deployTicket } from "../test/support/ticket-fixture.js";

const LINKS = 5000;
const SAMPLE = 256;

const connection = await network.create();
const { ethers } = connection;
const [organizer, relayer] = await ethers.getSigners();
const chainId = (await ethers.provider.getNetwork()).chainId;

const ticket = await deployTicket(connection, { cap: 10_000n });
const before = await ethers.provider.getBlockNumber();
const claims = await deployClaims(connection, ticket);
const claimsAddress = await claims.getAddress();
let deployGas = 0n;
for (let n = before + 1; n <= (await ethers.provider.getBlockNumber()); n++) {
  for (const hash of (await ethers.provider.getBlock(n))?.transactions ?? []) {
    const receipt = await ethers.provider.getTransactionReceipt(hash);
    if (receipt?.contractAddress === claimsAddress) deployGas = receipt.gasUsed;
  }
}
const runtimeBytes = ethers.getBytes(await ethers.provider.getCode(claimsAddress)).length;

const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
  (await (await tx).wait())!.gasUsed;

// The organizer: two batches of 5,000 links (the first pays for the batch counter's first write).
const first = await makeBatch(claims, { count: LINKS, chainId, seed: "bench" });
const commitFirst = await gasOf(claims.commitBatch(first.batchId, first.root, LINKS, first.tickets, 0n));
const second = await makeBatch(claims, { count: LINKS, chainId, seed: "bench" });
const commitSecond = await gasOf(claims.commitBatch(second.batchId, second.root, LINKS, second.tickets, 0n));

// The claimer: a sample of links of the first batch, spread over it, each to a fresh wallet.
const step = Math.floor(LINKS / SAMPLE);
const perClaim: { index: number; proofLength: number; gas: bigint }[] = [];
for (let k = 0; k < SAMPLE; k++) {
  const link = first.links[k * step]!;
  const recipient = ethers.getAddress(ethers.toBeHex(0x10000n + BigInt(k) * 7919n, 20));
  const gas = await gasOf(
    claims.connect(relayer).claim(...claimCallArguments(signClaim({ link, recipient }))),
  );
  perClaim.push({ index: k * step, proofLength: link.proof.length, gas });
}
const gases = perClaim.map((c) => c.gas);
const sum = gases.reduce((a, b) => a + b, 0n);
const steady = perClaim.slice(1);
const mean = (xs: bigint[]) => Number(xs.reduce((a, b) => a + b, 0n)) / xs.length;

// For comparison: one ticket by airdrop to one fresh wallet (what the organizer pays when it knows the address).
const airdropOne = await gasOf(
  ticket
    .connect(organizer)
    .airdrop(await ticket.nextTokenId(), [ethers.getAddress(ethers.toBeHex(0xabcdefn, 20))]),
);

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const result = {
  date: new Date().toISOString(),
  versions: {
    hardhat: pkg("hardhat"),
    solc: pkg("solc"),
    openzeppelin: pkg("@openzeppelin/contracts"),
    merkleTree: pkg("@openzeppelin/merkle-tree"),
  },
  hardfork: "osaka (Hardhat 3 default)",
  ticketClaims: { runtimeBytes, deployGas: deployGas.toString() },
  organizer: {
    links: LINKS,
    commitFirstBatchGas: commitFirst.toString(),
    commitLaterBatchGas: commitSecond.toString(),
    note: "constant in the batch size: one root and one packed slot per batch",
  },
  claimer: {
    sampleClaims: SAMPLE,
    batchLinks: LINKS,
    firstClaimEverGas: gases[0]!.toString(),
    meanGas: Number(sum) / gases.length,
    meanGasAfterFirst: mean(steady.map((c) => c.gas)),
    minGas: gases.reduce((a, b) => (a < b ? a : b)).toString(),
    maxGas: gases.reduce((a, b) => (a > b ? a : b)).toString(),
    meanGasProof12: mean(steady.filter((c) => c.proofLength === 12).map((c) => c.gas)),
    meanGasProof13: mean(steady.filter((c) => c.proofLength === 13).map((c) => c.gas)),
    note: "quantity 1, fresh recipient; the first claim ever also pays the first write of the ticket counter",
  },
  comparison: { airdropOneTicketOneTxGas: airdropOne.toString() },
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/claims-gas.json", JSON.stringify(result, null, 2) + "\n");
const md = `# Claim links: gas (${result.date.slice(0, 10)})

Hardhat ${result.versions.hardhat}, solc ${result.versions.solc}, OpenZeppelin ${result.versions.openzeppelin},
@openzeppelin/merkle-tree ${result.versions.merkleTree}, ${result.hardfork}. Produced by \`npm run bench:claims\`.

| What | Gas |
|---|---|
| Deploy \`TicketClaims\` (${runtimeBytes} bytes runtime) | ${deployGas} |
| Organizer: commit a batch of ${LINKS} links (first batch) | ${commitFirst} |
| Organizer: commit a batch of ${LINKS} links (later batch) | ${commitSecond} |
| Claimer: one claim, mean of ${SAMPLE} from a ${LINKS}-link batch (12–13 proof hashes) | ${Math.round(result.claimer.meanGas)} |
| Claimer: one claim, mean after the first | ${Math.round(result.claimer.meanGasAfterFirst)} |
| Claimer: min / max | ${result.claimer.minGas} / ${result.claimer.maxGas} |
| Claimer: the very first claim (cold counters) | ${result.claimer.firstClaimEverGas} |
| For comparison: airdrop of one ticket in its own transaction | ${airdropOne} |
`;
writeFileSync("bench/results/claims-gas.md", md);
console.log(md);
