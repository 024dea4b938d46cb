/**
 * Measures gate check-in gas on the in-process network (osaka rules): a single `checkIn` (the first in its
 * 128-ticket flag slot, and one whose slot is already written), a single check-in of a smart-wallet holder
 * (ERC-1271), and `checkInBatch` of 10 to 500 consecutive tickets, per ticket; plus the ticket contract's runtime
 * size. Gas is deterministic; the figures go to bench/results/checkin-gas.json with the date and versions.
 *
 * Run: npm run bench:checkin-gas
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import PapercutTicketModule from "../ignition/modules/PapercutTicket.js";
import { createChallenge } from "../src/checkin/create-challenge.js";
import { signCheckInProof } from "../src/checkin/sign-proof.js";
import { toContractProof } from "../src/checkin/typed-data.js";

const BATCHES = [10, 50, 100, 200, 500];
const connection = await network.create();
const { ethers } = connection;
const [admin] = await ethers.getSigners();

const { ticket: deployed } = await connection.ignition.deploy(PapercutTicketModule, { displayUi: false });
const ticket = await ethers.getContractAt("PapercutTicket", await deployed.getAddress());
const contract = await ticket.getAddress();
const chainId = (await ethers.provider.getNetwork()).chainId;
const runtimeBytes = ethers.getBytes(await ethers.provider.getCode(contract)).length;

// Deterministic holders, issued in batches sorted by address (the order airdrops use).
const total = 2 + 1 + BATCHES.reduce((a, b) => a + b, 0);
const holders = Array.from({ length: total }, (_, i) => new Wallet(keccak256(toUtf8Bytes(`holder ${i}`))));
const wallet = await ethers.deployContract("SmartWalletMock", [holders[0]!.address]);
// One batch of all holders and the smart wallet: a compact roster (at least ROSTER_MIN_BATCH recipients), as the
// tickets of a real airdrop are.
const byToken = new Map<bigint, Wallet>();
const walletAddress = await wallet.getAddress();
const entries: { address: string; holder?: Wallet }[] = [
  ...holders.map((h) => ({ address: h.address, holder: h })),
  { address: walletAddress },
];
entries.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
if (entries.length < Number(await ticket.ROSTER_MIN_BATCH()))
  throw new Error("the batch would not be a roster");
await (
  await ticket.airdrop(
    1n,
    entries.map((e) => e.address),
  )
).wait();
let walletTicket = 0n;
for (const [i, e] of entries.entries()) {
  if (e.holder === undefined) walletTicket = BigInt(i + 1);
  else byToken.set(BigInt(i + 1), e.holder);
}

let nonce = 0;
async function proof(tokenId: bigint, signer?: Wallet) {
  nonce += 1;
  const challenge = createChallenge({
    gate: "NORTH-1",
    chainId,
    contract,
    randomBytes: () => ethers.getBytes(ethers.zeroPadValue(ethers.toBeHex(nonce), 16)),
  });
  return toContractProof(
    await signCheckInProof({ signer: signer ?? byToken.get(tokenId)!, challenge, tokenId }),
  );
}
async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) {
  return (await (await tx).wait())!.gasUsed;
}

const gate = ticket.connect(admin);
// Holders' tickets in ID order; the contract's very first check-in also records once that flags are in use.
const ids = [...byToken.keys()];
const firstEver = await gasOf(gate.checkIn(await proof(ids.shift()!)));
const singleWarmSlot = await gasOf(gate.checkIn(await proof(ids.shift()!)));
const freshSlotId = ids.find((i) => i >= 128n)!;
ids.splice(ids.indexOf(freshSlotId), 1);
const singleFreshSlot = await gasOf(gate.checkIn(await proof(freshSlotId)));
const singleErc1271 = await gasOf(gate.checkIn(await proof(walletTicket, holders[0])));
const batches = [];
for (const size of BATCHES) {
  const proofs = [];
  for (let i = 0; i < size; i++) proofs.push(await proof(ids.shift()!));
  const gasUsed = await gasOf(gate.checkInBatch(proofs));
  batches.push({
    tickets: size,
    gasUsed: gasUsed.toString(),
    gasPerTicket: Math.round(Number(gasUsed) / size),
  });
}

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const result = {
  date: new Date().toISOString(),
  versions: { hardhat: pkg("hardhat"), solc: pkg("solc"), openzeppelin: pkg("@openzeppelin/contracts") },
  hardfork: "osaka (Hardhat 3 default)",
  runtimeBytes,
  runtimeLimitBytes: 24576,
  ticketsFrom: "one compact roster (the tickets of an airdrop)",
  single: {
    eoaFirstEver: firstEver.toString(),
    eoaFirstInFlagSlot: singleFreshSlot.toString(),
    eoaFlagSlotAlreadyWritten: singleWarmSlot.toString(),
    erc1271Wallet: singleErc1271.toString(),
  },
  batches,
  notes:
    "Tickets are 2 flag bits each, 128 per storage slot: the first check-in in a slot pays the 20,000-gas fresh write. " +
    "The contract's very first check-in (or void) also records once that ticket flags are in use. " +
    "Batch figures include the 21,000 base cost and calldata (~330 bytes per proof).",
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/checkin-gas.json", JSON.stringify(result, null, 2) + "\n");
console.log(`PapercutTicket runtime ${runtimeBytes} bytes`);
console.log(
  `checkIn: ${firstEver} gas (first ever), ${singleFreshSlot} (first in its slot), ${singleWarmSlot} (slot written), ${singleErc1271} (ERC-1271)`,
);
for (const b of batches)
  console.log(`checkInBatch(${b.tickets}): ${b.gasUsed} gas = ${b.gasPerTicket} per ticket`);
