/** A minimal EIP-1193 provider: what Hardhat's `connection.provider`, EDR and wallets all implement. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | Record<string, unknown> }): Promise<unknown>;
}

/**
 * Calls a JSON-RPC method through an EIP-1193 provider.
 *
 * @param provider The provider.
 * @param method The JSON-RPC method.
 * @param params Its positional parameters.
 * @returns The raw JSON-RPC result, typed by the caller.
 * @example
 * const hex = await rpc<string>(provider, "eth_blockNumber");
 */
export async function rpc<T>(provider: Eip1193Provider, method: string, params: unknown[] = []): Promise<T> {
  return (await provider.request({ method, params })) as T;
}

/** A bigint as a JSON-RPC quantity (`0x`-prefixed hex without leading zeros). */
export function toQuantity(value: bigint | number): string {
  return "0x" + BigInt(value).toString(16);
}

/** All the text an error carries (message, nested `error`/`info`/`cause`/`data` messages), lowercased. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || value === undefined || seen.has(value)) return;
    if (typeof value === "string") {
      parts.push(value);
      return;
    }
    if (typeof value !== "object") return;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ["message", "shortMessage", "reason", "details"]) {
      if (typeof v[key] === "string") parts.push(v[key]);
    }
    for (const key of ["error", "info", "cause", "data"]) visit(v[key], depth + 1);
  };
  visit(error, 0);
  return parts.join(" | ").toLowerCase();
}

/** The numeric JSON-RPC error code of an error (or of the error nested in it), if any. */
export function errorCode(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const v = current as Record<string, unknown>;
    if (typeof v.code === "number") return v.code;
    current = v.error ?? v.info ?? v.cause;
  }
  return undefined;
}

/**
 * The revert data (`0x…`) an `eth_call` / `eth_estimateGas` error carries, wherever the node or library put it.
 *
 * @param error What the provider threw.
 * @returns The hex revert data, or undefined when the error is not a revert with data.
 * @example
 * const data = revertData(err); // "0x3a3c1b2e…"
 */
export function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | undefined => {
    if (depth > 6 || value === null || value === undefined || seen.has(value)) return undefined;
    if (typeof value === "string")
      return /^0x([0-9a-fA-F]{2})*$/.test(value) && value.length >= 10 ? value : undefined;
    if (typeof value !== "object") return undefined;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ["data", "error", "info", "cause", "revert"]) {
      const found = visit(v[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(error, 0);
}
