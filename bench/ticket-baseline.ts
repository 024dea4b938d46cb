/**
 * Measures the ticket contract's runtime size, deploy gas, and the gas of a 250-recipient airdrop to distinct
 * fresh addresses (below ROSTER_MIN_BATCH: minted to storage) and of a 1,000-recipient one (a compact roster) on the
 * in-process network (osaka rules). Gas is deterministic; the figures are written to
 * bench/results/ticket-baseline.json with the date and versions.
 *
 * Run: npm run bench:ticket
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { network } from "hardhat";

import PapercutTicketModule from "../ignition/modules/PapercutTicket.js";

const RECIPIENTS = 250;
const ROSTER_RECIPIENTS = 1000;
const connection = await network.create();
const { ethers } = connection;

const before = await ethers.provider.getBlockNumber();
const deployed = await connection.ignition.deploy(PapercutTicketModule, { displayUi: false });
const address = await deployed.ticket.getAddress();
const ticket = await ethers.getContractAt("PapercutTicket", address);
let deployGas = 0n;
for (let n = before + 1; n <= (await ethers.provider.getBlockNumber()); n++) {
  for (const hash of (await ethers.provider.getBlock(n))?.transactions ?? []) {
    const receipt = await ethers.provider.getTransactionReceipt(hash);
    if (receipt?.contractAddress === address) deployGas = receipt.gasUsed;
  }
}
const runtimeBytes = ethers.getBytes(await ethers.provider.getCode(address)).length;

// Distinct fresh addresses, sorted ascending (the order batches are sent in).
const fresh = (n: number, from: bigint) =>
  Array.from({ length: n }, (_, i) => ethers.getAddress(ethers.toBeHex(from + BigInt(i) * 7919n, 20)));
const recipients = fresh(RECIPIENTS, 0x1000n);
const receipt = await (await ticket.airdrop(1n, recipients)).wait();
if (receipt === null) throw new Error("the airdrop was not mined");
const airdropGas = receipt.gasUsed;
const rosterReceipt = await (
  await ticket.airdrop(BigInt(RECIPIENTS + 1), fresh(ROSTER_RECIPIENTS, 1n << 150n))
).wait();
if (rosterReceipt === null || (await ticket.rosterCount()) !== 1n)
  throw new Error("the roster was not written");
const rosterGas = rosterReceipt.gasUsed;

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const result = {
  date: new Date().toISOString(),
  versions: { hardhat: pkg("hardhat"), solc: pkg("solc"), openzeppelin: pkg("@openzeppelin/contracts") },
  hardfork: "osaka (Hardhat 3 default)",
  runtimeBytes,
  runtimeLimitBytes: 24576,
  deployGas: deployGas.toString(),
  rosterMinBatch: Number(await ticket.ROSTER_MIN_BATCH()),
  airdrop: {
    recipients: RECIPIENTS,
    path: "storage",
    gasUsed: airdropGas.toString(),
    gasPerTicket: Number(airdropGas) / RECIPIENTS,
  },
  rosterAirdrop: {
    recipients: ROSTER_RECIPIENTS,
    path: "roster",
    gasUsed: rosterGas.toString(),
    gasPerTicket: Number(rosterGas) / ROSTER_RECIPIENTS,
  },
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/ticket-baseline.json", JSON.stringify(result, null, 2) + "\n");
console.log(
  `PapercutTicket: runtime ${runtimeBytes} bytes (limit 24,576), deploy ${deployGas} gas, ` +
    `airdrop of ${RECIPIENTS} distinct recipients (storage) ${airdropGas} gas = ${(Number(airdropGas) / RECIPIENTS).toFixed(0)} gas/ticket all-in, ` +
    `of ${ROSTER_RECIPIENTS} (roster) ${rosterGas} gas = ${(Number(rosterGas) / ROSTER_RECIPIENTS).toFixed(0)} gas/ticket`,
);
