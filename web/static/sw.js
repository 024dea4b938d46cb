// The door pages' offline copy (registered by web/src/offline.ts): every same-origin GET goes to the network first,
// and a good answer is kept; when the network fails, the kept copy answers. So a gate or a holder's phone that
// loses its connection, or reloads without one, still opens the page it had. Chain calls (other origins, POST)
// are never touched.
const CACHE = "papercut-pages-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkElseKept(request));
});

async function networkElseKept(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept !== undefined) return kept;
    throw error;
  }
}
