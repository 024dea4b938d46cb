import QRCode from "qrcode";

export interface RenderQrParameters {
  /** The QR code's text (a challenge or proof payload). */
  text: string;
  /** `terminal`: block characters for a terminal; `png`: image bytes. */
  format: "terminal" | "png";
  /** PNG width in pixels (default 360). */
  width?: number;
}

/**
 * Renders a payload as a QR code (error correction level M; the upper-case payloads use the compact
 * alphanumeric mode).
 *
 * @param parameters Text and format.
 * @returns The terminal text, or the PNG bytes.
 * @example
 * process.stderr.write(await renderQr({ text: encodeChallenge(challenge), format: "terminal" }) as string);
 */
export async function renderQr({ text, format, width = 360 }: RenderQrParameters): Promise<string | Buffer> {
  if (format === "png")
    return await QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", width, margin: 2 });
  return await QRCode.toString(text, { type: "terminal", small: true, errorCorrectionLevel: "M" });
}
