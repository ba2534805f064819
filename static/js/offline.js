/* Offline submissions, for any <form data-offline> (the advance form, a fulfilment, a guest check-in…).
   - At submit, the form's hidden idempotency_key (added if missing) is filled with a new UUID when
     empty: the server makes one thing per key, so a replay never makes a second one.
   - Offline (navigator.onLine false): the submission goes to the outbox (IndexedDB, offline_db.js)
     and the page says "Saved on this phone…"; the header counts what waits. A POST that fails on the
     network while the browser believes it is online is put there by the service worker (sw.js).
   - Back online (the `online` event, and on every page load) the outbox is sent in order, each with
     its key and the current CSRF token. An answer that refuses it (a stale edit's 409, a 400…) keeps
     the item with the server's message, to send again or discard: nothing is lost silently.
   Also registers the service worker, and forgets the kept pages on logging out.
   Texts come from data- attributes of the header's [data-offline-queue] (components/offline_outbox.html). */
(function () {
  var box = window.DragonflyOutbox;
  var badge = document.querySelector("[data-offline-queue]");
  var say = badge ? badge.dataset : {};
  var me = badge ? badge.dataset.user : "";
  var manifest = document.querySelector("link[rel=manifest][data-sw]");

  if (manifest && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(manifest.dataset.sw, {scope: "/"}).catch(function () {});
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) { return input.value; }
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function notice(text, kind, near) {
    if (near) {  // under the form just sent, where the thumb is
      var note = near.nextElementSibling;
      if (!note || !note.matches("[data-offline-note]")) {
        note = document.createElement("p");
        note.setAttribute("role", "status");
        note.dataset.offlineNote = "";
        near.parentNode.insertBefore(note, near.nextSibling);
      }
      note.className = "msg " + (kind || "info");
      note.dataset.testid = "offline-notice";
      note.textContent = text;
      note.scrollIntoView({block: "nearest"});
      return;
    }
    var main = document.querySelector("main.content") || document.body;
    var list = main.querySelector("ul.messages[data-offline-messages]");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messages";
      list.setAttribute("role", "status");
      list.dataset.offlineMessages = "";
      main.insertBefore(list, main.firstChild);
    }
    var li = document.createElement("li");
    li.className = "msg " + (kind || "info");
    li.dataset.testid = "offline-notice";
    li.textContent = text;
    list.appendChild(li);
    li.scrollIntoView({block: "nearest"});
  }

  function mine(items) { return items.filter(function (i) { return !i.user || !me || i.user === me; }); }

  function refresh() {
    if (!box || !badge) { return Promise.resolve(); }
    return box.all().then(function (items) {
      items = mine(items);
      badge.hidden = items.length === 0;
      badge.querySelector("[data-offline-count]").textContent = items.length;
      badge.title = say.waiting + ": " + items.length;
      var panel = document.getElementById("offline-outbox");
      if (panel) { drawPanel(panel, items); }
    }).catch(function () {});
  }

  function drawPanel(panel, items) {
    var list = panel.querySelector("ol");
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "offline-item" + (item.error ? " refused" : "");
      li.dataset.testid = "offline-item";
      var head = document.createElement("strong");
      head.textContent = item.label || item.action;
      var when = document.createElement("span");
      when.className = "muted small";
      when.textContent = " · " + new Date(item.saved_at).toLocaleString(document.documentElement.lang || undefined);
      li.appendChild(head);
      li.appendChild(when);
      if (item.error) {
        var why = document.createElement("p");
        why.className = "error";
        why.dataset.testid = "offline-error";
        why.textContent = item.error;
        li.appendChild(why);
      }
      var actions = document.createElement("div");
      actions.className = "actions";
      [["retry", say.retry, "btn small"], ["discard", say.discard, "btn small danger"]].forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = b[2];
        button.dataset.offlineDo = b[0];
        button.dataset.offlineId = item.id;
        button.textContent = b[1];
        actions.appendChild(button);
      });
      li.appendChild(actions);
      list.appendChild(li);
    });
    panel.hidden = items.length === 0;
  }

  function togglePanel() {
    var panel = document.getElementById("offline-outbox");
    if (panel) { panel.hidden = !panel.hidden; return; }
    panel = document.createElement("section");
    panel.id = "offline-outbox";
    panel.className = "card offline-outbox";
    var h = document.createElement("h2");
    h.textContent = say.waiting;
    panel.appendChild(h);
    panel.appendChild(document.createElement("ol"));
    var main = document.querySelector("main.content") || document.body;
    main.insertBefore(panel, main.firstChild);
    refresh();
  }

  // --- queueing ------------------------------------------------------------------------------------
  function fieldsOf(form, submitter) {
    var data;
    try { data = new FormData(form, submitter || undefined); } catch (e) { data = new FormData(form); }
    var fields = [];
    data.forEach(function (value, name) { if (typeof value === "string") { fields.push([name, value]); } });
    if (submitter && submitter.name && !data.has(submitter.name)) { fields.push([submitter.name, submitter.value]); }
    return fields;
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form.matches || !form.matches("form[data-offline]")) { return; }
    var key = form.querySelector("input[name=idempotency_key]");
    if (!key) {
      key = document.createElement("input");
      key.type = "hidden";
      key.name = "idempotency_key";
      form.appendChild(key);
    }
    if (!key.value) { key.value = uuid(); }
    if (navigator.onLine !== false || !box) { return; }  // online: the browser sends it (the worker catches a network error)
    e.preventDefault();
    var fields = fieldsOf(form, e.submitter);
    var same = JSON.stringify(fields.filter(function (f) { return f[0] !== "idempotency_key" && f[0] !== "csrfmiddlewaretoken"; }));
    if (form.dataset.offlineQueued === same) { notice(say.saved, "info", form); return; }  // pressed again: it waits already
    var heading = form.closest("li, section, main");
    heading = heading && heading.querySelector("h1, h2, h3, strong");
    var label = form.dataset.offlineLabel || (heading ? heading.textContent.trim() : "") || document.title;
    box.add({action: new URL(form.action, location.href).href, method: "POST", fields: fields,
             key: key.value, user: me, label: label})
      .then(function () {
        key.value = "";  // a changed submission of this form is a new one (a later running total, say)
        form.dataset.offlineQueued = same;
        notice(say.saved, "info", form);
        return refresh();
      })
      .catch(function () { notice(say.unsaved, "error", form); });
  });

  // Logging out forgets the pages this phone kept (the outbox stays: nothing is lost).
  document.addEventListener("submit", function (e) {
    if (e.target.matches && e.target.matches("form[action$='/logout/']") && navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget-pages");
    }
  });

  // --- sending ------------------------------------------------------------------------------------
  function errorOf(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("json") >= 0) {
      return response.json().then(function (d) { return (d && (d.detail || d.message || d.error)) || response.status + " " + response.statusText; });
    }
    return response.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      // the most telling first: an edit conflict's sentence, then a form's errors, then an error page's
      var found = null;
      [".edit-conflict strong", ".form-errors", ".msg.error", ".errorlist", "p.error", ".error-page p"].some(function (sel) {
        found = doc.querySelector(sel);
        return found;
      });
      var text = found ? found.textContent.replace(/\s+/g, " ").trim() : "";
      return text || response.status + " " + response.statusText;
    });
  }

  function send(item) {
    var token = csrfToken(), body = new URLSearchParams();
    item.fields.forEach(function (f) { body.append(f[0], f[0] === "csrfmiddlewaretoken" && token ? token : f[1]); });
    return fetch(item.action, {method: item.method || "POST", body: body, credentials: "same-origin",
                               headers: {"X-CSRFToken": token, "Accept": "text/html"}})
      .then(function (response) {
        var toLogin = response.redirected && new URL(response.url).pathname.indexOf("/accounts/login/") === 0;
        if (response.ok && !toLogin) { return box.remove(item.id).then(function () { return "sent"; }); }
        var why = toLogin ? Promise.resolve(say.login) : errorOf(response);
        return why.then(function (text) {
          item.error = text;
          return box.put(item).then(function () { return "refused"; });
        });
      }, function () { return "offline"; });
  }

  var sending = false;
  function sendAll(only) {
    if (!box || !badge || sending || navigator.onLine === false) { return Promise.resolve(); }
    sending = true;
    var sent = 0, refused = 0;
    return box.all().then(function (items) {
      items = mine(items).filter(function (i) { return only ? i.id === only : !i.error; });
      var chain = Promise.resolve("sent");
      items.forEach(function (item) {
        chain = chain.then(function (last) {
          if (last === "offline") { return last; }  // the network went again: the rest waits
          if (!item.user) { item.user = me; }  // saved by the worker from this user's page
          return send(item).then(function (outcome) {
            if (outcome === "sent") { sent += 1; }
            if (outcome === "refused") { refused += 1; }
            return outcome;
          });
        });
      });
      return chain;
    }).then(function () {
      if (sent) { notice(say.sent.replace("{n}", sent), "success"); }
      if (refused) { notice(say.refused, "error"); }
    }).catch(function () {}).then(function () { sending = false; return refresh(); });
  }

  if (badge) {
    badge.addEventListener("click", function (e) { e.preventDefault(); togglePanel(); });
    document.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("[data-offline-do]");
      if (!button) { return; }
      var id = parseInt(button.dataset.offlineId, 10);
      if (button.dataset.offlineDo === "discard") {
        if (window.confirm(say.confirmDiscard)) { box.remove(id).then(refresh); }
      } else {
        box.all().then(function (items) {
          var item = items.filter(function (i) { return i.id === id; })[0];
          if (!item) { return; }
          item.error = null;
          return box.put(item).then(function () { return sendAll(id); });
        });
      }
    });
    window.addEventListener("online", function () { sendAll(); });
    document.addEventListener("DOMContentLoaded", function () {
      if (location.hash === "#offline-saved") {
        history.replaceState(null, "", location.pathname + location.search);
        notice(say.saved, "info");
      }
      refresh().then(function () { return sendAll(); });
    });
  }
  window.DragonflyOffline = {sendAll: sendAll, refresh: refresh};
})();
