import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { chromium, type Browser, type Page } from "playwright-core";
import type { BaseWallet, JsonRpcProvider } from "ethers";

import { buildSite } from "../../src/web/build-site.js";
import { findChromium } from "./chromium.js";

/** Chromium flags for this closed network: no background traffic, no sandbox (root), no GPU. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium (the one `findChromium` finds: CHROME_PATH, playwright-core's, or the system's) with
 * a fresh profile; `extraArgs` adds flags (e.g. a fake camera:
 * `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=frames.y4m`).
 *
 * @throws {ChromiumNotFoundError} Saying what to install, when there is no browser.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  // Playwright gives every launch a fresh temporary profile of its own.
  return chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * Injects an EIP-1193 wallet (`window.ethereum`) into every page of `page`'s context, backed by a real key and a
 * real node: signatures are made by `wallet`, transactions are signed by it and sent to the node, and every other
 * request is forwarded to the node. `refuse` makes the wallet reject (code 4001) the listed methods, as a user
 * clicking "Reject" would.
 */
export async function installTestWallet(
  page: Page,
  wallet: BaseWallet,
  provider: JsonRpcProvider,
  { refuse = [] as string[], onRequest }: { refuse?: string[]; onRequest?: (method: string) => void } = {},
): Promise<void> {
  const signer = wallet.connect(provider);
  const chainIdHex = "0x" + (await provider.getNetwork()).chainId.toString(16);
  await page.exposeFunction("__papercutTestWallet", async (method: string, params: unknown[] = []) => {
    onRequest?.(method);
    if (refuse.includes(method)) return { error: { code: 4001, message: "User rejected the request." } };
    try {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return { result: [wallet.address] };
        case "eth_chainId":
          return { result: chainIdHex };
        case "personal_sign": {
          const [message] = params as [string];
          return { result: await signer.signMessage(getBytesOrText(message)) };
        }
        case "eth_signTypedData_v4": {
          const [, json] = params as [string, string];
          const typed = JSON.parse(json) as {
            domain: Record<string, unknown>;
            types: Record<string, { name: string; type: string }[]>;
            message: Record<string, unknown>;
          };
          const { EIP712Domain: _domain, ...types } = typed.types;
          return { result: await signer.signTypedData(typed.domain, types, typed.message) };
        }
        case "eth_sendTransaction": {
          const [tx] = params as [{ to?: string; data?: string; value?: string; gas?: string }];
          const sent = await signer.sendTransaction({
            to: tx.to,
            data: tx.data,
            value: tx.value === undefined ? undefined : BigInt(tx.value),
            gasLimit: tx.gas === undefined ? undefined : BigInt(tx.gas),
          });
          return { result: sent.hash };
        }
        default:
          return { result: (await provider.send(method, params)) as unknown };
      }
    } catch (error) {
      // Pass the node's own JSON-RPC error on (a revert keeps its code and data), as a real wallet does.
      const rpc = (error as { info?: { error?: { code?: unknown; message?: unknown; data?: unknown } } }).info
        ?.error;
      if (typeof rpc?.code === "number") {
        return {
          error: {
            code: rpc.code,
            message: typeof rpc.message === "string" ? rpc.message : "execution reverted",
            data: rpc.data,
          },
        };
      }
      return { error: { code: -32603, message: error instanceof Error ? error.message : String(error) } };
    }
  });
  await page.addInitScript(() => {
    type Reply = { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    const bridge = (
      window as unknown as { __papercutTestWallet: (m: string, p?: unknown[]) => Promise<Reply> }
    ).__papercutTestWallet;
    const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
    (window as unknown as { ethereum: unknown }).ethereum = {
      isPapercutTestWallet: true,
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const reply = await bridge(method, params ?? []);
        if (reply.error) {
          const { code, message, data } = reply.error;
          throw Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });
        }
        return reply.result;
      },
      on(event: string, fn: (...a: unknown[]) => void) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(fn);
      },
      removeListener(event: string, fn: (...a: unknown[]) => void) {
        listeners.get(event)?.delete(fn);
      },
    };
  });
}

function getBytesOrText(message: string): string | Uint8Array {
  if (/^0x([0-9a-fA-F]{2})*$/.test(message)) return Uint8Array.from(Buffer.from(message.slice(2), "hex"));
  return message;
}

/**
 * Builds the site (the real Vite build, `src/web/build-site.ts`) into a fresh temporary folder for a test's
 * deployment on a local node, under the network name "test node".
 *
 * @returns The built folder.
 */
export async function buildTestSite({
  prefix,
  ticket,
  rpcUrl,
  chainId = 31337n,
}: {
  /** The temporary folder's name prefix (says which suite built it). */
  prefix: string;
  ticket: string;
  rpcUrl: string;
  chainId?: bigint;
}): Promise<string> {
  const outDir = path.join(await mkdtemp(path.join(tmpdir(), prefix)), "dist");
  await buildSite({
    webDir: "web",
    outDir,
    config: { chainId: chainId.toString(), networkName: "test node", ticket, rpcUrl, fromBlock: 0 },
  });
  return outDir;
}

/**
 * Opens `page` (and every later navigation of its context) in `language`, as a visitor who chose it with the
 * pages' language switch would (the choice is remembered in localStorage under `papercut-lang`).
 */
export async function useLanguage(page: Page, language: "zh-CN" | "en"): Promise<void> {
  await page.addInitScript((lang) => {
    try {
      if (localStorage.getItem("papercut-lang") === null) localStorage.setItem("papercut-lang", lang);
    } catch {
      // an opaque origin (about:blank): nothing to remember
    }
  }, language);
}
