// Beheer → Verwerkingsverantwoordelijken: shows the upload's progress of an identifier import.
// Without JavaScript the form posts as usual and the browser shows its own progress.
(function () {
  'use strict';
  var form = document.querySelector('form[data-import]');
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
  form.addEventListener('submit', function (event) {
    var input = form.querySelector('input[type=file]');
    if (!input || !input.files || !input.files.length) return;
    event.preventDefault();
    var box = form.querySelector('.import-progress');
    var bar = box.querySelector('progress');
    var text = box.querySelector('span');
    var button = form.querySelector('button[type=submit]');
    box.hidden = false;
    button.disabled = true;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round((e.loaded / e.total) * 100);
      bar.value = pct;
      text.textContent = 'Bezig met uploaden… ' + pct + '%';
    });
    xhr.upload.addEventListener('load', function () {
      bar.removeAttribute('value');
      text.textContent = 'Geüpload. Bezig met verwerken van de kenmerken…';
    });
    xhr.addEventListener('load', function () {
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var main = doc.querySelector('main');
      if (main) {
        document.querySelector('main').replaceWith(main);
        document.title = doc.title;
        var report = document.getElementById('import-rapport') || document.querySelector('.banner');
        if (report) report.scrollIntoView();
        // The new form gets the same behaviour.
        var s = document.createElement('script');
        s.src = '/ui/assets/controllers.js';
        document.body.appendChild(s);
      } else {
        text.textContent = 'De import is mislukt. Laad de pagina opnieuw en probeer het nog eens.';
        button.disabled = false;
      }
    });
    xhr.addEventListener('error', function () {
      text.textContent = 'De verbinding is verbroken. Probeer het opnieuw.';
      button.disabled = false;
    });
    xhr.send(new FormData(form));
  });
})();
