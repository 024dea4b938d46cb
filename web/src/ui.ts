import { formatNumber } from "./i18n.js";

/** Builds an element with text content only (never HTML from data): `el("p", { class: "x" }, "text", child)`. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/** The element with this id, or a clear error. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page is missing #${id}`);
  return node as T;
}

/** Shows a status line; `kind` colours it. */
export function setStatus(node: HTMLElement, text: string, kind: "info" | "error" | "ok" = "info"): void {
  node.textContent = text;
  node.dataset.kind = kind;
}

/** Formats an integer with thousands separators (as the page's language writes them). */
export function count(n: bigint | number): string {
  return formatNumber(BigInt(n));
}
