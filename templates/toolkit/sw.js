// Tearspace's service worker: keeps the toolkit and the crisis lines usable with no connection.
// Privacy: it only ever stores copies fetched WITHOUT cookies (the logged-out page anyone gets),
// and never touches any other page — the journal, circles, rooms and the API pass straight by.
"use strict";
// The JavaScript catalog (its address names its version): kept like the pages, without cookies,
// so offline pages find the words their scripts show; a new catalog is a new offline cache.
const CATALOG = "{% url 'javascript-catalog' %}";
const CACHE = "tearspace-offline-{{ version }}-" + CATALOG.split("/").filter(Boolean).pop();
const LINES_CACHE = "tearspace-crisis-lines";
const PAGES = {{ pages|safe }};
const ASSETS = {{ assets|safe }};
const HELP = {{ help_url|safe }};

function keepAnonymousCopy(cache, url, key) {
  return fetch(url, { credentials: "omit", cache: "no-store" }).then(function (response) {
    if (response.ok && !response.redirected) return cache.put(key || url, response);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(CACHE).then(function (cache) {
      return Promise.all(PAGES.concat(ASSETS, [CATALOG]).map(function (url) { return keepAnonymousCopy(cache, url); }));
    }),
    caches.open(LINES_CACHE).then(function (cache) {
      return cache.match(HELP).then(function (seen) { return seen || keepAnonymousCopy(cache, HELP); });
    }),
  ]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("tearspace-offline-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// The crisis lines the person last looked at, for their chosen country, kept without cookies.
self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type !== "crisis-lines-seen" || !/^[A-Z]{2}$/.test(data.country || "")) return;
  event.waitUntil(caches.open(LINES_CACHE).then(function (cache) {
    return keepAnonymousCopy(cache, HELP + "?country=" + data.country, HELP);
  }));
});

// The live page when the server answers; the kept copy when offline or the server is failing
// (a 5xx, e.g. while the database is away), so the tools and the lines stay usable.
function networkFirst(request, cacheName, key) {
  function kept(fallback) {
    return caches.open(cacheName).then(function (cache) { return cache.match(key); })
      .then(function (copy) { return copy || fallback; });
  }
  return fetch(request).then(function (response) {
    return response.status >= 500 ? kept(response) : response;
  }, function () { return kept(Response.error()); });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PAGES.indexOf(url.pathname) !== -1 || url.pathname === CATALOG) {
    event.respondWith(networkFirst(request, CACHE, url.pathname));
  } else if (url.pathname === HELP) {
    event.respondWith(networkFirst(request, LINES_CACHE, HELP));
  } else if (ASSETS.indexOf(url.pathname) !== -1) {
    // Files are public: refresh the kept copy whenever the network answers.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) { return cache.match(url.pathname); })
        .then(function (kept) { return kept || Response.error(); });
    }));
  }
});
