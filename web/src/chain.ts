import { BrowserProvider, Contract, JsonRpcProvider, type Eip1193Provider, type Provider } from "ethers";

import { ticketAbi } from "../../src/chain/abis.js";
import type { SiteConfig } from "../../src/web/site-config.js";
import { t } from "./i18n.js";

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

/** A short human message for an error. */
export function describe(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown };
  if (typeof e?.shortMessage === "string") return e.shortMessage;
  if (typeof e?.message === "string") return e.message.split("\n")[0] ?? "Something went wrong.";
  return String(error);
}
