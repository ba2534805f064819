/* Behaviour every page shares, hung on data- attributes (the Content-Security-Policy allows no
   inline handlers such as onclick=):
   data-confirm="Question?"  on a form or a submit button: ask before submitting
   data-autosubmit           on a select: submit its form when the choice changes
   data-print                on a button: print the page
   data-select-on-click      on an input: select its text when clicked
   data-select-all="#form"   on a checkbox: tick or untick every ids checkbox of that form
   data-picker               the search-as-you-type picker (components/picker.html): a picked match
                             fills the hidden id and the text (a multiple picker: appends its key)
   .table-wrap, .budget-impact  a table wider than the screen scrolls inside it: then Tab reaches it, so a
                                keyboard can scroll it too (axe-core: scrollable-region-focusable) */
(function () {
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = (e.submitter && e.submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) { e.preventDefault(); }
  });
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
    if (el.matches("[data-select-all]")) {
      document.querySelectorAll(el.dataset.selectAll + " input[name=ids]").forEach(function (box) { box.checked = el.checked; });
    }
  });
  document.addEventListener("click", function (e) {
    var el = e.target;
    if (el.closest && el.closest("[data-print]")) { window.print(); }
    if (el.matches && el.matches("input[data-select-on-click]")) { el.select(); }
  });
  document.addEventListener("click", function (e) {
    var pick = e.target.closest && e.target.closest("[data-picker] [data-pick]");
    if (!pick) { return; }
    e.preventDefault();
    var picker = pick.closest("[data-picker]"), text = picker.querySelector("[data-picker-text]");
    if (picker.hasAttribute("data-picker-multiple")) {
      var keys = text.value.split(",").slice(0, -1).map(function (k) { return k.trim(); }).filter(Boolean);
      keys.push(pick.dataset.value);
      text.value = keys.join(", ") + ", ";
    } else {
      picker.querySelector("[data-picker-id]").value = pick.dataset.value;
      text.value = pick.dataset.label;
    }
    picker.querySelector(".picker-results").innerHTML = "";
    text.focus();
  });
  function focusableScrollers() {
    document.querySelectorAll(".table-wrap, .budget-impact").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) { wrap.tabIndex = 0; } else { wrap.removeAttribute("tabindex"); }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("htmx:afterSettle", focusableScrollers);
})();
