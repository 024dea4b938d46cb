import { ErrorFragment, Interface, isHexString, type InterfaceAbi } from "ethers";

import { claimsAbi, ledgerAbi, rendererAbi, ticketAbi } from "./abis.js";

/** A custom error a contract reverted with, decoded. */
export interface DecodedRevert {
  /** The error's name, e.g. `TicketSupplyExceeded`. */
  name: string;
  /** Its arguments, as ethers decoded them. */
  args: readonly unknown[];
  /** One line for people: `TicketSupplyExceeded(10, 3)`. */
  text: string;
}

/**
 * Every custom error of the contracts the toolkit talks to (a claim can bubble up the ticket's), one per
 * selector: a revert decodes by name whichever of them it came from.
 */
const CONTRACT_ERRORS = new Interface([
  ...new Map(
    [ticketAbi, claimsAbi, ledgerAbi, rendererAbi]
      .flat()
      .filter((entry) => entry.type === "error")
      .map((entry) => {
        const fragment = ErrorFragment.from(entry);
        return [fragment.selector, fragment] as const;
      }),
  ).values(),
]);

const NESTED = ["data", "error", "info", "cause", "revert"] as const;

/**
 * Decodes the custom error a reverted call or transaction carries, from anything it comes in: what ethers threw
 * (already decoded by a `Contract` whose ABI knows the error, or with the raw revert data), a node's or a wallet's
 * JSON-RPC error with the data nested in it, or the revert data itself. Errors of the ticket, claims, ledger and
 * renderer contracts decode; `abi` adds others (a caller's own ABI).
 *
 * @param error What was thrown, or the revert data (`0x` + selector + arguments).
 * @param abi Further errors to decode with, tried before the contracts' own.
 * @returns The error's name, arguments and one line naming both; undefined when it carries no custom error
 *   that any of the ABIs declares.
 * @example
 * decodeRevert(e)?.text; // "TicketBatchOutOfOrder(1, 251)"
 */
export function decodeRevert(error: unknown, abi?: Interface | InterfaceAbi): DecodedRevert | undefined {
  const interfaces =
    abi === undefined
      ? [CONTRACT_ERRORS]
      : [abi instanceof Interface ? abi : new Interface(abi), CONTRACT_ERRORS];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): DecodedRevert | undefined => {
    if (depth > 6 || value === null || value === undefined || seen.has(value)) return undefined;
    if (typeof value === "string") return parse(interfaces, value);
    if (typeof value !== "object") return undefined;
    seen.add(value);
    const { revert } = value as { revert?: { name?: unknown; args?: unknown } | null };
    if (revert && typeof revert.name === "string" && Array.isArray(revert.args)) {
      return described(revert.name, revert.args as unknown[]);
    }
    for (const key of NESTED) {
      const found = visit((value as Record<string, unknown>)[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(error, 0);
}

function parse(interfaces: readonly Interface[], data: string): DecodedRevert | undefined {
  if (!isHexString(data) || data.length < 10) return undefined;
  for (const iface of interfaces) {
    try {
      const parsed = iface.parseError(data);
      if (parsed !== null) return described(parsed.name, [...parsed.args] as unknown[]);
    } catch {
      // Known selector, arguments that do not decode: try the next ABI.
    }
  }
  return undefined;
}

function described(name: string, args: readonly unknown[]): DecodedRevert {
  return { name, args, text: `${name}(${args.map(String).join(", ")})` };
}
