import type { Eip1193Provider } from "./eip1193.js";

/** What ethers' JSON-RPC providers (`JsonRpcProvider`, `BrowserProvider`, Hardhat's) offer for raw calls. */
export interface SendingProvider {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/**
 * An EIP-1193 view of an ethers provider, so code written against EIP-1193 (the paged log reader) runs on the
 * provider of an ethers `Contract` too.
 *
 * @param provider An ethers provider; one without `send` (a `FallbackProvider`) is refused.
 * @returns The EIP-1193 provider.
 * @throws {TypeError} if the provider cannot send raw JSON-RPC requests.
 * @example
 * const logs = await readLogs({ provider: eip1193Of(ticket.runner!.provider!), address, topics, fromBlock });
 */
export function eip1193Of(provider: unknown): Eip1193Provider {
  const sending = provider as Partial<SendingProvider> | null | undefined;
  if (typeof sending?.send !== "function") {
    throw new TypeError("this provider cannot send JSON-RPC requests (use a JSON-RPC or browser provider)");
  }
  const send = sending.send.bind(sending);
  return {
    request: async ({ method, params }) => await send(method, Array.isArray(params) ? params : []),
  };
}
