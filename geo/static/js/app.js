/*
 * The page: reads the JSON document in <script type="application/json"
 * id="map-data"> (its format is written down in geo/data/page.schema.json,
 * checked against geo/page/model.py's output and these scripts by
 * tests/test_contract.py), builds the map and hands every unit one context
 * object:
 *
 *   ctx = {map, container, data, panelData, title, layers (L.GeoJSON by
 *          id), defs (page layer by id), relief (layer/relief.js, or null),
 *          overlays (every layer the reader switches, by id in drawing order:
 *          the layers and the relief), drawOrder, popupBindings, isNarrow,
 *          narrowMedia, layerControl, panel, views, legend, tools, overview,
 *          print}
 *
 * The units run in the order below; each later one may use what the earlier
 * ones put in ctx.  Public hooks for embedders and tests, set once the map
 * has drawn: window.syunikMap (the L.Map), window.syunikLayers (the layers by
 * id), window.syunikMiniMap, and data-map-ready="1" on <html>.
 */
L.Syunik.start = function () {
  var Dom = L.Syunik.Dom;
  var Popup = L.Syunik.Popup;
  var dataNode = document.getElementById('map-data');
  if (!dataNode) {
    throw new Error('map.js: <script id="map-data"> not found');
  }
  var data = JSON.parse(dataNode.textContent);
  var container = document.getElementById('map');
  if (!container) {
    throw new Error('map.js: <div id="map"> not found');
  }
  var layerDefs = (Array.isArray(data.layers) ? data.layers : []).filter(function (d) {
    return d && typeof d === 'object';
  }).map(function (d) {
    return Object.assign({}, d, {geojson: L.Syunik.Decode.geojson(d.geojson)});
  });
  var panelData = data.panel && typeof data.panel === 'object' ? data.panel : {};
  var mapTitle = Dom.text(data.title || panelData.title || 'Map');
  var narrowMedia = window.matchMedia('(max-width: 700px)');
  if (!document.title) {
    document.title = mapTitle;
  }

  var map = L.map(container, {
    preferCanvas: true,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    wheelPxPerZoomLevel: 90,
    attributionControl: true,
    zoomControl: false,
    minZoom: 1,
    maxZoom: 18,
    worldCopyJump: false
  });
  var ctx = {
    map: map, container: container, data: data, panelData: panelData, title: mapTitle,
    layers: {}, defs: {}, relief: null, overlays: {}, popupBindings: [], narrowMedia: narrowMedia,
    isNarrow: function () {
      return narrowMedia.matches;
    },
    drawOrder: L.Syunik.drawOrder(map, data.panes),
    layerControl: null, panel: null, views: null, legend: null, tools: null, overview: null, print: null
  };
  var background = L.Syunik.Style.color(data.background);
  if (background) {
    container.style.background = background;
  }
  container.classList.add('offline-map');
  if (!container.hasAttribute('role') && container.tagName !== 'MAIN') {
    container.setAttribute('role', 'region');
  }
  if (!container.hasAttribute('aria-label')) {
    container.setAttribute('aria-label', 'Map: ' + mapTitle);
  }
  map.attributionControl.setPrefix(false);
  if (data.credits) {
    map.attributionControl.addAttribution(Dom.escapeHtml(data.credits));
  }

  // The layers, bottom first; no popups while measuring.
  var titles = {};
  layerDefs.forEach(function (def, index) {
    var id = def.id !== undefined && def.id !== null ? String(def.id) : 'layer-' + index;
    if (Object.prototype.hasOwnProperty.call(ctx.layers, id)) {
      console.warn('map.js: duplicate layer id ' + id + '; renaming');
      id = id + '-' + index;
    }
    var geo = L.Syunik.featureLayer(def, ctx);
    ctx.defs[id] = def;
    ctx.layers[id] = geo;
    titles[id] = Dom.text(def.title || id);
    if (def.visible !== false) {
      geo.addTo(map);
    }
  });
  map.on('measurestart', function () {
    Popup.setEnabled(ctx, false);
  });
  map.on('measureend', function () {
    Popup.setEnabled(ctx, true);
  });

  // The shaded relief, under every line and above the fills; switched like a layer.
  ctx.relief = L.Syunik.relief(ctx);
  ctx.overlays = L.Syunik.relief.among(ctx.layers, ctx.defs, ctx.relief, data.panes);
  if (ctx.relief) {
    titles[ctx.relief.id] = ctx.relief.def.title;
  }

  ctx.layerControl = L.control.mapLayers({
    layers: ctx.overlays, titles: titles, toggles: data.controls, tiles: data.tiles
  }).addTo(map);
  var labels = L.Syunik.mapLabels(ctx);
  L.Syunik.halos(ctx);

  map.on('infopaneltoggle', function () {
    Popup.refresh(ctx);
  });
  ctx.panel = L.control.infoPanel({
    panel: panelData, title: data.title, credits: data.credits, isNarrow: ctx.isNarrow
  }).addTo(map);
  L.control.zoom({position: 'topleft', zoomInTitle: 'Zoom in', zoomOutTitle: 'Zoom out'}).addTo(map);
  ctx.panel.setOpen(!ctx.isNarrow(), false);

  // A first view now (the overview and the layers need one); it is fitted
  // again once every control is on the map.
  var views = ctx.views = L.Syunik.views(ctx);
  map.fitBounds(views.first, {animate: false});

  L.control.coordinates({id: 'coords'}).addTo(map);
  L.control.scale({metric: true, imperial: false, position: 'bottomleft', maxWidth: 140}).addTo(map);

  // Legend groups in the layer control's order (the route first), then any
  // other layer top-most first.
  var order = [];
  (Array.isArray(data.controls) ? data.controls : []).forEach(function (control) {
    (control && Array.isArray(control.layers) ? control.layers : []).forEach(function (id) {
      if (Object.prototype.hasOwnProperty.call(ctx.layers, id) && order.indexOf(id) < 0) {
        order.push(id);
      }
    });
  });
  Object.keys(ctx.overlays).reverse().forEach(function (id) {
    if (order.indexOf(id) < 0) {
      order.push(id);
    }
  });
  ctx.legend = L.control.legend({
    groups: order.map(function (id) {
      var def = ctx.relief && id === ctx.relief.id ? ctx.relief.def : ctx.defs[id];
      return {id: id, def: def, layer: ctx.overlays[id]};
    }),
    open: !ctx.isNarrow()
  }).addTo(map);

  // Kars – Nakhchivan – TRIPP – Horadiz: offered only when the page has the
  // lines the route would join (a `connections` layer).
  var extraViews = [{id: 'btn-fit-region', label: 'Show the whole region', icon: 'region', bounds: views.region}];
  if (views.whole && Object.prototype.hasOwnProperty.call(ctx.layers, 'connections')) {
    extraViews.push({id: 'btn-fit-whole-corridor', label: 'Show the whole corridor, Kars to Horadiz',
      icon: 'wholeCorridor', bounds: views.whole});
  }
  ctx.tools = L.control.mapTools({
    corridorBounds: views.corridor, views: extraViews, fitOptions: views.fitOptions
  }).addTo(map);

  ctx.overview = L.control.overview({
    layers: layerDefs.filter(function (def) { return def.minimap === true; }),
    background: background
  }).addTo(map);

  L.Syunik.responsive(ctx);
  L.Syunik.glance(ctx);
  // Names are placed again when the panel opens or closes (it covers the map).
  if (window.MutationObserver) {
    new window.MutationObserver(labels.schedule).observe(ctx.panel.getPanel(),
      {attributes: true, attributeFilter: ['class']});
  }
  // The first view, now that every control is on the map: the route with its
  // context, clear of the controls.
  views.fitClear(views.first, false);
  labels.place();

  L.Syunik.hash(ctx);
  L.Syunik.keyboard(ctx);
  ctx.print = L.Syunik.print(ctx);

  // Place names appear by rank as the map zooms in, so they do not pile up.
  function updateLabelDetail() {
    container.classList.toggle('labels-major', map.getZoom() >= 8);
    container.classList.toggle('labels-detail', map.getZoom() >= 10);
  }
  map.on('zoomend', updateLabelDetail);
  updateLabelDetail();

  map.whenReady(function () {
    window.requestAnimationFrame(function () {
      window.syunikMap = map;
      window.syunikLayers = ctx.layers;
      window.syunikMiniMap = ctx.overview.getMiniMap();
      document.documentElement.setAttribute('data-map-ready-ms',
        String(Math.round(window.performance.now())));
      document.documentElement.setAttribute('data-map-ready', '1');
      window.requestAnimationFrame(function () {
        container.classList.add('is-animated');
      });
    });
  });
  return ctx;
};
