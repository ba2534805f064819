/* Live pages: one WebSocket per page (dragonfly/realtime), and pages that work without it.
 *
 * Elements name what they follow with data-live-topic ("advancing.advance:12", "advancing.advance",
 * "events.event:5", "notifications"). On an event:
 *   - [data-live-refresh] regions are fetched again from the server (the same page, the same
 *     permission checks) and their content swapped; an element with hx-get is refreshed by htmx;
 *   - [data-live-queue] (the review queue) inserts new rows and marks rows another reviewer decided;
 *   - the bell shows the new unread count, and a toast says what arrived.
 * When the socket is down, it reconnects with exponential back-off (1 s doubling to 30 s, with
 * jitter) and regions with data-live-fallback="N" are refreshed every N seconds meanwhile. On
 * reconnecting, every region is refreshed once (events may have been missed). */
(function () {
  "use strict";
  var body = document.body;
  var path = body && body.getAttribute("data-live-socket");
  var MAX_DELAY = 30000;
  var HEARTBEAT = 8000;  // dragonfly/realtime/presence.py: HEARTBEAT
  var attempt = 0, opened = false, fallback = [], pending = null, beat = null;
  if (!path || !("WebSocket" in window)) {  // no socket here: the live parts refresh on a timer
    startFallback();
    return;
  }

  function topics() {
    var all = {};
    document.querySelectorAll("[data-live-topic]").forEach(function (el) {
      el.getAttribute("data-live-topic").split(/\s+/).forEach(function (t) { if (t) all[t] = true; });
    });
    return Object.keys(all);
  }

  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + path);
    socket.onopen = function () {
      var wanted = topics();
      socket.send(JSON.stringify({subscribe: wanted}));
      var here = presenceTopics();
      function heartbeat() {
        here.forEach(function (t) { if (socket.readyState === 1) socket.send(JSON.stringify({presence: t})); });
      }
      if (here.length) { heartbeat(); clearInterval(beat); beat = setInterval(heartbeat, HEARTBEAT); }
      stopFallback();
      if (opened) refreshAll();  // back after a drop: catch up on what was missed
      opened = true;
      attempt = 0;
    };
    socket.onmessage = function (m) {
      var msg;
      try { msg = JSON.parse(m.data); } catch (e) { return; }
      handle(msg);
    };
    socket.onclose = function (e) {
      body.removeAttribute("data-live-state");
      clearInterval(beat);
      document.querySelectorAll("[data-live-presence]").forEach(function (el) { el.hidden = true; });
      startFallback();
      if (e.code === 4403) return;  // signed out or no longer allowed: the page stays a plain page
      var delay = Math.min(MAX_DELAY, 1000 * Math.pow(2, attempt++));
      setTimeout(connect, delay / 2 + Math.random() * delay / 2);
    };
  }

  function handle(msg) {
    if (msg.type === "subscribed") {
      body.setAttribute("data-live-state", "live");
    } else if (msg.type === "event") {
      document.dispatchEvent(new CustomEvent("live:event", {detail: msg}));
      noteDecision(msg);
      scheduleRefresh();
    } else if (msg.type === "notification") {
      bell(msg);
    } else if (msg.type === "presence") {
      showPresence(msg);
    } else if (msg.type === "resync") {
      refreshAll();
    }
  }

  // --- regions ------------------------------------------------------------------------
  function scheduleRefresh() {  // a burst of events costs one refetch
    if (pending) return;
    pending = setTimeout(function () { pending = null; refreshAll(); }, 250);
  }

  function refreshAll() {
    var regions = document.querySelectorAll("[data-live-refresh]");
    var plain = [];
    regions.forEach(function (el) {
      if (el.hasAttribute("hx-get") && window.htmx) window.htmx.trigger(el, "live-refresh");
      else plain.push(el);
    });
    if (plain.length) fetchPage().then(function (doc) {
      plain.forEach(function (el) {
        var fresh = doc && el.id && doc.getElementById(el.id);
        if (!fresh) return;
        el.innerHTML = fresh.innerHTML;
        if (window.htmx) window.htmx.process(el);
      });
    });
    if (document.querySelector("[data-live-queue]")) refreshQueue();
  }

  function fetchPage() {
    return fetch(location.href, {credentials: "same-origin", headers: {"X-Live-Refresh": "1"}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { return html ? new DOMParser().parseFromString(html, "text/html") : null; })
      .catch(function () { return null; });
  }

  function startFallback() {
    if (fallback.length) return;
    document.querySelectorAll("[data-live-fallback]").forEach(function (el) {
      var seconds = parseInt(el.getAttribute("data-live-fallback"), 10) || 20;
      fallback.push(setInterval(refreshAll, seconds * 1000));
    });
  }

  function stopFallback() {
    fallback.forEach(clearInterval);
    fallback = [];
  }

  // --- the review queue -----------------------------------------------------------------
  var decided = {};  // advance id -> the event that took it out of the queue

  function noteDecision(msg) {
    if (msg.model === "advancing.advance" && !msg.mine && msg.data && msg.data.to) decided[msg.id] = msg;
  }

  // Two refetches in flight (two events a moment apart) may answer out of order: only the newest
  // request's answer is applied, so an older page never puts back a row that was decided since.
  var queueAsked = 0, queueApplied = 0;

  function refreshQueue() {
    var rows = document.querySelector("[data-live-queue]");
    var asked = ++queueAsked;
    fetchPage().then(function (doc) {
      if (asked < queueApplied) return;
      queueApplied = asked;
      var fresh = doc && doc.querySelector("[data-live-queue]");
      if (!fresh) return;
      var present = {}, checked = {};
      fresh.querySelectorAll("tr[data-advance]").forEach(function (row) { present[row.getAttribute("data-advance")] = true; });
      rows.querySelectorAll("input[name=ids]:checked").forEach(function (b) { checked[b.value] = true; });
      var before = null;
      fresh.querySelectorAll("tr[data-advance]").forEach(function (row) {
        var id = row.getAttribute("data-advance");
        var box = row.querySelector("input[name=ids]");
        if (box && checked[id]) box.checked = true;
        var mine = rows.querySelector('tr[data-advance="' + id + '"]');
        if (mine) { mine.replaceWith(row); }
        else {
          row.classList.add("live-new");
          if (before && before.nextSibling) rows.insertBefore(row, before.nextSibling);
          else if (before) rows.appendChild(row);
          else rows.insertBefore(row, rows.firstChild);
        }
        before = row;
      });
      rows.querySelectorAll("tr[data-advance]").forEach(function (row) {
        var id = row.getAttribute("data-advance");
        if (present[id] || row.classList.contains("decided")) return;
        var event = decided[id];
        if (!event) return;
        markDecided(rows, row, event);
      });
    });
  }

  function markDecided(rows, row, event) {
    var to = String(event.data.to);
    row.classList.add("decided");
    row.querySelectorAll("input, button").forEach(function (el) { el.checked = false; el.disabled = true; });
    var status = row.querySelector("[data-status]");
    if (!status) return;
    var label = rows.getAttribute("data-label-" + to) || to;
    var said = (rows.getAttribute("data-said-" + to) || rows.getAttribute("data-said") || "").replace("{name}", event.actor);
    status.textContent = "";
    var badge = document.createElement("span");
    badge.className = "badge " + to;
    badge.textContent = label;
    var note = document.createElement("small");
    note.className = "live-note";
    note.setAttribute("role", "status");
    note.textContent = said;
    status.appendChild(badge);
    status.appendChild(document.createElement("br"));
    status.appendChild(note);
  }

  // --- presence: who else has this page open ----------------------------------------------
  function presenceTopics() {
    var all = [];
    document.querySelectorAll("[data-live-presence]").forEach(function (el) {
      var t = el.getAttribute("data-live-presence");
      if (t && all.indexOf(t) < 0) all.push(t);
    });
    return all;
  }

  // Those doing something there ("reviewing") are named in data-say-<doing>; the others in data-say.
  function showPresence(msg) {
    document.querySelectorAll("[data-live-presence]").forEach(function (el) {
      if (el.getAttribute("data-live-presence") !== msg.topic) return;
      var groups = {};
      (msg.people || []).forEach(function (p) {
        var doing = p.doing && el.hasAttribute("data-say-" + p.doing) ? p.doing : "";
        (groups[doing] = groups[doing] || []).push(p.name);
      });
      var lines = Object.keys(groups).sort().reverse().map(function (doing) {
        var say = el.getAttribute(doing ? "data-say-" + doing : "data-say") || "{names}";
        return say.replace("{names}", groups[doing].join(", "));
      });
      el.hidden = lines.length === 0;
      el.textContent = lines.join(" · ");
    });
  }

  // --- the bell -------------------------------------------------------------------------
  function bell(msg) {
    var link = document.querySelector("a.bell");
    if (link) {
      var count = link.querySelector(".count");
      if (!count) {
        count = document.createElement("span");
        count.className = "count";
        count.setAttribute("data-testid", "unread-count");
        link.appendChild(count);
      }
      count.textContent = msg.unread > 99 ? "99+" : String(msg.unread);
    }
    var shelf = document.getElementById("live-toasts");
    if (!shelf || !msg.title) return;
    var toast = document.createElement(msg.url && msg.url.charAt(0) === "/" ? "a" : "div");
    toast.className = "toast";
    if (toast.tagName === "A") toast.href = msg.url;
    toast.textContent = msg.title;
    shelf.appendChild(toast);
    setTimeout(function () { toast.remove(); }, 8000);
  }

  connect();
})();
