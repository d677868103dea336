// "Utiliser ma position": shown only when the browser can locate; the position is asked for
// only when the person presses the button, and sent only to this site with the search.
(function () {
  'use strict';
  var button = document.getElementById('ma-position');
  if (!button || !navigator.geolocation) { return; }
  var note = document.getElementById('position-note');
  button.hidden = false;
  if (note) { note.hidden = false; }
  button.addEventListener('click', function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById('lat').value = position.coords.latitude.toFixed(4);
      document.getElementById('lon').value = position.coords.longitude.toFixed(4);
      document.getElementById('q').value = '';
      button.form.submit();
    }, function () {
      button.disabled = false;
      if (note) { note.textContent = "Votre position n'est pas disponible : indiquez un code postal ou une commune."; }
    }, { maximumAge: 600000, timeout: 10000 });
  });
}());
