import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

const here = import.meta.dirname;

/** The site's navigation: page file name (without .html) and its label. The claim page is reached by link only. */
const NAV = [
  ["index", "Event"],
  ["tickets", "My tickets"],
  ["show", "Show ticket"],
  ["gate", "Gate"],
] as const;

/** The papercut emblem (a twelve-point cut flower with a round hole) beside the site's name. */
const EMBLEM =
  '<svg class="emblem" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" fill-rule="evenodd" ' +
  'd="M12 1l2.6 5.2L20 4l-2.2 5.4L23 12l-5.2 2.6L20 20l-5.4-2.2L12 23l-2.6-5.2L4 20l2.2-5.4L1 12l5.2-2.6L4 4l5.4 ' +
  '2.2zM12 8a4 4 0 100 8 4 4 0 000-8z"/></svg>';

/**
 * Fills each page's `<header class="bar" data-page="…"></header>` with the one shared header (brand and navigation,
 * the page's own link marked `aria-current`), so the five pages cannot drift apart.
 */
function sharedHeader(): Plugin {
  return {
    name: "papercut-shared-header",
    transformIndexHtml(html, { filename }) {
      return html.replace(/<header class="bar" data-page="([a-z]+)"><\/header>/, (_match, page: string) => {
        if (!filename.endsWith(`${page}.html`))
          throw new Error(`${filename}: header says data-page="${page}"`);
        const links = NAV.map(
          ([file, label]) =>
            `<a href="./${file}.html"${file === page ? ' aria-current="page"' : ""}>${label}</a>`,
        ).join("");
        return (
          `<header class="bar"><a class="brand" href="./index.html">${EMBLEM}Papercut tickets</a>` +
          `<nav>${links}</nav></header>`
        );
      });
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
