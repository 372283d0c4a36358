/*
 * The legend, bottom right: one group per layer, shown while its layer is
 * on the map, in a <details> that starts open on wide screens.
 *
 *   L.control.legend({groups: [{def, layer}], open: true, i18n}).addTo(map)
 *
 * i18n (core/i18n.js) gives the words: legend.<layer>.<n> for the n-th entry
 * of a layer, layer.<id> for a layer's title, when the catalogue has them.
 *
 * `def` is a layer of the page data (title, style, geometry, legend
 * entries); `layer` the Leaflet layer it is drawn as.  Fires 'legendtoggle'
 * on the map when it opens or closes.
 *
 * While a chapter of the story is open ('storychange' with a date), a layer
 * drawn by status (def.status_styles) shows, in place of its entries of now,
 * the key of the statuses drawn at the chapter's date (Timeline.keyAt), under
 * "As they stood on <date>"; leaving the story brings its entries back.
 */
L.Control.Legend = L.Control.extend({
  options: {
    position: 'bottomright',
    groups: [],
    open: true,
    id: 'legend',
    className: '',
    i18n: null
  },

  onAdd: function (map) {
    var Dom = L.Syunik.Dom;
    var box = Dom.el('div', {id: this.options.id,
      'class': ('leaflet-control legend ' + this.options.className).trim()});
    this._details = Dom.el('details', {'class': 'legend-details'});
    this._details.open = !!this.options.open;
    var t = this.options.i18n.t;
    var summary = Dom.el('summary', {'class': 'legend-summary'}, t('ui.legend.title'));
    this._body = Dom.el('div', {'class': 'legend-body'});
    this._empty = Dom.el('p', {'class': 'legend-empty'}, t('ui.legend.empty'));
    this._details.appendChild(summary);
    this._details.appendChild(this._body);
    box.appendChild(this._details);
    box.classList.toggle('is-open', this._details.open);
    this._box = box;
    L.DomEvent.on(this._details, 'toggle', this._onToggle, this);

    this._groups = [];
    this.options.groups.forEach(function (item) {
      var group = this._group(item.def || {}, item.id);
      this._body.appendChild(group);
      this._groups.push({group: group, layer: item.layer, def: item.def || {}});
      if (item.layer) {
        item.layer.on('add remove', this.update, this);
      }
    }, this);
    this._body.appendChild(this._empty);
    map.on('storychange', this._onStory, this);
    this.update();
    Dom.isolate(box);
    return box;
  },

  onRemove: function (map) {
    map.off('storychange', this._onStory, this);
    L.DomEvent.off(this._details, 'toggle', this._onToggle, this);
    this._groups.forEach(function (g) {
      if (g.layer) {
        g.layer.off('add remove', this.update, this);
      }
    }, this);
  },

  isOpen: function () {
    return this._details.open;
  },

  setOpen: function (open) {
    this._details.open = !!open;
    return this;
  },

  getBody: function () {
    return this._body;
  },

  update: function () {
    var shown = 0;
    var map = this._map;
    this._groups.forEach(function (g) {
      var on = !g.layer || (map && map.hasLayer(g.layer));
      g.group.hidden = !on;
      shown += on ? 1 : 0;
    });
    this._empty.hidden = shown > 0;
  },

  // A chapter opened (e.date) or the story left (no date): the statuses' key
  // of that date in place of the entries of now, for each layer drawn by status.
  _onStory: function (e) {
    var Dom = L.Syunik.Dom;
    var Legend = L.Control.Legend;
    var i18n = this.options.i18n;
    var date = e && typeof e.date === 'string' ? e.date : null;
    this._groups.forEach(function (g) {
      var list = g.group.querySelector('.legend-list');
      var old = g.group.querySelector('.legend-then');
      if (old) {
        g.group.removeChild(old);
      }
      if (list) {
        list.hidden = false;
      }
      if (!date || !g.layer || !g.def.status_styles || !list) {
        return;
      }
      var items = g.layer.getLayers().map(function (layer) {
        var type = layer.feature && layer.feature.geometry ? layer.feature.geometry.type : '';
        return {props: (layer.feature && layer.feature.properties) || {}, geometry: Legend.geometryOf(type)};
      });
      var dated = items.some(function (item) {
        return Array.isArray(item.props.status_history) && item.props.status_history.length > 0;
      });
      if (!dated) {
        // drawn as now in every chapter: its entries hold
        return;
      }
      var statusStyles = {};
      Object.keys(g.def.status_styles).forEach(function (s) {
        statusStyles[s] = L.Syunik.Style.pick(g.def.status_styles[s]);
      });
      var layerStyle = L.Syunik.Style.pick(g.def.style);
      var key = L.Syunik.Timeline.keyAt(items, layerStyle, statusStyles, date);
      var then = Dom.el('div', {'class': 'legend-then'});
      then.appendChild(Dom.el('p', {'class': 'legend-then-caption'},
        i18n.t('ui.legend.as_of_date', {date: i18n.date(date)})));
      var ul = Dom.el('ul', {'class': 'legend-list'});
      key.forEach(function (entry) {
        var code = 'popups.status.' + entry.status.replace(/ /g, '_');
        var li = Dom.el('li', {'class': 'legend-item'});
        li.appendChild(Legend.swatch({color: entry.style.color, fill: entry.style.fillColor,
          dash: entry.style.dashArray}, entry.geometry, entry.style));
        li.appendChild(Dom.el('span', {'class': 'legend-label'},
          i18n.has(code) ? i18n.t(code) : Dom.text(entry.status)));
        ul.appendChild(li);
      });
      then.appendChild(ul);
      list.hidden = true;
      list.parentNode.insertBefore(then, list.nextSibling);
    }, this);
  },

  _onToggle: function () {
    this._box.classList.toggle('is-open', this._details.open);
    if (this._map) {
      this._map.fire('legendtoggle', {open: this._details.open});
    }
  },

  _group: function (def, id) {
    var Dom = L.Syunik.Dom;
    var Legend = L.Control.Legend;
    var layerStyle = L.Syunik.Style.pick(def.style);
    var layerGeometry = Legend.geometryOf(def.geometry);
    var i18n = this.options.i18n;
    var own = function (key, fallback) {
      return i18n.has(key) ? i18n.t(key) : Dom.text(fallback);
    };
    var title = own('layer.' + id, def.title || id);
    var entries = Array.isArray(def.legend) && def.legend.length ? def.legend : [{
      label: title, color: layerStyle.color, fill: layerStyle.fillColor || layerStyle.color,
      dash: layerStyle.dashArray, geometry: layerGeometry
    }];
    var group = Dom.el('div', {'class': 'legend-group'});
    var single = entries.length === 1;
    if (!single) {
      group.appendChild(Dom.el('div', {'class': 'legend-layer-title'}, title));
    }
    var ul = Dom.el('ul', {'class': 'legend-list'});
    entries.forEach(function (entry, index) {
      if (!entry || typeof entry !== 'object') {
        return;
      }
      var label = def.legend === entries ? own('legend.' + id + '.' + (index + 1), entry.label) : Dom.text(entry.label);
      var li = Dom.el('li', {'class': 'legend-item'});
      li.appendChild(Legend.swatch(entry,
        entry.geometry ? Legend.geometryOf(entry.geometry) : layerGeometry, layerStyle));
      li.appendChild(Dom.el('span', {'class': 'legend-label'}, label || title));
      if (single && label && label !== title) {
        li.title = title;
      }
      ul.appendChild(li);
    });
    group.appendChild(ul);
    return group;
  }
});

