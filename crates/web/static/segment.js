// The mailing form's live count. Without JavaScript, the "Compter" button posts the form and
// the page comes back with the figure; with it, the figure follows the filters as they change,
// asked of our own server (the same segment rules: /admin/envois/compte).
(function () {
  "use strict";
  var form = document.getElementById("envoi");
  var out = document.getElementById("compte");
  if (!form || !out || !window.fetch || !window.URLSearchParams) return;
  var format = new Intl.NumberFormat("fr-FR");
  var filters = ["departements", "lieu", "rayon", "groupe", "competences", "gouts", "evenement", "donateurs", "date", "heure"];
  var timer = null;
  var asked = 0;
  function refresh() {
    var data = new FormData(form);
    var query = new URLSearchParams();
    data.forEach(function (value, name) {
      if (filters.indexOf(name) >= 0) query.append(name, value);
    });
    var mine = ++asked;
    fetch(out.getAttribute("data-live") + "?" + query.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (mine !== asked) return;
        if (data.errors) {
          out.textContent = "Segment à corriger : " + Object.keys(data.errors).map(function (k) { return data.errors[k]; }).join(" ");
        } else {
          var n = data.reachable;
          var text = n === 0 ? "Personne ne recevra ce message"
            : n === 1 ? "1 personne recevra ce message"
            : format.format(n) + " personnes recevront ce message";
          var capped = data.matching - data.reachable;
          if (capped > 0) text += " (" + format.format(capped) + " écartée" + (capped > 1 ? "s" : "") + " par le plafond hebdomadaire)";
          out.textContent = text + ".";
        }
      })
      .catch(function () { /* keep the last figure */ });
  }
  function soon(event) {
    if (!event.target.name || filters.indexOf(event.target.name) < 0) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
})();
