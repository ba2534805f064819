/* The outbox: submissions saved on this phone while offline, in IndexedDB (static/js/offline.js and
   the service worker share it). An item: {id, action, method, fields: [[name, value]…], key, user,
   label, saved_at, error}. */
(function (global) {
  var DB = "dragonfly-offline", STORE = "outbox";
  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, {keyPath: "id", autoIncrement: true}); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), req = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(req ? req.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }
  global.DragonflyOutbox = {
    add: function (item) { item.saved_at = item.saved_at || Date.now(); item.error = item.error || null; return run("readwrite", function (s) { return s.add(item); }); },
    put: function (item) { return run("readwrite", function (s) { return s.put(item); }); },
    remove: function (id) { return run("readwrite", function (s) { return s.delete(id); }); },
    all: function () { return run("readonly", function (s) { return s.getAll(); }).then(function (items) { return (items || []).sort(function (a, b) { return a.id - b.id; }); }); }
  };
})(self);
