/* The advance form: add lines from the catalog or by hand, and keep the estimated total current. */
(function () {
  var form = document.getElementById("advance-form");
  var lines = document.getElementById("lines");
  var total = form.querySelector("input[name=lines-TOTAL_FORMS]");
  var template = document.getElementById("line-template");
  var search = document.getElementById("catalog-q");
  var results = document.getElementById("picker-results");
  var out = document.getElementById("estimated-total");

  function num(v) { var n = parseFloat(String(v || "").replace(",", ".")); return isFinite(n) ? n : 0; }
  // Amounts as the server's |money writes them in the page's language: "USD 1,234.50" (en), "1.234,50 USD" (de).
  var lang = document.documentElement.lang || "en";
  var codeFirst = (function () {
    try {
      var parts = new Intl.NumberFormat(lang, {style: "currency", currency: out.dataset.currency || "USD", currencyDisplay: "code"}).formatToParts(1);
      return parts.findIndex(function (p) { return p.type === "currency"; }) < parts.findIndex(function (p) { return p.type === "integer"; });
    } catch (e) { return true; }
  })();
  function fmt(n) {
    var amount = n.toLocaleString(lang, {minimumFractionDigits: 2, maximumFractionDigits: 2});
    return codeFirst ? out.dataset.currency + " " + amount : amount + " " + out.dataset.currency;
  }
  function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }

  function recalc() {
    var sum = 0, live = 0;
    lines.querySelectorAll("[data-line]").forEach(function (row) {
      var removed = row.querySelector("[data-line-remove]").checked;
      row.classList.toggle("removed", removed);
      var t = num(field(row, "quantity").value) * num(field(row, "unit_cost").value);
      row.querySelector("[data-line-total]").textContent = fmt(t);
      if (!removed) { sum += t; live += 1; }
    });
    out.textContent = fmt(sum);
    document.getElementById("no-lines").hidden = live > 0;
  }

  // The suggestions panel (advancing/_suggestions.html) reloads on this event with the picked items.
  function suggest() { document.body.dispatchEvent(new CustomEvent("suggest")); }

  function addLine(data) {
    var i = parseInt(total.value, 10);
    lines.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, i));
    total.value = i + 1;
    var row = lines.lastElementChild;
    if (data.id) {
      field(row, "catalog_item").value = data.id;
      field(row, "catalog_code").value = data.code || "";
      row.querySelector("[data-line-code]").textContent = data.code || "Catalog";
      field(row, "name").value = data.name || "";
      field(row, "unit").value = data.unit || "";
      if (data.cost) { field(row, "unit_cost").value = data.cost; }
      field(row, "quantity").focus();
      field(row, "quantity").select();
      suggest();
    } else {
      field(row, "name").focus();
    }
    recalc();
  }

  form.addEventListener("click", function (e) {
    var pick = e.target.closest("[data-pick]");
    if (pick) {
      e.preventDefault();
      addLine(pick.dataset);
      search.value = "";
      results.innerHTML = "";
      return;
    }
    if (e.target.closest("[data-add-line]")) { e.preventDefault(); addLine({}); }
  });
  form.addEventListener("input", recalc);
  form.addEventListener("change", function (e) {
    recalc();
    if (e.target.matches("[data-line-remove]")) { suggest(); }
  });
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
  recalc();
})();