// 'polygon', 'point', 'relief' (an image of the ground) or 'line' for any
// spelling of a geometry type.
L.Control.Legend.geometryOf = function (value) {
  var v = L.Syunik.Dom.text(value).toLowerCase();
  if (/relief/.test(v)) { return 'relief'; }
  if (/poly/.test(v)) { return 'polygon'; }
  if (/point/.test(v)) { return 'point'; }
  return 'line';
};

// A small SVG of one legend entry, in the layer's (validated) style.
L.Control.Legend.swatch = function (entry, geometry, layerStyle) {
  var Style = L.Syunik.Style;
  var svgEl = L.Syunik.Dom.svgEl;
  var svg = svgEl('svg', {
    width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true',
    focusable: 'false', 'class': 'legend-swatch'
  });
  var color = Style.color(entry.color) || layerStyle.color || '#555555';
  var fill = entry.fill === null ? null : (Style.color(entry.fill) || null);
  var dash = Style.dash(entry.dash);
  var weight = Math.max(1, Math.min(layerStyle.weight || 2, 4));
  var shape;
  if (geometry === 'relief') {
    // two ridges lit from the north-west: a light slope and a shaded one
    svg.appendChild(svgEl('path', {d: 'M1 16L9 5L13.5 10.5L18 4L27 16Z', fill: '#d8d2c4'}));
    shape = svgEl('path', {d: 'M9 5L13.5 10.5L14 16H10.5ZM18 4L27 16H20Z', fill: '#6f695e', 'fill-opacity': 0.55});
  } else if (geometry === 'polygon') {
    var fillOpacity = typeof layerStyle.fillOpacity === 'number' ? layerStyle.fillOpacity : 0.35;
    shape = svgEl('rect', {
      x: 2.5, y: 2.5, width: 23, height: 13, rx: 1.5,
      fill: fill || 'none', 'fill-opacity': Math.max(0.25, Math.min(1, fillOpacity)),
      stroke: color, 'stroke-width': Math.min(weight, 2.5)
    });
  } else if (geometry === 'point') {
    shape = svgEl('circle', {
      cx: 14, cy: 9, r: 5.5, fill: fill || color,
      stroke: color, 'stroke-width': 1.5
    });
  } else {
    shape = svgEl('line', {
      x1: 2, y1: 9, x2: 26, y2: 9, stroke: color,
      'stroke-width': Math.max(2, weight), 'stroke-linecap': dash ? 'butt' : 'round'
    });
  }
  if (dash) {
    shape.setAttribute('stroke-dasharray', dash);
  }
  svg.appendChild(shape);
  return svg;
};

L.control.legend = function (options) {
  return new L.Control.Legend(options);
};
