import { decodeBase64, encodeBase64, type BytesLike } from "ethers";

/**
 * Encodes bytes as unpadded base64url (RFC 4648 §5), safe in a URL fragment. Browser-safe.
 *
 * @returns The encoded text.
 * @example
 * toBase64Url("0x00ff"); // "AP8"
 */
export function toBase64Url(data: BytesLike): string {
  return encodeBase64(data).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decodes unpadded base64url. Browser-safe.
 *
 * @returns The bytes, or undefined when the text is not base64url.
 * @example
 * fromBase64Url("AP8"); // Uint8Array [0, 255]
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  return decodeBase64(padded);
}
