/** The cache the service worker (web/static/sw.js) keeps the pages in; the names must match. */
const CACHE = "papercut-pages-v1";

/**
 * Keeps an offline copy of this page: registers the site's service worker and stores the page, its scripts and
 * styles and `config.json` at once (the worker only sees what is fetched after it starts). Once done,
 * `<html data-offline-ready="true">`. Needs a secure context (https, or http on 127.0.0.1/localhost); elsewhere,
 * and on any failure, the page simply works online only.
 *
 * @example
 * keepOfflineCopy();
 */
export function keepOfflineCopy(): void {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  void (async () => {
    try {
      await navigator.serviceWorker.register("./sw.js");
      const page = location.href.split("#")[0]!;
      const loaded = performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .filter((url) => new URL(url).origin === location.origin);
      const cache = await caches.open(CACHE);
      // The page and its configuration are needed; of the rest, keep what loads (a missing favicon is no loss).
      await cache.addAll([page, new URL("config.json", document.baseURI).href]);
      await Promise.allSettled([...new Set(loaded)].map((url) => cache.add(url)));
      document.documentElement.dataset.offlineReady = "true";
    } catch (error) {
      console.warn("papercut: no offline copy of this page:", error);
    }
  })();
}
