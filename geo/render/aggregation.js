// The script of geo.render.aggregation's layer, a Jinja template: draws an aggregation into its
// parent FeatureGroup on a canvas and redraws it on zoom. `data` below is the payload (aggregation_payload).
(function () {
  var group = {{ this._parent.get_name() }};
  var data = {{ this.data_json }};
  var renderer = null;
  var shownZoom = null, map = null;
  var paths = data.shapes.map(function (d) { return new Path2D(d); });
  // One symbol per place or cluster, drawn on the canvas: a single event is its layer's shape; several
  // are a white disc with a ring divided by layer, the count in dark text (over 15:1 on white), and
  // under it the shape of every layer present, so layers read apart without colour.
  var Symbol = L.CircleMarker.extend({
    _updateBounds: function () {
      var r = this._radius + 2, p = this._point, below = this.options.geoCounts ? 12 : 0;
      this._pxBounds = new L.Bounds(p.subtract([r, r]), p.add([r, r + below]));
    },
    _updatePath: function () {
      if (!this._renderer._ctx || this._empty()) { return; }
      var ctx = this._renderer._ctx, p = this._point, counts = this.options.geoCounts;
      ctx.save();
      if (!counts) {
        ctx.translate(p.x - 9, p.y - 9); ctx.scale(0.9, 0.9);
        ctx.fillStyle = data.colours[this.options.geoLayer];
        ctx.lineJoin = 'round'; ctx.lineWidth = 3; ctx.strokeStyle = '#ffffff';
        ctx.stroke(paths[this.options.geoLayer]);
        ctx.lineWidth = 1.2; ctx.strokeStyle = '#222222';
        ctx.stroke(paths[this.options.geoLayer]); ctx.fill(paths[this.options.geoLayer]);
        ctx.restore();
        return;
      }
      var n = this.options.geoTotal, R = this._radius, start = -Math.PI / 2, present = [];
      ctx.beginPath(); ctx.arc(p.x, p.y, R, 0, 2 * Math.PI);
      ctx.fillStyle = '#ffffff'; ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = '#333333'; ctx.stroke();
      ctx.lineWidth = 5;
      for (var k = 0; k < counts.length; k++) {
        if (!counts[k]) { continue; }
        present.push(k);
        var end = start + 2 * Math.PI * counts[k] / n;
        ctx.beginPath(); ctx.arc(p.x, p.y, R - 3.5, start, end); ctx.strokeStyle = data.colours[k]; ctx.stroke();
        start = end;
      }
      ctx.fillStyle = '#111111'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.font = 'bold ' + (n < 100 ? 12 : 10) + 'px sans-serif';
      ctx.fillText(n < 1000 ? String(n) : (n < 10000 ? (n / 1000).toFixed(1) : Math.round(n / 1000)) + 'k', p.x, p.y + 0.5);
      for (var q = 0; q < present.length; q++) {
        ctx.save();
        ctx.translate(p.x - 5 * present.length + 10 * q + 0.5, p.y + R + 1); ctx.scale(0.45, 0.45);
        ctx.fillStyle = data.colours[present[q]]; ctx.lineWidth = 2; ctx.strokeStyle = '#222222';
        ctx.fill(paths[present[q]]); ctx.stroke(paths[present[q]]);
        ctx.restore();
      }
      ctx.restore();
    }
  });
  function layerTable(counts) {
    var text = '<table>';
    for (var k = 0; k < data.layers.length; k++) {
      if (counts[k] > 0) {
        text += '<tr><td><span style="color:' + data.colours[k] + '">&#9679;</span> ' + data.layers[k] +
                '</td><td style="text-align:right;padding-left:8px">' + counts[k].toLocaleString('en') + '</td></tr>';
      }
    }
    return text + '</table>';
  }
  function eventList(l, members) {
    var text = '<ol class="geo-cluster-list">';
    for (var q = 0; q < members.length; q++) {
      var j = members[q];
      text += '<li><a href="#" data-geo-select="' + l.id[j] + '"><span style="color:' + data.colours[l.layer[j]] +
              '">&#9632;</span> ' + (l.date[j] || 'undated') + ' &middot; ' + (l.title[j] || 'Untitled event') + '</a></li>';
    }
    return text + '</ol>';
  }
  function row(c, at) { return c.slice(at * data.width + 3, (at + 1) * data.width); }
  function layerWords(counts) {
    var words = [];
    for (var k = 0; k < data.layers.length; k++) { if (counts[k] > 0) { words.push(counts[k].toLocaleString('en') + ' ' + data.layers[k]); } }
    return words.join(', ');
  }
  function clusterPopup(i, at) {
    var c = data.levels[i].c, n = c[at * data.width + 2];
    var text = '<div class="geo-cluster"><b>' + n.toLocaleString('en') + ' events</b> in this area' + layerTable(row(c, at));
    var members = (i === data.levels.length - 1) ? data.lists[String(at)] : null;
    if (members) {
      return text + '<div>These events cannot be told apart on the map; open one:</div>' + eventList(data.listed, members) + '</div>';
    }
    if (i === data.levels.length - 1) {
      return text + '<i>Too many events here to list: narrow the dates, layers or actors.</i></div>';
    }
    return text + '<i>Zoom in, or narrow the dates, layers or actors, to see individual events.</i></div>';
  }
  function placeMembers(j) {
    var s = data.places.s[j], n = data.places.c[j * data.width + 2];
    return data.places.m.slice(s, s + n);
  }
  function placePopup(j) {
    var members = placeMembers(j);
    return '<div class="geo-cluster geo-place"><b>' + members.length + ' events at this place</b>' +
           layerTable(row(data.places.c, j)) + '<div>Open one:</div>' + eventList(data.points, members) + '</div>';
  }
  function pointPopup(j) {
    var p = data.points;
    return '<div class="geo-point"><b>' + (p.title[j] || 'Untitled event') + '</b><br>' + (p.date[j] || 'undated') +
           ' &middot; ' + data.layers[p.layer[j]] + '<br><i>Its details are in the panel beside the map.</i></div>';
  }
  function levelFor(zoom) {
    var chosen = 0;
    for (var i = 0; i < data.levels.length; i++) { if (data.levels[i].z <= zoom) { chosen = i; } }
    return chosen;
  }
  function ringRadius(n) { return Math.min(15 + 2 * Math.log10(n), 22); }
  function draw() {
    if (!map) { return; }
    var i = levelFor(map.getZoom());
    if (i === shownZoom) { return; }
    shownZoom = i;
    group.clearLayers();
    var level = data.levels[i], c = level.c, w = data.width, s = data.scale;
    var symbols = [];
    for (var at = 0; at * w < c.length; at++) {
      var n = c[at * w + 2];
      var cluster = new Symbol([c[at * w] / s, c[at * w + 1] / s], {
        renderer: renderer, radius: ringRadius(n), geoCounts: row(c, at), geoTotal: n, geoKind: 'cluster',
        geoLabel: n.toLocaleString('en') + ' events in this area: ' + layerWords(row(c, at))
      });
      cluster.bindPopup(clusterPopup.bind(null, i, at), {maxWidth: 340});
      symbols.push(cluster);
    }
    var pc = data.places.c, p = data.points;
    for (var q = 0; q < level.p.length; q++) {
      var j = level.p[q], count = pc[j * w + 2], latlng = [pc[j * w] / s, pc[j * w + 1] / s], symbol;
      if (count === 1) {
        var e = data.places.m[data.places.s[j]];
        // The id travels in an option, never in text: a click selects the event in the app (geoPick).
        symbol = new Symbol(latlng, {renderer: renderer, radius: 9, geoLayer: p.layer[e], geoKey: p.id[e], geoTotal: 1, geoKind: 'event',
                                     geoLabel: (p.title[e] || 'Untitled event') + ', ' + (p.date[e] || 'undated') + ', ' + data.layers[p.layer[e]]});
        symbol.bindPopup(pointPopup.bind(null, e), {maxWidth: 320});
        symbol.bindTooltip(p.title[e] || 'Untitled event');
        symbol.on('click', function (ev) { if (window.geoPick) { window.geoPick(ev.target.options.geoKey); } });
      } else {
        symbol = new Symbol(latlng, {renderer: renderer, radius: ringRadius(count), geoCounts: row(pc, j), geoTotal: count, geoKind: 'place',
                                     geoLabel: count + ' events at this place: ' + layerWords(row(pc, j))});
        symbol.bindPopup(placePopup.bind(null, j), {maxWidth: 340});
        symbol.bindTooltip(count + ' events at this place: click to list them');
      }
      symbols.push(symbol);
    }
    // Smaller symbols last, so they are drawn (and clicked) above larger neighbours.
    symbols.sort(function (a, b) { return b.options.geoTotal - a.options.geoTotal; });
    for (var k = 0; k < symbols.length; k++) { group.addLayer(symbols[k]); }
    shown = symbols;
    keyboardList();
    window.geoAggregateDrawn = (window.geoAggregateDrawn || 0) + 1;
  }
  // The canvas has no elements to focus: a list of buttons, one per symbol in view (top to bottom),
  // hidden until focused, names each symbol for screen readers and lets the keyboard open it; the
  // focused one is ringed on the map. Its text is the payload's (escaped on the server) and our words.
  var shown = [], keys = null, focusRing = null;
  function keyboardList() {
    if (!map) { return; }
    if (!keys) {
      keys = L.DomUtil.create('div', 'geo-keys', map.getContainer());
      keys.setAttribute('role', 'group');
      keys.setAttribute('aria-label', 'Symbols on the map: Tab goes through them, Enter opens one');
      L.DomEvent.disableClickPropagation(keys);
      L.DomEvent.disableScrollPropagation(keys);
      if (!map.getPane('geoFocus')) { map.createPane('geoFocus').style.zIndex = 460; }
    }
    var bounds = map.getBounds();
    var inView = shown.filter(function (m) { return bounds.contains(m.getLatLng()); });
    inView.sort(function (a, b) { return b.getLatLng().lat - a.getLatLng().lat || a.getLatLng().lng - b.getLatLng().lng; });
    inView = inView.slice(0, 300);
    var signature = inView.map(function (m) { return L.stamp(m); }).join(',');
    if (signature === keys.geoSignature) { return; }  // the same symbols: keep the list (and the focus)
    var active = document.activeElement, focusedSymbol = active && active.geoSymbol;
    keys.geoSignature = signature;
    keys.innerHTML = '';
    inView.forEach(function (m, k) {
      var button = L.DomUtil.create('button', 'geo-key', keys);
      button.type = 'button';
      button.geoSymbol = m;
      button.innerHTML = m.options.geoLabel + ' (' + (k + 1) + ' of ' + inView.length + ' in view)';
      button.addEventListener('focus', function () {
        if (focusRing) { focusRing.remove(); }
        focusRing = L.circleMarker(m.getLatLng(), {pane: 'geoFocus', radius: m.options.radius + 6, color: '#111111', weight: 3,
                                                   fill: false, interactive: false}).addTo(map);
      });
      button.addEventListener('blur', function () { if (focusRing) { focusRing.remove(); focusRing = null; } });
      button.addEventListener('click', function () {
        m.openPopup();
        if (m.options.geoKind === 'event' && window.geoPick) { window.geoPick(m.options.geoKey); }
      });
      if (m === focusedSymbol) { button.focus(); }
    });
  }
  function attach() {
    if (map) { return; }
    map = group._map;
    if (!renderer) {
      // Its own pane above the country outlines (an SVG pane), so symbols read at full colour.
      if (!map.getPane('geoAggregate')) { map.createPane('geoAggregate').style.zIndex = 450; }
      renderer = L.canvas({padding: 0.3, pane: 'geoAggregate'});
    }
    map.on('zoomend', draw);
    map.on('moveend', keyboardList);
    shownZoom = null;
    draw();
  }
  group.on('add', attach);
  group.on('remove', function () {
    if (map) { map.off('zoomend', draw); map.off('moveend', keyboardList); }
    if (keys) { keys.remove(); keys = null; }
    map = null;
  });
  if (group._map) { attach(); }
})();
