/* Drag a cue by its handle to reorder; the up/down buttons do the same without a mouse. */
(function () {
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    var row = e.target.closest && e.target.closest(".cue-row[draggable=true]");
    if (!row) return;
    dragged = row; row.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", row.dataset.cue);
  });
  document.addEventListener("dragover", function (e) {
    var row = e.target.closest && e.target.closest(".cue-row");
    if (!dragged || !row || row === dragged) return;
    e.preventDefault();
    var box = row.getBoundingClientRect();
    row.parentNode.insertBefore(dragged, (e.clientY - box.top) > box.height / 2 ? row.nextSibling : row);
  });
  document.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging"); dragged = null;
    var form = document.getElementById("reorder-form");
    form.querySelectorAll("input[name=order]").forEach(function (i) { i.remove(); });
    document.querySelectorAll("#cues .cue-row").forEach(function (row) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = "order"; input.value = row.dataset.cue; form.appendChild(input);
    });
    htmx.trigger(form, "reorder");
  });
})();
