// The site map page (templates/locations/site_map.html): a click on the plan fills the "place a pin
// or zone" form with the spot (relative 0..1); a drag fills a zone's corner and size and draws it.
(function () {
  "use strict";
  var figure = document.querySelector("[data-site-map]");
  var form = document.querySelector("[data-zone-form]");
  if (!figure || !form) return;
  var draft = figure.querySelector("[data-site-map-draft]");
  var field = function (name) { return form.querySelector("[name='" + name + "']"); };
  var start = null;

  function spot(event) {
    var box = figure.querySelector("[data-site-map-plan]").getBoundingClientRect();
    var clamp = function (v) { return Math.min(Math.max(v, 0), 1); };
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  }
  function round(v) { return String(Math.round(v * 10000) / 10000); }
  function drawDraft(a, b) {
    draft.setAttribute("x", Math.min(a.x, b.x));
    draft.setAttribute("y", Math.min(a.y, b.y));
    draft.setAttribute("width", Math.abs(a.x - b.x));
    draft.setAttribute("height", Math.abs(a.y - b.y));
  }
  figure.addEventListener("pointerdown", function (event) {
    event.preventDefault(); // no native drag of the image: the drag marks a zone
    start = spot(event);
    figure.setPointerCapture(event.pointerId);
    drawDraft(start, start);
  });
  figure.addEventListener("pointermove", function (event) {
    if (start) drawDraft(start, spot(event));
  });
  figure.addEventListener("pointercancel", function () { start = null; });
  figure.addEventListener("pointerup", function (event) {
    if (!start) return;
    var end = spot(event);
    var width = Math.abs(end.x - start.x), height = Math.abs(end.y - start.y);
    var isZone = width > 0.01 && height > 0.01;
    field("x").value = round(isZone ? Math.min(start.x, end.x) : start.x);
    field("y").value = round(isZone ? Math.min(start.y, end.y) : start.y);
    field("width").value = isZone ? round(width) : "";
    field("height").value = isZone ? round(height) : "";
    field("kind").value = isZone ? "area" : "pin";
    if (!isZone) drawDraft(start, start);
    start = null;
    field("name").focus();
  });
})();
