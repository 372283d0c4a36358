/*
 * The overview map, bottom right: the layers marked `minimap` drawn small,
 * with a rectangle where the main map is; a click there centres the main map.
 *
 *   L.control.overview({layers: [def, ...], background: '#cfe3ee', t}).addTo(map)
 */
L.Control.Overview = L.Control.extend({
  options: {
    position: 'bottomright',
    // page layer definitions with minimap: true
    layers: [],
    // a validated colour
    background: null,
    ink: '#1a1a1a',
    // core/i18n.js t(): the box's title
    t: null
  },

  onAdd: function () {
    var Dom = L.Syunik.Dom;
    this._box = Dom.el('div', {
      id: 'minimap', 'class': 'leaflet-control minimap', 'aria-hidden': 'true',
      title: this.options.t('ui.map.overview')
    });
    this._inner = Dom.el('div', {'class': 'minimap-map'});
    this._box.appendChild(this._inner);
    Dom.isolate(this._box);
    return this._box;
  },

  // The overview needs its box in the page before it can draw.
  addTo: function (map) {
    L.Control.prototype.addTo.call(this, map);
    this._start(map);
    return this;
  },

  onRemove: function (map) {
    map.off('moveend zoomend resize', this.sync, this);
    map.off('fullscreentoggle', this.invalidate, this);
    if (this._mini) {
      this._mini.remove();
      this._mini = null;
    }
  },

  getMiniMap: function () {
    return this._mini;
  },

  isSqueezed: function () {
    return this._box.classList.contains('is-squeezed');
  },

  setSqueezed: function (on) {
    this._box.classList.toggle('is-squeezed', !!on);
  },

  getBox: function () {
    return this._box;
  },

  invalidate: function () {
    if (this._mini) {
      this._mini.invalidateSize();
      this.sync();
    }
  },

  sync: function () {
    var map = this._map;
    var mini = this._mini;
    if (!map || !mini) {
      return;
    }
    var mainSize = map.getSize();
    var miniSize = mini.getSize();
    if (!miniSize.x || !miniSize.y || !mainSize.x || !mainSize.y) {
      return;
    }
    // Zoom out so that the main view covers about half of the overview.
    var ratio = Math.max(mainSize.x / miniSize.x, mainSize.y / miniSize.y) * 2;
    var zoom = Math.max(0, map.getZoom() - Math.log(ratio) / Math.LN2);
    mini.setView(map.getCenter(), zoom, {animate: false});
    this._rect.setBounds(map.getBounds());
  },

  _start: function (map) {
    var Style = L.Syunik.Style;
    var ink = this.options.ink;
    var mini = this._mini = L.map(this._inner, {
      preferCanvas: true,
      attributionControl: false,
      zoomControl: false,
      dragging: false,
      touchZoom: false,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      zoomSnap: 0,
      zoomAnimation: false,
      fadeAnimation: false,
      markerZoomAnimation: false,
      inertia: false
    });
    if (this.options.background) {
      this._inner.style.background = this.options.background;
    }
    // Give the overview a view before adding layers to it (Leaflet defers
    // layer initialisation until then and needs the renderer ready first).
    mini.setView(map.getCenter(), Math.max(0, map.getZoom() - 4), {animate: false});
    this.options.layers.forEach(function (def) {
      var base = Style.pick(def.style);
      var style = function (feature) {
        var st = Object.assign({}, base, Style.pick(feature && feature.properties && feature.properties.style));
        st.weight = Math.max(0.6, Math.min(st.weight || 1, 3) * 0.5);
        st.interactive = false;
        return st;
      };
      L.geoJSON(def.geojson || null, {
        interactive: false,
        style: style,
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, Object.assign(style(feature), {radius: 2}));
        }
      }).addTo(mini);
    });
    this._rect = L.rectangle(map.getBounds(), {
      interactive: false, color: ink, weight: 1.5, opacity: 0.9, fillColor: ink, fillOpacity: 0.1
    }).addTo(mini);
    mini.on('click', function (e) {
      map.panTo(e.latlng);
    });
    map.on('moveend zoomend resize', this.sync, this);
    map.on('fullscreentoggle', this.invalidate, this);
    this.sync();
  }
});

L.control.overview = function (options) {
  return new L.Control.Overview(options);
};
