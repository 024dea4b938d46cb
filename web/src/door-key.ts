import { Wallet } from "ethers";

import type { DoorDelegation } from "../../src/checkin/door-code.js";
import { KeptStore } from "./idb.js";

/**
 * The one-scan door's page key (issue 20): a random secp256k1 key that the holder's wallet delegated one ticket's
 * door proofs to, kept in this browser with the delegation. Its private key is sealed with an AES-GCM key the
 * browser keeps non-extractable in IndexedDB (as the browser wallet's phrase is), so the page can show door codes
 * later without a wallet and without a connection. It can admit only that ticket, only while its signer holds it,
 * and only until the delegation's end.
 */
const store = new KeptStore("papercut-door-keys", "keys");

interface Sealed {
  key: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
  /** The delegation, its numbers as decimal strings. */
  delegation: {
    chainId: string;
    contract: string;
    tokenId: string;
    delegate: string;
    notAfter: number;
    signature: string;
  };
}

function id(chainId: bigint | string, contract: string, tokenId: bigint | string): string {
  return `${chainId}:${contract.toLowerCase()}:${tokenId}`;
}

/** A fresh page key (not kept yet: {@link keepDoorKey} once the wallet signed its delegation). */
export function newDoorKey(): Wallet {
  return new Wallet(Wallet.createRandom().privateKey);
}

/** Keeps a page key with its delegation, replacing the ticket's earlier one. */
export async function keepDoorKey(key: Wallet, delegation: DoorDelegation): Promise<void> {
  const sealingKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    sealingKey,
    new TextEncoder().encode(key.privateKey),
  );
  const sealed: Sealed = {
    key: sealingKey,
    iv,
    data,
    delegation: {
      ...delegation,
      chainId: delegation.chainId.toString(),
      tokenId: delegation.tokenId.toString(),
    },
  };
  await store.put(id(delegation.chainId, delegation.contract, delegation.tokenId), sealed);
}

/** The kept page key and delegation of a ticket, unsealed, or undefined when there is none. */
export async function loadDoorKey(
  chainId: string,
  contract: string,
  tokenId: bigint,
): Promise<{ key: Wallet; delegation: DoorDelegation } | undefined> {
  if (typeof indexedDB === "undefined") return undefined;
  const sealed = await store.get<Sealed>(id(chainId, contract, tokenId));
  if (sealed === undefined) return undefined;
  const privateKey = new TextDecoder().decode(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, sealed.key, sealed.data),
  );
  const d = sealed.delegation;
  return {
    key: new Wallet(privateKey),
    delegation: { ...d, chainId: BigInt(d.chainId), tokenId: BigInt(d.tokenId) },
  };
}
