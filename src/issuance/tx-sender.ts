import { rpc, toQuantity, type Eip1193Provider } from "../chain/eip1193.js";
import type { SigningMode } from "./journal.js";

/** The fields of an EIP-1559 transaction the issuance code sends; every one is explicit. */
export interface UnsignedTransaction {
  chainId: bigint;
  nonce: number;
  to: string;
  data: string;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/**
 * Who sends the batches, and how their transactions get signed. With `sign`, the signed raw transaction (and so
 * its hash) exists before broadcast and is journaled first; without it (`node-send`, a node's unlocked account
 * that cannot sign without sending) the intent is journaled first and the chain is read to find the outcome.
 */
export interface TxSender {
  readonly address: string;
  readonly mode: SigningMode;
  /** Signs without sending; present in `key` and `node-sign` modes. */
  sign?: (tx: UnsignedTransaction) => Promise<string>;
}

/** Anything that signs transactions offline, e.g. an ethers `Wallet` (never logged, never written). */
export interface OfflineSigner {
  readonly address: string;
  signTransaction(tx: {
    type: 2;
    chainId: bigint;
    nonce: number;
    to: string;
    data: string;
    gasLimit: bigint;
    maxFeePerGas: bigint;
    maxPriorityFeePerGas: bigint;
    value: bigint;
  }): Promise<string>;
}

/**
 * A sender with a local key: transactions are signed in this process.
 *
 * @param signer E.g. `new Wallet(key)`; the key stays in memory.
 * @returns The sender.
 * @example
 * const sender = createKeySender(new Wallet(privateKey));
 */
export function createKeySender(signer: OfflineSigner): TxSender {
  return {
    address: signer.address.toLowerCase(),
    mode: "key",
    sign: (tx) => signer.signTransaction({ type: 2, value: 0n, ...tx }),
  };
}

export interface CreateNodeSenderParameters {
  provider: Eip1193Provider;
  /** An unlocked account of the node. */
  address: string;
}

/**
 * A sender using a node's unlocked account (`npx hardhat node`, anvil). If the node implements
 * `eth_signTransaction` (anvil does, Hardhat's does not), transactions are signed first as with a key
 * (`node-sign`); otherwise they are sent with `eth_sendTransaction` (`node-send`).
 *
 * @param parameters The provider and account.
 * @returns The sender.
 * @example
 * const sender = await createNodeSender({ provider, address: accounts[0] });
 */
export async function createNodeSender({ provider, address }: CreateNodeSenderParameters): Promise<TxSender> {
  const from = address.toLowerCase();
  const sign = async (tx: UnsignedTransaction) =>
    rpc<string>(provider, "eth_signTransaction", [
      {
        from,
        to: tx.to,
        data: tx.data,
        value: "0x0",
        type: "0x2",
        chainId: toQuantity(tx.chainId),
        nonce: toQuantity(tx.nonce),
        gas: toQuantity(tx.gasLimit),
        maxFeePerGas: toQuantity(tx.maxFeePerGas),
        maxPriorityFeePerGas: toQuantity(tx.maxPriorityFeePerGas),
      },
    ]);
  try {
    const chainId = BigInt(await rpc<string>(provider, "eth_chainId"));
    const raw = await sign({
      chainId,
      nonce: 0,
      to: from,
      data: "0x",
      gasLimit: 21_000n,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    });
    if (typeof raw === "string" && raw.startsWith("0x")) return { address: from, mode: "node-sign", sign };
  } catch {
    // eth_signTransaction unsupported (Hardhat's node): fall back to eth_sendTransaction
  }
  return { address: from, mode: "node-send" };
}
