/* The top bar's search (templates/base.html, data-topsearch): htmx fills the dropdown as one types;
   Escape or a click elsewhere closes it. No inline handlers (Content-Security-Policy). */
(function () {
  function close(form) {
    var results = form && form.querySelector(".topsearch-results");
    if (results) { results.innerHTML = ""; }
  }
  document.addEventListener("keydown", function (e) {
    var form = e.target.closest && e.target.closest("[data-topsearch]");
    if (form && e.key === "Escape") { close(form); }
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("[data-topsearch]").forEach(function (form) {
      if (!form.contains(e.target)) { close(form); }
    });
  });
})();
