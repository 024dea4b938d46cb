import type { Interface } from "ethers";

import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { findDeploymentBlock } from "../chain/find-deployment-block.js";
import { readLogs } from "../chain/read-logs.js";
import { ticketInterface } from "./abi.js";
import { IssuancePreconditionError } from "./errors.js";

export interface ReadTicketStatusParameters {
  provider: Eip1193Provider;
  contract: string;
  iface?: Interface;
}

/** The state of a ticket contract, read from the chain. */
export interface TicketStatus {
  contract: string;
  chainId: bigint;
  blockNumber: number;
  name: string;
  symbol: string;
  cap: bigint;
  minted: bigint;
  remaining: bigint;
  nextTokenId: bigint;
  /** Distinct accounts holding at least one ticket now (from the `Transfer` events). */
  holders: number;
  /** Tickets burned (sent to the zero address). */
  burned: number;
  paused: boolean;
  metadataFrozen: boolean | null;
  renderer: string | null;
  donationLedger: string | null;
  /** The block the contract was created in (where the event scan started). */
  deploymentBlock: number;
}

/**
 * Reads a ticket contract's status: supply (cap, minted, remaining), holders (replaying every `Transfer` event
 * since deployment), paused, metadata frozen, renderer and donation ledger. Views a contract variant lacks read
 * as null.
 *
 * @param parameters Provider and contract.
 * @returns The status.
 * @throws {IssuancePreconditionError} if there is no contract at the address.
 * @example
 * const status = await readTicketStatus({ provider, contract });
 * status.holders; // 4987
 */
export async function readTicketStatus({
  provider,
  contract,
  iface = ticketInterface(),
}: ReadTicketStatusParameters): Promise<TicketStatus> {
  const [chainIdHex, blockHex, code] = await Promise.all([
    rpc<string>(provider, "eth_chainId"),
    rpc<string>(provider, "eth_blockNumber"),
    rpc<string>(provider, "eth_getCode", [contract, "latest"]),
  ]);
  const chainId = BigInt(chainIdHex);
  const blockNumber = Number(BigInt(blockHex));
  if (code === "0x") {
    throw new IssuancePreconditionError(
      "no-contract",
      `there is no contract at ${contract} on chain ${chainId}`,
    );
  }
  const call = async <T>(name: string): Promise<T> => {
    const data = await rpc<string>(provider, "eth_call", [
      { to: contract, data: iface.encodeFunctionData(name, []) },
      blockHex,
    ]);
    return iface.decodeFunctionResult(name, data)[0] as T;
  };
  const optional = async <T>(name: string): Promise<T | null> => {
    try {
      return await call<T>(name);
    } catch {
      return null;
    }
  };
  const [name, symbol, cap, minted, nextTokenId, paused, metadataFrozen, renderer, donationLedger] =
    await Promise.all([
      call<string>("name"),
      call<string>("symbol"),
      call<bigint>("cap"),
      call<bigint>("totalMinted"),
      call<bigint>("nextTokenId"),
      call<boolean>("paused"),
      optional<boolean>("metadataFrozen"),
      optional<string>("renderer"),
      optional<string>("donationLedger"),
    ]);

  const deploymentBlock = await findDeploymentBlock({ provider, address: contract, latest: blockNumber });
  const logs = await readLogs({
    provider,
    address: contract,
    topics: [iface.getEvent("Transfer")!.topicHash],
    fromBlock: deploymentBlock,
    toBlock: blockNumber,
  });
  const owners = new Map<bigint, string>();
  let burned = 0;
  for (const log of logs) {
    if (log.topics.length !== 4) continue;
    const to = "0x" + log.topics[2]!.slice(26);
    const tokenId = BigInt(log.topics[3]!);
    if (BigInt(to) === 0n) {
      owners.delete(tokenId);
      burned++;
    } else owners.set(tokenId, to);
  }
  return {
    contract,
    chainId,
    blockNumber,
    name,
    symbol,
    cap,
    minted,
    remaining: cap - minted,
    nextTokenId,
    holders: new Set(owners.values()).size,
    burned,
    paused,
    metadataFrozen,
    renderer,
    donationLedger,
    deploymentBlock,
  };
}
