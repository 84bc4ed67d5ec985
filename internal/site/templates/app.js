// coopgraph: the search, the filters, the list and the map of index.html and of the datasets'
// pages. The co-ops come from the index files the page loads before this script
// (site/coops.js, site/dataset-<name>.js), each of which adds one set to window.coopgraph.
// Nothing is fetched: the pages work from file:// and under their Content-Security-Policy.
(function () {
  'use strict';
  var form = document.getElementById('explorer');
  var sets = window.coopgraph || [];
  if (!form || !sets.length) { return; }
  var root = form.getAttribute('data-root') || '';
  var SVG = 'http://www.w3.org/2000/svg';
  var PAGE = 100; // rows added to the list at a time
  // The order of the facets in every index file (site/facets.go, indexFacets).
  var FACETS = ['dataset', 'type', 'sector', 'status', 'member', 'country', 'structure', 'activity', 'membership'];
  var F = {};
  FACETS.forEach(function (f, k) { F[f] = k; });

  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  // Every co-op of every set, with its facets' values as strings.
  var coops = [];
  var labels = FACETS.map(function () { return {}; });
  var setTitle = {};
  sets.forEach(function (set) {
    setTitle[set.key] = set.title;
    set.facets.forEach(function (values, k) {
      values.forEach(function (v) { labels[k][v[0]] = v[1]; });
    });
    set.rows.forEach(function (r) {
      var vals = [];
      for (var k = 0; k < FACETS.length; k++) {
        var x = r[5 + k];
        var list = Array.isArray(x) ? x : (x < 0 ? [] : [x]);
        vals.push(list.map(function (i) { return set.facets[k][i][0]; }));
      }
      coops.push({
        id: r[0], name: r[1], ident: r[2], lat: r[3], lon: r[4], set: set.key,
        href: root + set.ids + r[0] + '.html', vals: vals,
        text: fold(r[1] + ' ' + r[0] + ' ' + r[2])
      });
    });
  });

  // The filters: each select names its facet; its options are the values the co-ops have.
  var selects = Array.prototype.slice.call(form.querySelectorAll('select[data-facet]'));
  var search = document.getElementById('search');
  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (sel) {
    var k = F[sel.getAttribute('data-facet')];
    var n = {};
    coops.forEach(function (c) { c.vals[k].forEach(function (v) { n[v] = (n[v] || 0) + 1; }); });
    Object.keys(n).sort(function (a, b) {
      return n[b] - n[a] || (labels[k][a] < labels[k][b] ? -1 : labels[k][a] > labels[k][b] ? 1 : 0);
    }).forEach(function (v) {
      var o = document.createElement('option');
      o.value = v;
      o.textContent = (labels[k][v] || v) + ' (' + n[v] + ')';
      sel.appendChild(o);
    });
    var want = params.get(sel.getAttribute('data-facet'));
    if (want && n[want]) { sel.value = want; }
  });
  if (params.get('q')) { search.value = params.get('q'); }

  var shown = document.getElementById('shown');
  var placed = document.getElementById('placed');
  var unplaced = document.getElementById('unplaced');
  var tbody = document.querySelector('#coop-list tbody');
  var more = document.getElementById('more');
  var matches = [];
  var listed = 0;

  function kind(c) {
    var order = ['type', 'activity', 'structure'];
    for (var i = 0; i < order.length; i++) {
      var k = F[order[i]];
      if (c.vals[k].length) { return labels[k][c.vals[k][0]] || c.vals[k][0]; }
    }
    return '';
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function list(upto) {
    for (; listed < matches.length && listed < upto; listed++) {
      var c = matches[listed];
      var tr = document.createElement('tr');
      tr.setAttribute('data-id', c.id);
      tr.setAttribute('data-set', c.set);
      tr.setAttribute('data-type', c.vals[F.type].join(' '));
      tr.setAttribute('data-sectors', c.vals[F.sector].join(' '));
      var td = document.createElement('td');
      var a = document.createElement('a');
      a.href = c.href;
      a.textContent = c.name;
      td.appendChild(a);
      if (c.ident) {
        var s = document.createElement('span');
        s.className = 'muted';
        s.textContent = ' ' + c.ident;
        td.appendChild(s);
      }
      tr.appendChild(td);
      cell(tr, setTitle[c.set]);
      cell(tr, c.vals[F.country].join(' '));
      cell(tr, kind(c));
      tbody.appendChild(tr);
    }
    more.hidden = listed >= matches.length;
    more.textContent = 'show ' + Math.min(PAGE, matches.length - listed) + ' more of ' + (matches.length - listed);
  }

  function apply(remember) {
    var want = selects.map(function (sel) { return [F[sel.getAttribute('data-facet')], sel.value]; })
      .filter(function (w) { return w[1] !== ''; });
    var q = fold(search.value.trim());
    matches = coops.filter(function (c) {
      for (var i = 0; i < want.length; i++) {
        if (c.vals[want[i][0]].indexOf(want[i][1]) < 0) { return false; }
      }
      return q === '' || c.text.indexOf(q) >= 0;
    });
    var n = 0;
    matches.forEach(function (c) { if (c.lat !== null) { n++; } });
    shown.textContent = String(matches.length);
    placed.textContent = String(n);
    unplaced.textContent = String(matches.length - n);
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    listed = 0;
    list(PAGE);
    draw();
    if (remember) {
      var p = new URLSearchParams();
      selects.forEach(function (sel) { if (sel.value) { p.set(sel.getAttribute('data-facet'), sel.value); } });
      if (search.value.trim()) { p.set('q', search.value.trim()); }
      var s = p.toString();
      window.history.replaceState(null, '', window.location.pathname + (s ? '?' + s : '') + window.location.hash);
    }
  }

  // The map: equirectangular, as the basemap (site/basemap): x = (lon + 180) × 10,
  // y = (90 − lat) × 10. Co-ops close on screen are drawn as one circle with their number.
  var svg = document.getElementById('map');
  var points = document.getElementById('points');
  // The map shows latitudes 85 to -60 (no co-op is further south than Patagonia).
  var W = 3600, TOP = 50, BOTTOM = 1500, R = W / (BOTTOM - TOP);
  var view = { x: 0, y: TOP, w: W, h: BOTTOM - TOP };

  function setView(x, y, w) {
    w = Math.max(W / 64, Math.min(W, w));
    var h = w / R;
    view = { x: Math.max(0, Math.min(W - w, x)), y: Math.max(TOP, Math.min(BOTTOM - h, y)), w: w, h: h };
    svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
  }

  function draw() {
    var px = svg.getBoundingClientRect().width || 800;
    var unit = view.w / px; // map units per screen pixel
    var cellSize = 28 * unit;
    var cells = {};
    var keys = [];
    matches.forEach(function (c) {
      if (c.lat === null) { return; }
      var x = (c.lon + 180) * 10, y = (90 - c.lat) * 10;
      var key = Math.floor(x / cellSize) + ':' + Math.floor(y / cellSize);
      var g = cells[key];
      if (!g) { g = cells[key] = { n: 0, x: 0, y: 0, first: c }; keys.push(key); }
      g.n++;
      g.x += x;
      g.y += y;
    });
    while (points.firstChild) { points.removeChild(points.firstChild); }
    keys.forEach(function (key) {
      var g = cells[key];
      var cx = g.x / g.n, cy = g.y / g.n;
      var r = (g.n === 1 ? 4 : 6 + 3 * Math.log(g.n) / Math.LN10 * 2) * unit;
      var node, circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('cx', cx.toFixed(2));
      circle.setAttribute('cy', cy.toFixed(2));
      circle.setAttribute('r', r.toFixed(2));
      var title = document.createElementNS(SVG, 'title');
      if (g.n === 1) {
        node = document.createElementNS(SVG, 'a');
        node.setAttribute('href', g.first.href);
        node.setAttribute('class', 'point');
        title.textContent = g.first.name;
      } else {
        node = document.createElementNS(SVG, 'g');
        node.setAttribute('class', 'cluster');
        node.setAttribute('tabindex', '0');
        node.setAttribute('role', 'button');
        title.textContent = g.n + ' co-ops: zoom in';
        node.addEventListener('click', function () { zoom(3, cx, cy); });
        node.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); zoom(3, cx, cy); } });
      }
      node.setAttribute('data-n', String(g.n));
      circle.appendChild(title);
      node.appendChild(circle);
      if (g.n > 1) {
        var t = document.createElementNS(SVG, 'text');
        t.setAttribute('x', cx.toFixed(2));
        t.setAttribute('y', (cy + 4 * unit).toFixed(2));
        t.setAttribute('font-size', (11 * unit).toFixed(2));
        t.textContent = String(g.n);
        node.appendChild(t);
      }
      points.appendChild(node);
    });
  }

  function zoom(f, cx, cy) {
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    var w = view.w / f;
    setView(cx - w / 2, cy - w / R / 2, w);
    draw();
  }

  // Dragging pans the map.
  var drag = null;
  svg.addEventListener('pointerdown', function (e) {
    if (e.target.closest && e.target.closest('a, .cluster')) { return; }
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
  });
  window.addEventListener('pointermove', function (e) {
    if (!drag) { return; }
    var unit = view.w / (svg.getBoundingClientRect().width || 800);
    setView(drag.vx - (e.clientX - drag.x) * unit, drag.vy - (e.clientY - drag.y) * unit, view.w);
  });
  window.addEventListener('pointerup', function () { if (drag) { drag = null; draw(); } });

  document.getElementById('zoom-in').addEventListener('click', function () { zoom(2); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(0.5); });
  document.getElementById('zoom-reset').addEventListener('click', function () { setView(0, TOP, W); draw(); });
  document.getElementById('map-tools').hidden = false;
  var resized = null;
  window.addEventListener('resize', function () { clearTimeout(resized); resized = setTimeout(draw, 150); });

  selects.forEach(function (sel) { sel.addEventListener('change', function () { apply(true); }); });
  search.addEventListener('input', function () { apply(true); });
  more.addEventListener('click', function () { list(listed + PAGE); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.hidden = false;
  document.getElementById('explorer-off').hidden = true;
  apply(false);
})();
