import { BrowserProvider, Contract, JsonRpcProvider, type Eip1193Provider, type Provider } from "ethers";

import { ticketAbi } from "../../src/chain/abis.js";
import type { SiteConfig } from "../../src/web/site-config.js";
import { t, type MessageKey } from "./i18n.js";

declare global {
  interface Window {
    ethereum?: Eip1193Provider & {
      on?: (event: string, fn: (...args: unknown[]) => void) => void;
    };
  }
}

/** A provider for reading: the visitor's wallet if there is one, else the configured public RPC. */
export function readProvider(config: SiteConfig): Provider {
  if (window.ethereum) return new BrowserProvider(window.ethereum, Number(config.chainId));
  if (config.rpcUrl)
    return new JsonRpcProvider(config.rpcUrl, Number(config.chainId), { staticNetwork: true });
  throw new WalletError(t("wallet.noneNoRpc"));
}

/** The ticket contract, read-only or with a signer. */
export function ticketContract(config: SiteConfig, runner: Provider | import("ethers").Signer): Contract {
  return new Contract(config.ticket, ticketAbi, runner);
}

export class WalletError extends Error {
  override name = "WalletError";
}

/**
 * Asks the injected wallet for an account and checks it is on the event's chain (asking the wallet to switch
 * if not). A refusal (EIP-1193 code 4001) becomes a clear message.
 */
export async function connectWallet(config: SiteConfig) {
  const injected = window.ethereum;
  if (!injected) throw new WalletError(t("wallet.none"));
  const provider = new BrowserProvider(injected);
  try {
    await provider.send("eth_requestAccounts", []);
  } catch (error) {
    throw new WalletError(refusal(error) ? t("wallet.declined") : describe(error));
  }
  const chainId = (await provider.getNetwork()).chainId;
  if (chainId.toString() !== config.chainId) {
    try {
      await provider.send("wallet_switchEthereumChain", [
        { chainId: "0x" + BigInt(config.chainId).toString(16) },
      ]);
    } catch {
      throw new WalletError(
        t("wallet.wrongChain", { chain: chainId, network: config.networkName, want: config.chainId }),
      );
    }
  }
  const signer = await provider.getSigner();
  return { provider, signer, address: await signer.getAddress() };
}

/** Whether an error is a user's refusal in the wallet (EIP-1193 code 4001, as ethers wraps it). */
export function refusal(error: unknown): boolean {
  const e = error as { code?: unknown; error?: { code?: unknown }; info?: { error?: { code?: unknown } } };
  return (
    e?.code === 4001 ||
    e?.code === "ACTION_REJECTED" ||
    e?.error?.code === 4001 ||
    e?.info?.error?.code === 4001
  );
}

/** ethers' error codes a visitor may meet, and what the page says about them in its language. */
const ERROR_KEYS: Record<string, MessageKey> = {
  NETWORK_ERROR: "error.network",
  TIMEOUT: "error.timeout",
  SERVER_ERROR: "error.server",
  INSUFFICIENT_FUNDS: "error.funds",
  ACTION_REJECTED: "error.rejected",
  NONCE_EXPIRED: "error.nonce",
  REPLACEMENT_UNDERPRICED: "error.nonce",
};

/**
 * A short human message for an error, in the page's language: a known failure (no connection, a timeout, the
 * node's error, too little gas money, a refusal in the wallet) is said in the catalog's words; anything else is
 * shown as the library wrote it (its first line), since it is the only detail there is.
 */
export function describe(error: unknown): string {
  const e = error as { code?: unknown; shortMessage?: unknown; message?: unknown };
  if (refusal(error)) return t("error.rejected");
  if (typeof e?.code === "string" && ERROR_KEYS[e.code] !== undefined) return t(ERROR_KEYS[e.code]!);
  // fetch() itself failing (offline, refused connection) is a TypeError in every browser.
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message))
    return t("error.network");
  if (typeof e?.shortMessage === "string") return e.shortMessage;
  if (typeof e?.message === "string") return e.message.split("\n")[0] ?? t("error.unknown");
  return String(error);
}
