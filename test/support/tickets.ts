import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import {
  ContractFactory,
  getAddress,
  JsonRpcProvider,
  keccak256,
  toUtf8Bytes,
  Wallet,
  ZeroAddress,
  type Provider,
} from "ethers";

import { REPO_ROOT } from "./processes.js";

/** Hardhat's and anvil's first dev account (a public test key). */
export const DEV_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** A provider for plain ethers against a local node (no caching, or instant mining confuses nonces). */
export function localProvider(url: string): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, { cacheTimeout: -1, staticNetwork: true });
}

/**
 * Deploys `PapercutTicket` from the compiled artifact on a node, from dev account 0 (admin and minter).
 *
 * @returns The contract address.
 */
export async function deployTicketOn(url: string, { cap = 5000n, key = DEV_KEY_0 } = {}): Promise<string> {
  const artifact = JSON.parse(
    readFileSync(path.join(REPO_ROOT, "artifacts/contracts/PapercutTicket.sol/PapercutTicket.json"), "utf8"),
  ) as { abi: unknown[]; bytecode: string };
  const provider = localProvider(url);
  const wallet = new Wallet(key, provider);
  const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, wallet);
  // An event in 2030 (start, end) under the Transferable policy: tickets stay valid and movable during tests.
  const contract = await factory.deploy(
    "Test Tickets",
    "TT",
    cap,
    wallet.address,
    ZeroAddress,
    0n,
    "",
    "",
    1_893_456_000n,
    1_893_542_400n,
    0n,
  );
  await contract.waitForDeployment();
  const address = await contract.getAddress();
  provider.destroy();
  return address;
}

/** An attendee list and what each address must end up holding. */
export interface AttendeeFixture {
  file: string;
  expected: Map<string, number>;
  tickets: number;
  rows: number;
}

/**
 * Writes a deterministic attendee CSV: `rows` rows with a name column, every 7th row quantity 2, and every 50th
 * row repeating an earlier address in other letter case (merged).
 */
export function writeAttendees(
  dir: string,
  rows: number,
  { seed = "papercut", name = `attendees-${rows}.csv` } = {},
): AttendeeFixture {
  const expected = new Map<string, number>();
  const lines = ["address,quantity,name"];
  const addresses: string[] = [];
  for (let i = 0; i < rows; i++) {
    let address: string;
    if (i > 0 && i % 50 === 0) address = addresses[i - 25]!.toLowerCase();
    else address = getAddress("0x" + keccak256(toUtf8Bytes(`${seed}-${i}`)).slice(26));
    addresses.push(address);
    const quantity = i % 7 === 3 ? 2 : 1;
    lines.push(`${address},${quantity},Attendee ${i}`);
    const key = address.toLowerCase();
    expected.set(key, (expected.get(key) ?? 0) + quantity);
  }
  const file = path.join(dir, name);
  writeFileSync(file, lines.join("\n") + "\n");
  const tickets = [...expected.values()].reduce((a, b) => a + b, 0);
  return { file, expected, tickets, rows };
}

/**
 * Reads from the chain who received which ticket (`Transfer(0, to, id)` events) and the contract's totals.
 */
export async function readMints(url: string, contract: string) {
  const provider = localProvider(url);
  const transferTopic = keccak256(toUtf8Bytes("Transfer(address,address,uint256)"));
  const perOwner = new Map<string, number>();
  const tokenIds = new Set<bigint>();
  let duplicateIds = 0;
  let mintEvents = 0;
  // In pages of blocks, so that a million mints never come back in one answer.
  const latest = await provider.getBlockNumber();
  for (let from = 0; from <= latest; from += 25) {
    const logs = await provider.getLogs({
      address: contract,
      topics: [transferTopic, "0x" + "0".repeat(64)],
      fromBlock: from,
      toBlock: Math.min(latest, from + 24),
    });
    for (const log of logs) {
      const owner = "0x" + log.topics[2]!.slice(26).toLowerCase();
      const id = BigInt(log.topics[3]!);
      if (tokenIds.has(id)) duplicateIds++;
      tokenIds.add(id);
      perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
    }
    mintEvents += logs.length;
  }
  const totalMinted = BigInt(
    await provider.call({
      to: contract,
      data: keccak256(toUtf8Bytes("totalMinted()")).slice(0, 10),
      blockTag: latest,
    }),
  );
  provider.destroy();
  return { perOwner, totalMinted, mintEvents, duplicateIds };
}

/** Chain-side view of "exactly once": every expected address holds exactly its quantity, nobody else any. */
export async function exactlyOnceProblems(
  url: string,
  contract: string,
  expected: Map<string, number>,
): Promise<string[]> {
  const { perOwner, totalMinted, mintEvents, duplicateIds } = await readMints(url, contract);
  const problems: string[] = [];
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  if (totalMinted !== BigInt(total)) problems.push(`totalMinted ${totalMinted} != ${total} requested`);
  if (mintEvents !== total) problems.push(`${mintEvents} mint events != ${total}`);
  if (duplicateIds > 0) problems.push(`${duplicateIds} token IDs minted twice`);
  for (const [address, quantity] of expected) {
    const got = perOwner.get(address) ?? 0;
    if (got !== quantity) problems.push(`${address} got ${got}, expected ${quantity}`);
  }
  for (const [owner, got] of perOwner) {
    if (!expected.has(owner)) problems.push(`${owner} got ${got} but is not on the list`);
  }
  return problems.slice(0, 20);
}

/** Tickets minted to each address (lower case), from the contract's Transfer(0, to, id) events. */
export async function mintsPerAddress(provider: Provider, contract: string): Promise<Record<string, number>> {
  const logs = await provider.getLogs({
    address: contract,
    topics: [keccak256(toUtf8Bytes("Transfer(address,address,uint256)")), "0x" + "0".repeat(64)],
    fromBlock: 0,
  });
  const per: Record<string, number> = {};
  for (const l of logs) {
    const owner = "0x" + l.topics[2]!.slice(26);
    per[owner] = (per[owner] ?? 0) + 1;
  }
  return per;
}
