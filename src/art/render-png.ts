import { Resvg } from "@resvg/resvg-js";

/** Parameters of {@link renderPng}. */
export interface RenderPngParameters {
  /** The SVG document. */
  svg: string;
  /** Output width in pixels (the height follows the aspect ratio). */
  width?: number;
}

/**
 * Rasterises an SVG to PNG with resvg (no browser, no fonts needed: the art has no text elements).
 *
 * @param parameters - The SVG and the width.
 * @returns The PNG file's bytes.
 * @example
 * writeFileSync("1.png", renderPng({ svg, width: 500 }));
 */
export function renderPng({ svg, width = 600 }: RenderPngParameters): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: "width", value: width }, font: { loadSystemFonts: false } });
  return resvg.render().asPng();
}
