/* Tick the clock between refreshes (the cues' states come from the server: they are called, not timed). */
(function () {
  var clock = document.getElementById("clock");
  if (!clock) return; // the record after the show has no clock
  var fmt = new Intl.DateTimeFormat([], {hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone: clock.dataset.tz});
  function tick() { clock.textContent = fmt.format(Date.now()); }
  tick(); setInterval(tick, 1000);
})();
