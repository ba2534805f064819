/* The door page (guests): a fresh idempotency key for every check-in submission, and the QR scanner.
 *
 * Each <form data-offline> carries a hidden idempotency_key input (static/js/offline.js queues such a
 * form when the phone is offline and replays it later with the same fields): the key is filled when the
 * form appears and replaced right after each submission, so a replay repeats its key (the server counts
 * it once) while the next submission gets its own. The scanner uses the BarcodeDetector API where the
 * browser has it; elsewhere the code is typed. No inline script: the CSP forbids it. */
(function () {
  "use strict";

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function keyInput(form) {
    return form.querySelector("input[name=idempotency_key]");
  }

  function fillKeys(root) {
    (root || document).querySelectorAll("form[data-offline]").forEach(function (form) {
      var input = keyInput(form);
      if (input && !input.value) input.value = uuid();
    });
  }

  // Capture phase: runs before any other submit handler reads the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-offline")) return;
    var input = keyInput(form);
    if (!input) return;
    if (!input.value) input.value = uuid();
    // This submission keeps its key; the form's next one gets a new key.
    window.setTimeout(function () { input.value = uuid(); }, 0);
  }, true);

  document.addEventListener("DOMContentLoaded", function () { fillKeys(document); startScanner(); });
  document.addEventListener("htmx:afterSwap", function (event) { fillKeys(event.target); });

  function startScanner() {
    var button = document.querySelector("[data-door-scan]");
    var video = document.querySelector("[data-door-video]");
    var input = document.querySelector("[data-door-code]");
    if (!button || !video || !input) return;
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    button.hidden = false;
    var stream = null;
    var timer = null;

    function stop() {
      if (timer) window.clearInterval(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.hidden = true;
    }

    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      var detector;
      try {
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (e) {
        button.hidden = true;
        input.focus();
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        video.play();
        timer = window.setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length || !codes[0].rawValue) return;
            input.value = codes[0].rawValue;
            stop();
            if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
          }).catch(function () {});
        }, 300);
      }).catch(function () {
        // No camera (or no permission): type the code instead.
        button.hidden = true;
        input.focus();
      });
    });
  }
})();
