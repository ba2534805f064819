/* Dragonfly's service worker (served by dragonfly/core/pwa.py at /sw.js; version {{ version }}).
   - install: precache the app shell (styles, scripts, icons, the offline page) under this version;
   - pages: network first, each page that answered kept; without a network the kept copy, or the
     offline page for one never opened;
   - a form POST that fails on the network and carries an idempotency_key (a form[data-offline],
     static/js/offline.js) goes to the outbox and the page comes back with #offline-saved. */
importScripts({{ outbox_url|safe }});

var VERSION = "{{ version }}";
var SHELL = "dragonfly-shell-" + VERSION;
var PAGES = "dragonfly-pages";
var OFFLINE_URL = {{ offline_url|safe }};
var STATIC_PREFIX = {{ static_prefix|safe }};
var PRECACHE = {{ precache|safe }};
var NEVER_KEPT = ["/api/", "/admin/", "/accounts/", "/hooks/", "/sw.js", "/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(PRECACHE); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("dragonfly-shell-") === 0 && k !== SHELL; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "forget-pages") { event.waitUntil(caches.delete(PAGES)); }  // on logging out
});

function keptPage(url) {
  return !NEVER_KEPT.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;  // not a download
    // A page that says no-store (a token's secret shown once, a two-factor setup key) is never kept.
    var kept = (response.headers.get("Cache-Control") || "").indexOf("no-store") === -1;
    if (response.ok && response.type === "basic" && !response.redirected && html && kept) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, {ignoreVary: true, ignoreSearch: false}).then(function (hit) {
      return hit || caches.match(OFFLINE_URL, {ignoreVary: true});
    });
  });
}

function postOrOutbox(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.formData().then(function (data) {
      if (!data.get("idempotency_key")) { return caches.match(OFFLINE_URL, {ignoreVary: true}); }
      var fields = [];
      data.forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
      return self.DragonflyOutbox.add({action: request.url, method: "POST", fields: fields, key: data.get("idempotency_key"), user: null, label: ""})
        .then(function () { return Response.redirect((request.referrer || "/").split("#")[0] + "#offline-saved", 303); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate") { event.respondWith(postOrOutbox(request)); return; }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === "navigate" && keptPage(url)) { event.respondWith(networkFirst(request)); }
});
