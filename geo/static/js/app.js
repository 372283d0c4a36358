/*
 * The page: unpacks the page data from <script type="application/octet-stream"
 * id="map-data" data-encoding="gzip+base85"> (JSON with shared arcs, gzipped
 * and in base 85 by geo/page/pack.py; its format is written down in geo/data/page.schema.json,
 * checked against geo/page/model.py's output and these scripts by
 * tests/test_contract.py), builds the map and hands every unit one context
 * object:
 *
 *   ctx = {map, container, data, panelData, title, i18n (core/i18n.js: the
 *          reader's language), t (its i18n.t), credits (the credits line
 *          written in that language, core/text.js), layers (L.GeoJSON by
 *          id), defs (page layer by id), relief (layer/relief.js, or null),
 *          overlays (every layer the reader switches, by id in drawing order:
 *          the layers and the relief), drawOrder, popupBindings, isNarrow,
 *          narrowMedia, layerControl, panel, views, legend, tools, overview,
 *          print, story (control/Story.js), hash, languageMenu, embed,
 *          gestures, hits (layer/hit.js), phone}
 *
 * The units run in the order below; each later one may use what the earlier
 * ones put in ctx.  Public hooks for embedders and tests, set once the map
 * has drawn: window.syunikMap (the L.Map), window.syunikLayers (the layers by
 * id), window.syunikMiniMap, window.syunikData (the unpacked page data), and
 * data-map-ready="1" on <html>.
 */

/*
 * The page data, unpacked in the browser without a request: base 85, then
 * gzip through DecompressionStream, then JSON and the shared arcs
 * (core/pack.js).  Resolves to the document;
 * rejects with an Error whose message a reader can act on.
 */
L.Syunik.unpack = function (node) {
  return Promise.resolve().then(function () {
    var encoding = node.getAttribute('data-encoding');
    if (encoding !== 'gzip+base85') {
      throw new Error('the map data has an unknown encoding (' + encoding + ')');
    }
    if (typeof window.DecompressionStream !== 'function') {
      throw new Error('this browser cannot unpack the map data (it has no DecompressionStream);' +
        ' please open the page in a current browser');
    }
    var bytes = new window.Uint8Array(L.Syunik.Pack.bytes(node.textContent));
    var stream = new window.Blob([bytes]).stream()
      .pipeThrough(new window.DecompressionStream('gzip'));
    return new window.Response(stream).arrayBuffer();
  }).then(function (buffer) {
    var packed = new window.Uint8Array(buffer);
    var length = L.Syunik.Pack.jsonLength(packed);
    var text = new window.TextDecoder('utf-8').decode(packed.subarray(4, 4 + length));
    return L.Syunik.Pack.restore(JSON.parse(text), packed, 4 + length);
  });
};

/*
 * Reads #map-data and draws the map once it is unpacked; if it cannot be
 * unpacked, says so in the map's place instead: one line of text, the page's
 * words for it (#map-data's data-problem, written in the page's language,
 * since the catalogue is in the packed data) and why.  Returns a promise of
 * ctx (of undefined after such a message).
 */
L.Syunik.start = function () {
  var dataNode = document.getElementById('map-data');
  if (!dataNode) {
    throw new Error('map.js: <script id="map-data"> not found');
  }
  var container = document.getElementById('map');
  if (!container) {
    throw new Error('map.js: <div id="map"> not found');
  }
  return L.Syunik.unpack(dataNode).then(function (data) {
    return L.Syunik.draw(data, container);
  }, function (error) {
    var message = document.createElement('p');
    message.className = 'map-problem';
    message.setAttribute('role', 'alert');
    var why = error && error.message ? String(error.message) : String(error);
    message.textContent = (dataNode.getAttribute('data-problem') || '') + ' (' + why + ')';
    container.textContent = '';
    container.appendChild(message);
  });
};

