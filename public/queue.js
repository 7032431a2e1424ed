// Keyboard shortcuts of the queue (progressive enhancement: every action also works without this
// script). j/k move between rows, Enter opens, x selects, / searches, a assigns to me, ? lists them.
(function () {
  'use strict';
  var table = document.getElementById('verzoeken');
  var help = document.getElementById('sneltoetsen');
  var hint = document.querySelector('.shortcut-hint');
  if (hint) hint.hidden = false;
  var rows = table ? Array.prototype.slice.call(table.querySelectorAll('tbody tr')) : [];
  var current = -1;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === 'input' || tag === 'textarea' || tag === 'select' || target.isContentEditable;
  }

  function move(to) {
    if (!rows.length) return;
    if (current >= 0 && rows[current]) rows[current].classList.remove('current');
    current = Math.max(0, Math.min(rows.length - 1, to));
    var row = rows[current];
    row.classList.add('current');
    var link = row.querySelector('a.open');
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' });
  }

  function rowIndexOf(element) {
    for (var i = 0; i < rows.length; i++) if (rows[i].contains(element)) return i;
    return -1;
  }

  function assignToMe(row) {
    var form = document.querySelector('form.bulk-form');
    if (!form) return;
    var boxes = form.querySelectorAll('input[name="ids"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
    var box = row.querySelector('input[name="ids"]');
    if (!box) return;
    box.checked = true;
    form.querySelector('select[name="actie"]').value = 'toewijzen';
    form.querySelector('select[name="aan"]').value = 'mij';
    form.submit();
  }

  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.focus();
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && help && !help.hidden) {
      toggleHelp(false);
      return;
    }
    if (typing(event.target)) return;
    var focused = rowIndexOf(document.activeElement);
    if (focused >= 0 && focused !== current) current = focused;
    switch (event.key) {
      case 'j':
        move(current + 1);
        break;
      case 'k':
        move(current < 0 ? 0 : current - 1);
        break;
      case 'Enter':
        if (current < 0 || document.activeElement && document.activeElement.tagName === 'A' && focused < 0) return;
        var link = rows[current] && rows[current].querySelector('a.open');
        if (!link) return;
        window.location.href = link.href;
        break;
      case 'x':
        if (current < 0) return;
        var box = rows[current].querySelector('input[name="ids"]');
        if (box) box.checked = !box.checked;
        break;
      case '/':
        var search = document.getElementById('f-zoek');
        if (!search) return;
        search.focus();
        search.select();
        break;
      case 'a':
        if (current < 0) return;
        assignToMe(rows[current]);
        break;
      case '?':
        toggleHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
