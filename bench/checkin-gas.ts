/**
 * Measures gate check-in gas on the in-process network (osaka rules): a single `checkIn` (the first in its
 * 128-ticket flag slot, and one whose slot is already written), a single check-in of a smart-wallet holder
 * (ERC-1271), and `checkInBatch` of 10 to 500 consecutive tickets, per ticket; plus the ticket contract's runtime
 * size. Then, on a second ticket whose event window is reached by moving the clock, a holder's transfer before
 * the event, inside it (where the contract records the previous holder for check-in) and after it, and the
 * check-in of a proof signed by a holder who moved the ticket on after signing. Gas is deterministic; the figures
 * go to bench/results/checkin-gas.json with the date and versions.
 *
 * Run: npm run bench:checkin-gas
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { Wallet, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import type { IERC721Conformance } from "../types/ethers-contracts/index.js";
import { transferGas } from "./lib/gas.js";

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

// Transfers and a check-in around the event window, on a ticket whose window is an hour from now.
const { networkHelpers } = connection;
const now = BigInt(await networkHelpers.time.latest());
const windowStart = now + 3600n;
const windowEnd = windowStart + 3600n;
const { ticket: deployed2 } = await connection.ignition.deploy(PapercutTicketModule, {
  displayUi: false,
  parameters: { PapercutTicketModule: { eventStart: windowStart, eventEnd: windowEnd } },
});
const ticket2 = await ethers.getContractAt("PapercutTicket", await deployed2.getAddress());
const contract2 = await ticket2.getAddress();
const holders2 = Array.from(
  { length: 256 },
  (_, i) => new Wallet(keccak256(toUtf8Bytes(`window holder ${i}`))),
);
holders2.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
await (
  await ticket2.airdrop(
    1n,
    holders2.map((h) => h.address),
  )
).wait();
const fresh = (label: string) => new Wallet(keccak256(toUtf8Bytes(`fresh ${label}`))).address;
const asToken = ticket2 as unknown as IERC721Conformance;
const move = (tokenId: bigint, to: string) => transferGas(ethers, networkHelpers, asToken, tokenId, to);
const outsideFirst = await move(1n, fresh("a1"));
const outsideLater = await move(1n, fresh("a2"));
await networkHelpers.time.increaseTo(windowStart + 1n);
// Ticket 4's holder answers a challenge, then moves the ticket on before the gate commits.
const challenge = createChallenge({ gate: "NORTH-1", chainId, contract: contract2 });
const earlyProof = toContractProof(await signCheckInProof({ signer: holders2[3]!, challenge, tokenId: 4n }));
const insideFirst = await move(3n, fresh("b1"));
const insideLater = await move(3n, fresh("b2"));
await move(4n, fresh("c1"));
let checkInPreviousHolder: string;
try {
  checkInPreviousHolder = (await gasOf(ticket2.connect(admin).checkIn(earlyProof))).toString();
} catch {
  checkInPreviousHolder = "refused (TicketInvalidProof)";
}
await networkHelpers.time.increaseTo(windowEnd + 1n);
const afterFirst = await move(5n, fresh("d1"));
const afterLater = await move(5n, fresh("d2"));

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
  transfers: {
    policy:
      "Transferable (the Ignition default); a roster ticket's first transfer, then the same ticket again",
    beforeEventFirst: outsideFirst.toString(),
    beforeEventLater: outsideLater.toString(),
    duringEventFirst: insideFirst.toString(),
    duringEventLater: insideLater.toString(),
    afterEventFirst: afterFirst.toString(),
    afterEventLater: afterLater.toString(),
  },
  checkInSignedByPreviousHolder: checkInPreviousHolder,
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
console.log(
  `transfer before the event ${outsideFirst} / ${outsideLater}, during ${insideFirst} / ${insideLater}, ` +
    `after ${afterFirst} / ${afterLater} (first / later); check-in signed by the previous holder: ${checkInPreviousHolder}`,
);
