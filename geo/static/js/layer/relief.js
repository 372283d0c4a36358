/*
 * The shaded relief (data.terrain, issue 18 item 5): one PNG, inlined as a
 * data: URI, drawn with L.imageOverlay in its own pane (above the opaque
 * country fills, below the band, the borders and every line).  It never
 * catches the pointer: clicks go through it to the fill or the line below.
 * Its short credit goes to the attribution while it is on; its resolution
 * is in data.credits (geo/page/model.py).
 *
 *   L.Syunik.relief(ctx) -> {id, layer, def} or null (no valid data.terrain)
 *
 * `def` is a page-layer-like object for the legend (title, legend entry);
 * `layer` is added to the map when data.terrain.visible is not false.
 */
L.Syunik.relief = function (ctx) {
  var Dom = L.Syunik.Dom;
  var terrain = ctx.data.terrain;
  if (!terrain || typeof terrain !== 'object') {
    return null;
  }
  var png = terrain.png_base64;
  var bounds = L.Syunik.relief.bounds(terrain.bounds);
  if (typeof png !== 'string' || !/^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/.test(png) || !bounds) {
    console.warn('map.js: ignoring the relief: not a base64 PNG with bounds');
    return null;
  }
  // its words in the reader's language (the catalogue's terrain.*), else the data's
  var words = function (key, fallback) {
    return ctx.i18n.has('terrain.' + key) ? ctx.t('terrain.' + key) : Dom.text(fallback);
  };
  var title = words('title', terrain.title) || L.Syunik.relief.ID;
  var layer = L.imageOverlay('data:image/png;base64,' + png, bounds, {
    pane: ctx.drawOrder.pane(terrain.pane),
    alt: words('alt', terrain.alt),
    interactive: false,
    className: 'relief-image',
    attribution: Dom.escapeHtml(words('attribution', terrain.attribution))
  });
  if (terrain.visible !== false) {
    layer.addTo(ctx.map);
  }
  return {
    id: L.Syunik.relief.ID,
    layer: layer,
    def: {
      title: title, pane: terrain.pane, geometry: 'relief',
      legend: [{label: title, geometry: 'relief'}]
    }
  };
};

// The relief's id in the layer list, the legend and the URL fragment.
L.Syunik.relief.ID = 'terrain';

// [[south, west], [north, east]] of finite degrees as an L.LatLngBounds, or null.
L.Syunik.relief.bounds = function (value) {
  var ok = Array.isArray(value) && value.length === 2 && value.every(function (corner) {
    return Array.isArray(corner) && corner.length === 2 && corner.every(function (v) {
      return typeof v === 'number' && isFinite(v) && Math.abs(v) <= 180;
    });
  });
  if (!ok || value[0][0] >= value[1][0] || value[0][1] >= value[1][1] ||
      Math.abs(value[0][0]) > 90 || Math.abs(value[1][0]) > 90) {
    return null;
  }
  return L.latLngBounds(value[0], value[1]);
};

// The layers the reader switches, by id in drawing order: the data's layers
// with the relief put just above the last layer whose pane lies below its
// own (data.panes gives the depths).  A new object; `layers` is unchanged.
L.Syunik.relief.among = function (layers, defs, relief, panes) {
  if (!relief || Object.prototype.hasOwnProperty.call(layers, relief.id)) {
    return layers;
  }
  var depth = {};
  (Array.isArray(panes) ? panes : []).forEach(function (pane) {
    if (pane && typeof pane.name === 'string' && typeof pane.z_index === 'number') {
      depth[pane.name] = pane.z_index;
    }
  });
  var own = Object.prototype.hasOwnProperty.call(depth, relief.def.pane) ? depth[relief.def.pane] : -Infinity;
  var ids = Object.keys(layers);
  var at = 0;
  ids.forEach(function (id, index) {
    var pane = defs[id] && defs[id].pane;
    if (Object.prototype.hasOwnProperty.call(depth, pane) && depth[pane] < own) {
      at = index + 1;
    }
  });
  var out = {};
  ids.slice(0, at).forEach(function (id) { out[id] = layers[id]; });
  out[relief.id] = relief.layer;
  ids.slice(at).forEach(function (id) { out[id] = layers[id]; });
  return out;
};
