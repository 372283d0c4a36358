/*
 * The layer list, top right: Leaflet's layers control with our offline base
 * map, the optional online tile layers, and a short list of meaningful
 * toggles (data.controls, top first; each may switch several layers).  A
 * layer no toggle names gets its own, after them, top-most first.  `layers`
 * is every layer the reader switches, in drawing order (app.js's
 * ctx.overlays: the data's layers and the shaded relief, an image overlay).
 *
 *   L.control.mapLayers({layers: {id: layer}, titles: {id: title},
 *                        toggles: data.controls, tiles: data.tiles, i18n}).addTo(map)
 *
 * The names are the reader's language's (i18n, core/i18n.js): layer.<ids
 * joined with +> for a toggle, tiles.<n> for a base layer.
 */
L.Control.MapLayers = L.Control.Layers.extend({
  options: {
    collapsed: true,
    sortLayers: false,
    position: 'topright',
    i18n: null,
    layers: {},
    titles: {},
    toggles: [],
    tiles: []
  },

  initialize: function (options) {
    L.Control.Layers.prototype.initialize.call(this, null, null, options);
    this.onlineBases = [];
    this._ownLayers = [];
  },

  onAdd: function (map) {
    var esc = L.Syunik.Dom.escapeHtml;
    var text = L.Syunik.Dom.text;
    var layers = this.options.layers;
    var i18n = this.options.i18n;
    var own = function (key, fallback) {
      return i18n.has(key) ? i18n.t(key) : text(fallback);
    };
    // added again after a removal: the lists stand, the base returns
    if (this._built) {
      this._ownLayers.forEach(function (layer) {
        layer.addTo(map);
      });
      return L.Control.Layers.prototype.onAdd.call(this, map);
    }
    this._built = true;
    var offline = L.layerGroup().addTo(map);
    this._ownLayers.push(offline);
    this.addBaseLayer(offline, esc(i18n.t('ui.map.offline_base')));
    (Array.isArray(this.options.tiles) ? this.options.tiles : []).forEach(function (tile, index) {
      if (!tile || typeof tile.url !== 'string' || !/^https?:\/\/[^\s"'<>]+$/i.test(tile.url)) {
        console.warn('map.js: ignoring tile layer with a missing or non-http(s) URL', tile);
        return;
      }
      var maxZoom = typeof tile.max_zoom === 'number' && isFinite(tile.max_zoom) ? tile.max_zoom : 19;
      var tileLayer = L.tileLayer(tile.url, {
        attribution: esc(tile.attribution || ''),
        maxZoom: Math.min(maxZoom, 18),
        maxNativeZoom: maxZoom,
        // Tile servers may refuse requests with no Referer (a page opened from
        // a file sends none): send the origin when there is one.
        referrerPolicy: 'strict-origin-when-cross-origin'
      });
      this.onlineBases.push(tileLayer);
      this.addBaseLayer(tileLayer, esc(own('tiles.' + (index + 1), tile.name || i18n.t('ui.map.online_tiles'))));
    }, this);
    var named = {};
    (Array.isArray(this.options.toggles) ? this.options.toggles : []).forEach(function (toggle) {
      var members = (toggle && Array.isArray(toggle.layers) ? toggle.layers : []).filter(function (id) {
        return Object.prototype.hasOwnProperty.call(layers, id) && !named[id];
      });
      if (!members.length) {
        return;
      }
      members.forEach(function (id) {
        named[id] = true;
      });
      var group = members.length === 1 ? layers[members[0]]
        : L.layerGroup(members.map(function (id) { return layers[id]; }));
      if (members.length > 1 && members.some(function (id) { return map.hasLayer(layers[id]); })) {
        group.addTo(map);
      }
      this.addOverlay(group, esc(own('layer.' + toggle.layers.join('+'), toggle.label)));
    }, this);
    // Overlays are listed top-most first (GIS convention): reverse draw order.
    Object.keys(layers).reverse().forEach(function (id) {
      if (!named[id]) {
        this.addOverlay(layers[id], esc(text(this.options.titles[id] || id)));
      }
    }, this);

    var container = L.Control.Layers.prototype.onAdd.call(this, map);
    var toggleNode = container.querySelector('.leaflet-control-layers-toggle');
    if (toggleNode) {
      toggleNode.setAttribute('aria-label', i18n.t('ui.map.layers'));
      toggleNode.title = i18n.t('ui.map.layers');
      toggleNode.appendChild(L.Syunik.Dom.icon('layers'));
    }
    var list = container.querySelector('.leaflet-control-layers-list');
    if (list) {
      list.setAttribute('aria-label', i18n.t('ui.map.layers'));
    }
    // Once the map has drawn: the layers' first 'add' rebuilds the lists.
    map.whenReady(function () {
      var base = container.querySelector('.leaflet-control-layers-base');
      if (base && this.onlineBases.length && !base.querySelector('.layers-note')) {
        base.appendChild(L.Syunik.Dom.el('p', {'class': 'layers-note'},
          i18n.t('ui.notice.online_needs')));
      }
    }, this);
    // The toggle says whether the list is open.
    if (toggleNode && window.MutationObserver) {
      var sync = function () {
        toggleNode.setAttribute('aria-expanded',
          String(container.classList.contains('leaflet-control-layers-expanded')));
      };
      this._observer = new window.MutationObserver(sync);
      this._observer.observe(container, {attributes: true, attributeFilter: ['class']});
      sync();
    }
    return container;
  },

  onRemove: function (map) {
    if (this._observer) {
      this._observer.disconnect();
    }
    L.Control.Layers.prototype.onRemove.call(this, map);
    // the empty offline base goes; the data layers stay as they are
    this._ownLayers.forEach(function (layer) {
      map.removeLayer(layer);
    });
  }
});

L.control.mapLayers = function (options) {
  return new L.Control.MapLayers(options);
};