L.Syunik.draw = function (data, container) {
  var Dom = L.Syunik.Dom;
  var Popup = L.Syunik.Popup;
  var layerDefs = (Array.isArray(data.layers) ? data.layers : []).filter(function (d) {
    return d && typeof d === 'object';
  }).map(function (d) {
    return Object.assign({}, d, {geojson: L.Syunik.Decode.geojson(d.geojson)});
  });
  var panelData = data.panel && typeof data.panel === 'object' ? data.panel : {};
  // The language: the fragment's (#lang=hy), else the page's default (map --lang).
  var i18n = L.Syunik.I18n.create(data.i18n, L.Syunik.Fragment.language(window.location.hash));
  var t = i18n.t;
  var root = document.documentElement;
  root.setAttribute('lang', i18n.lang);
  root.setAttribute('dir', i18n.dir);
  if (i18n.font) {
    root.style.setProperty('--map-font', i18n.font);
  }
  var mapTitle = i18n.has('panel.title') ? t('panel.title') : Dom.text(data.title || t('ui.page.fallback_title'));
  var narrowMedia = window.matchMedia('(max-width: 700px)');
  document.title = i18n.has('ui.page.document_title') ? t('ui.page.document_title') : mapTitle;

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
    map: map, container: container, data: data, panelData: panelData, title: mapTitle, i18n: i18n, t: t,
    layers: {}, defs: {}, relief: null, overlays: {}, popupBindings: [], narrowMedia: narrowMedia,
    isNarrow: function () {
      return narrowMedia.matches;
    },
    drawOrder: L.Syunik.drawOrder(map, data.panes),
    layerControl: null, panel: null, views: null, legend: null, tools: null, overview: null, print: null,
    story: null, credits: ''
  };
  var background = L.Syunik.Style.color(data.background);
  if (background) {
    container.style.background = background;
  }
  container.classList.add('offline-map');
  if (!container.hasAttribute('role') && container.tagName !== 'MAIN') {
    container.setAttribute('role', 'region');
  }
  // The map's panes stay left to right in every language (Leaflet's maths and
  // the tiles); the controls inside set their own direction (core/base.css).
  container.setAttribute('dir', 'ltr');
  if (container.tagName === 'MAIN' || !container.hasAttribute('aria-label')) {
    container.setAttribute('aria-label', container.tagName === 'MAIN' ? t('ui.page.map_label')
      : t('ui.page.map_aria', {title: mapTitle}));
  }
  map.attributionControl.setPrefix(false);
  // The credits line in the reader's language (core/text.js), as text.
  ctx.credits = L.Syunik.Text.render(data.credits, i18n);
  if (ctx.credits) {
    map.attributionControl.addAttribution(Dom.escapeHtml(ctx.credits));
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
    titles[id] = i18n.has('layer.' + id) ? t('layer.' + id) : Dom.text(def.title || id);
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
    titles[ctx.relief.id] = i18n.has('terrain.title') ? t('terrain.title') : ctx.relief.def.title;
  }

  ctx.layerControl = L.control.mapLayers({
    layers: ctx.overlays, titles: titles, toggles: data.controls, tiles: data.tiles, i18n: i18n
  }).addTo(map);
  var labels = ctx.labels = L.Syunik.mapLabels(ctx);
  L.Syunik.halos(ctx);

  map.on('infopaneltoggle', function () {
    Popup.refresh(ctx);
  });
  ctx.panel = L.control.infoPanel({
    panel: panelData, title: mapTitle, credits: ctx.credits, isNarrow: ctx.isNarrow, i18n: i18n,
    data: data, layers: layerDefs
  }).addTo(map);
  L.control.zoom({position: 'topleft', zoomInTitle: t('ui.map.zoom_in'), zoomOutTitle: t('ui.map.zoom_out')}).addTo(map);
  ctx.panel.setOpen(!ctx.isNarrow(), false);

  // A first view now (the overview and the layers need one); it is fitted
  // again once every control is on the map.
  var views = ctx.views = L.Syunik.views(ctx);
  map.fitBounds(views.first, {animate: false});

  L.control.coordinates({id: 'coords', i18n: i18n}).addTo(map);
  L.control.scaleBar({i18n: i18n}).addTo(map);

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
    open: !ctx.isNarrow(), i18n: i18n
  }).addTo(map);

  // Kars – Nakhchivan – TRIPP – Horadiz: offered only when the page has the
  // lines the route would join (a `connections` layer).
  var extraViews = [{id: 'btn-fit-region', label: t('ui.tools.whole_region'), icon: 'region', bounds: views.region}];
  if (views.whole && Object.prototype.hasOwnProperty.call(ctx.layers, 'connections')) {
    extraViews.push({id: 'btn-fit-whole-corridor', label: t('ui.tools.whole_corridor'),
      icon: 'wholeCorridor', bounds: views.whole});
  }
  ctx.tools = L.control.mapTools({
    corridorBounds: views.corridor, views: extraViews, fitOptions: views.fitOptions, i18n: i18n
  }).addTo(map);

  ctx.overview = L.control.overview({
    layers: layerDefs.filter(function (def) { return def.minimap === true; }),
    background: background, t: t
  }).addTo(map);

  // The reader's direction for everything read (controls, panel, popups,
  // tooltips, names); the map's own panes stay left to right.
  [container.querySelector('.leaflet-control-container'), ctx.panel.getPanel(),
    map.getPane('popupPane'), map.getPane('tooltipPane'), map.getPane(ctx.drawOrder.labelPane())
  ].forEach(function (node) {
    if (node) {
      node.setAttribute('dir', i18n.dir);
    }
  });
  L.Syunik.responsive(ctx);
  L.Syunik.glance(ctx);
  // In a frame: the panel closed, the tools folded to fit, cooperative gestures.
  ctx.embed = L.Syunik.embed(ctx);
  ctx.gestures = L.Syunik.gestures(ctx);
  ctx.hits = L.Syunik.hits(ctx);
  // Names are placed again when the panel opens or closes (it covers the map).
  if (window.MutationObserver) {
    new window.MutationObserver(labels.schedule).observe(ctx.panel.getPanel(),
      {attributes: true, attributeFilter: ['class']});
  }
  // The first view, now that every control is on the map: the route with its
  // context, clear of the controls.
  views.fitClear(views.first, false);
  ctx.phone = L.Syunik.phone(ctx);
  ctx.phone.place();
  // Names placed; if a first-view name finds no room, zoom out a little (behaviour/firstnames.js).
  L.Syunik.firstViewNames(ctx);

  ctx.print = L.Syunik.print(ctx);
  ctx.story = L.control.story({ctx: ctx}).addTo(map);
  ctx.hash = L.Syunik.hash(ctx);
  ctx.languageMenu = L.control.languageMenu({
    languages: i18n.languages, current: i18n.lang, label: t('ui.map.language'),
    onChoose: ctx.hash.setLanguage
  }).addTo(map);
  // The story's card opens under the language menu, not between it and the layers.
  var storyBox = ctx.story.getContainer();
  storyBox.parentNode.appendChild(storyBox);
  // popups pan clear of the language menu and the story's button
  Popup.refresh(ctx);
  L.Syunik.keyboard(ctx);

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
      window.syunikData = data;
      document.documentElement.setAttribute('data-map-ready-ms',
        String(Math.round(window.performance.now())));
      L.Syunik.removePreview();
      document.documentElement.setAttribute('data-map-ready', '1');
      window.requestAnimationFrame(function () {
        container.classList.add('is-animated');
      });
    });
  });
  return ctx;
};
