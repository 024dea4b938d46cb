import path, { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

import { zhCN, type MessageKey } from "./src/i18n/zh-CN.js";

const here = import.meta.dirname;

/** The site's navigation: page file names (without .html). The claim page is reached by link only. */
const NAV = ["index", "tickets", "show", "gate"] as const;

/** Text for HTML (the catalog is ours, but it may hold quotes and ampersands). */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function zh(key: string): string {
  const text = (zhCN as Record<string, string>)[key];
  if (text === undefined) throw new Error(`no message "${key}" in web/src/i18n/zh-CN.ts`);
  return escapeHtml(text);
}

/**
 * Writes the Chinese catalog's texts into the built pages (`data-i18n` elements written empty, and
 * `data-i18n-attr` attributes), so a page reads in Chinese before its script runs; the script switches to
 * English when the visitor chose it.
 */
function prefillChinese(html: string): string {
  return html
    .replace(
      /<([a-z0-9]+)([^>]*?\sdata-i18n="([a-zA-Z0-9.-]+)"[^>]*)><\/\1>/g,
      (_m, tag: string, attrs: string, key: MessageKey) => `<${tag}${attrs}>${zh(key)}</${tag}>`,
    )
    .replace(/\sdata-i18n-attr="([^"]+)"/g, (whole, spec: string) => {
      const attrs = spec
        .split(";")
        .map((pair) => pair.split(":").map((s) => s.trim()))
        .map(([attr, key]) => ` ${attr}="${zh(key ?? "")}"`)
        .join("");
      return whole + attrs;
    });
}

/** The papercut emblem (a twelve-point cut flower with a round hole) beside the site's name. */
const EMBLEM =
  '<svg class="emblem" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" fill-rule="evenodd" ' +
  'd="M12 1l2.6 5.2L20 4l-2.2 5.4L23 12l-5.2 2.6L20 20l-5.4-2.2L12 23l-2.6-5.2L4 20l2.2-5.4L1 12l5.2-2.6L4 4l5.4 ' +
  '2.2zM12 8a4 4 0 100 8 4 4 0 000-8z"/></svg>';

/**
 * Fills each page's `<header class="bar" data-page="…"></header>` with the one shared header (skip link, brand,
 * navigation with the page's own link marked `aria-current`, language switch), so the five pages cannot drift
 * apart; then writes the Chinese texts in (`prefillChinese`).
 */
function sharedHeader(): Plugin {
  return {
    name: "papercut-shared-header",
    transformIndexHtml(html, { filename }) {
      const withHeader = html.replace(
        /<header class="bar" data-page="([a-z]+)"><\/header>/,
        (_match, page: string) => {
          if (!filename.endsWith(`${page}.html`))
            throw new Error(`${filename}: header says data-page="${page}"`);
          const links = NAV.map(
            (file) =>
              `<a href="./${file}.html"${file === page ? ' aria-current="page"' : ""} data-i18n="nav.${file}"></a>`,
          ).join("");
          return (
            `<a class="skip-link" href="#app" data-i18n="site.skip"></a>` +
            `<header class="bar"><a class="brand" href="./index.html">${EMBLEM}<span data-i18n="site.name"></span></a>` +
            `<nav data-i18n-attr="aria-label:nav.label">${links}` +
            `<a class="lang-switch" href="?lang=en" hreflang="en" lang="en" data-i18n="lang.switch" ` +
            `data-i18n-attr="aria-label:lang.switchLabel"></a></nav></header>`
          );
        },
      );
      // Search engines and readers learn that each page comes in both languages (the `?lang=` switch).
      const page = path.basename(filename);
      const alternates =
        `<link rel="alternate" hreflang="zh-CN" href="./${page}?lang=zh-CN" />` +
        `<link rel="alternate" hreflang="en" href="./${page}?lang=en" />`;
      return prefillChinese(withHeader.replace("</head>", `${alternates}</head>`));
    },
  };
}

/** The static site: one page per journey, everything bundled (no CDNs, no external fonts). */
export default defineConfig({
  root: here,
  base: "./",
  plugins: [sharedHeader()],
  // Copied as they are: the service worker must keep its name (sw.js) and sit at the site's root.
  publicDir: resolve(here, "static"),
  build: {
    outDir: resolve(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      input: {
        index: resolve(here, "index.html"),
        tickets: resolve(here, "tickets.html"),
        claim: resolve(here, "claim.html"),
        show: resolve(here, "show.html"),
        gate: resolve(here, "gate.html"),
      },
    },
  },
});
