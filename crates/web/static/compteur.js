// Keeps the supporters' counter live. Without JavaScript the figure in the page is the one
// the server rendered; with it, we ask our own server (never a third party) every few seconds.
(function () {
  "use strict";
  var el = document.getElementById("compteur");
  if (!el || !window.fetch) return;
  var url = el.getAttribute("data-live");
  var format = new Intl.NumberFormat("fr-FR");
  function refresh() {
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && typeof data.signatures === "number") el.textContent = format.format(data.signatures);
      })
      .catch(function () { /* keep the last figure; try again at the next tick */ });
  }
  setInterval(refresh, 3000);
  refresh();
})();
