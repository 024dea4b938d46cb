import { resolve } from "node:path";
import { defineConfig } from "vite";

const here = import.meta.dirname;

/** The static site: one page per journey, everything bundled (no CDNs, no external fonts). */
export default defineConfig({
  root: here,
  base: "./",
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
