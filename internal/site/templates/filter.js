(function () {
  'use strict';
  var form = document.getElementById('filters');
  var type = document.getElementById('filter-type');
  var sector = document.getElementById('filter-sector');
  var shown = document.getElementById('shown');
  var rows = document.querySelectorAll('#coop-list tbody tr');
  var params = new URLSearchParams(window.location.search);
  function pick(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.value = value; return; }
    }
  }
  function apply(remember) {
    var t = type.value, s = sector.value, n = 0;
    rows.forEach(function (row) {
      var sectors = row.getAttribute('data-sectors').split(' ');
      var ok = (t === '' || row.getAttribute('data-type') === t) && (s === '' || sectors.indexOf(s) >= 0);
      row.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = String(n);
    if (remember) {
      var q = new URLSearchParams();
      if (t !== '') { q.set('type', t); }
      if (s !== '') { q.set('sector', s); }
      var search = q.toString();
      window.history.replaceState(null, '', window.location.pathname + (search ? '?' + search : '') + window.location.hash);
    }
  }
  pick(type, params.get('type') || '');
  pick(sector, params.get('sector') || '');
  type.addEventListener('change', function () { apply(true); });
  sector.addEventListener('change', function () { apply(true); });
  form.hidden = false;
  apply(false);
})();
