import jsqr from "jsqr";
import QRCode from "qrcode";

import { t } from "./i18n.js";

type JsQR = typeof jsqr.default;
/** jsQR is CommonJS: its function is the module itself or its `default`, depending on the bundler. */
const jsQR = ((jsqr as unknown as { default?: JsQR }).default ?? jsqr) as unknown as JsQR;

/**
 * Draws a payload as a QR code on a canvas: error correction M, a 4-module quiet zone, `pixels` wide (CSS scales
 * it down crisply with `image-rendering: pixelated`).
 */
export async function drawQr(canvas: HTMLCanvasElement, text: string, pixels = 720): Promise<void> {
  await QRCode.toCanvas(canvas, text, {
    errorCorrectionLevel: "M",
    margin: 4,
    width: pixels,
    color: { dark: "#000000", light: "#ffffff" },
  });
  canvas.removeAttribute("style"); // qrcode sets a fixed CSS size; the stylesheet sizes it to the screen
  canvas.dataset.payload = text;
}

/** Reads a QR code from image pixels, or undefined. */
function readPixels(image: ImageData): string | undefined {
  return jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" })?.data;
}

/** Reads a QR code from a photo or screenshot file (scaled to at most 1,200 px on its long side). */
export async function readQrFromFile(file: Blob): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1200 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return readPixels(context.getImageData(0, 0, canvas.width, canvas.height));
}

/**
 * The camera scanner: the back camera in a <video>, a frame read about 8 times a second until a QR code that
 * `accept` takes is found. Every step that can fail (no camera, permission refused, insecure page) says why.
 */
export class CameraScanner {
  #stream: MediaStream | undefined;
  #timer: number | undefined;

  constructor(private readonly video: HTMLVideoElement) {}

  get running(): boolean {
    return this.#stream !== undefined;
  }

  /** Starts the camera; resolves once frames are being read. `onText` gets every QR text seen. */
  async start(onText: (text: string) => void): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error(t("camera.none"));
    }
    try {
      this.#stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      throw new Error(name === "NotAllowedError" ? t("camera.refused") : t("camera.failed"));
    }
    this.video.srcObject = this.#stream;
    this.video.hidden = false;
    await this.video.play();
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    this.#timer = window.setInterval(() => {
      const { videoWidth: w, videoHeight: h } = this.video;
      if (!context || w === 0 || h === 0) return;
      canvas.width = w;
      canvas.height = h;
      context.drawImage(this.video, 0, 0, w, h);
      const text = readPixels(context.getImageData(0, 0, w, h));
      if (text !== undefined) onText(text);
    }, 125);
  }

  /** Stops the camera. */
  stop(): void {
    if (this.#timer !== undefined) window.clearInterval(this.#timer);
    this.#timer = undefined;
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.video.srcObject = null;
    this.video.hidden = true;
  }
}
