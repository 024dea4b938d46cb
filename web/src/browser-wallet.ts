import { HDNodeWallet, Mnemonic, Wallet } from "ethers";

import { KeptStore } from "./idb.js";

/**
 * A wallet made and kept by the pages, for a claim-link attendee who has none: its recovery phrase is sealed with
 * an AES-GCM key that the browser keeps non-extractable in IndexedDB (script cannot read that key's bytes, and a
 * copy of the site's storage files alone does not give the phrase away). Anyone who can run script on this site can
 * still use it, and clearing the browser's data loses it: the page asks the attendee to write the 12 words down.
 */
const store = new KeptStore("papercut-browser-wallet", "wallet");
const ID = "main";

interface Sealed {
  key: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
  address: string;
}

/** The address of the wallet kept in this browser, or undefined when there is none. */
export async function browserWalletAddress(): Promise<string | undefined> {
  if (typeof indexedDB === "undefined") return undefined;
  const sealed = await store.get<Sealed>(ID);
  return sealed?.address;
}

/**
 * Makes a new wallet and keeps it in this browser (the phrase sealed under a non-extractable key). Refuses to
 * replace one that is already kept: its tickets would be lost.
 *
 * @returns The new wallet, with its recovery phrase for the attendee to write down.
 */
export async function createBrowserWallet(): Promise<HDNodeWallet> {
  if ((await browserWalletAddress()) !== undefined)
    throw new Error("a wallet is already kept in this browser");
  const wallet = Wallet.createRandom();
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    key,
    new TextEncoder().encode(wallet.mnemonic!.phrase),
  );
  const sealed: Sealed = { key, iv, data, address: wallet.address };
  await store.put(ID, sealed);
  return wallet;
}

/** The wallet kept in this browser, unsealed for signing, or undefined when there is none. */
export async function loadBrowserWallet(): Promise<HDNodeWallet | undefined> {
  if (typeof indexedDB === "undefined") return undefined;
  const sealed = await store.get<Sealed>(ID);
  if (sealed === undefined) return undefined;
  const phrase = new TextDecoder().decode(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, sealed.key, sealed.data),
  );
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase));
}
