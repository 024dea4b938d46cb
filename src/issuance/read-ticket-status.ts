import type { Interface } from "ethers";

import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { findDeploymentBlock } from "../chain/find-deployment-block.js";
import { forEachLogPage } from "../chain/read-logs.js";
import { hexToBytes, RecipientTableBuilder } from "./recipient-table.js";
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
  // Owners as indexes into a compact address set, one slot per token ID (IDs are dense below nextTokenId): a
  // million tickets cost a few tens of megabytes, read page by page.
  const addresses = new RecipientTableBuilder(1024);
  const ownerOf = new Int32Array(Number(nextTokenId) + 1).fill(-1);
  const key = new Uint8Array(20);
  let burned = 0;
  await forEachLogPage({
    provider,
    address: contract,
    topics: [iface.getEvent("Transfer")!.topicHash],
    fromBlock: deploymentBlock,
    toBlock: blockNumber,
    onPage: (logs) => {
      for (const log of logs) {
        if (log.topics.length !== 4) continue;
        const to = "0x" + log.topics[2]!.slice(26);
        const tokenId = Number(BigInt(log.topics[3]!));
        if (tokenId >= ownerOf.length) continue; // minted after the block whose nextTokenId was read
        if (BigInt(to) === 0n) {
          ownerOf[tokenId] = -1;
          burned++;
        } else ownerOf[tokenId] = addresses.insert(hexToBytes(to, key)).index;
      }
    },
  });
  const held = new Uint8Array(addresses.count);
  let holders = 0;
  for (const owner of ownerOf) {
    if (owner >= 0 && held[owner] === 0) {
      held[owner] = 1;
      holders++;
    }
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
    holders,
    burned,
    paused,
    metadataFrozen,
    renderer,
    donationLedger,
    deploymentBlock,
  };
}
