/* Tick the clock and move the highlight between server refreshes. */
(function () {
  var clock = document.getElementById("clock");
  var fmt = new Intl.DateTimeFormat([], {hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone: clock.dataset.tz});
  function tick() {
    var now = Date.now();
    clock.textContent = fmt.format(now);
    document.querySelectorAll("#live .live-cue").forEach(function (row) {
      var on = now >= +row.dataset.start && now < +row.dataset.end;
      row.classList.toggle("running", on);
      row.classList.toggle("past", now >= +row.dataset.end);
      if (on && !row.dataset.seen) { row.dataset.seen = "1"; row.scrollIntoView({block: "center", behavior: "smooth"}); }
    });
  }
  tick(); setInterval(tick, 1000);
})();
