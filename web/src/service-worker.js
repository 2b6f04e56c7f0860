// Service worker of the built site: after the first visit the page works offline.
// The build (web/service-worker-build.js) writes it to the site's root as sw.js, headed by
// `const VERSION` (changes with any file of the site) and `const PRECACHE` (paths relative
// to sw.js: the pages, scripts, styles, wasm and the smaller models). Install caches
// PRECACHE; the larger models are cached the first time a lab fetches them. Works from
// any sub-path: every path is resolved against this script's URL.
/* global VERSION, PRECACHE */
const CACHE = `sampling-playground-${VERSION}`;
const PREFIX = 'sampling-playground-';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map((path) => new URL(path, self.location).href));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** Same-origin GETs: pages from the network when it answers (so a new version shows),
 *  everything else from the cache first; whatever comes from the network is kept. */
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request));
});

async function keep(request, response) {
  if (response.ok && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function cacheFirst(request) {
  const hit = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
  return hit ?? keep(request, await fetch(request));
}

async function networkFirst(request) {
  try {
    return await keep(request, await fetch(request));
  } catch (e) {
    const url = new URL(request.url);
    const hit = (await caches.match(request, { cacheName: CACHE, ignoreSearch: true }))
      ?? (url.pathname.endsWith('/') ? await caches.match(new URL('index.html', url).href, { cacheName: CACHE }) : undefined);
    if (hit) return hit;
    throw e;
  }
}
