/*
 * The tools, top left: measure a distance or an area (geodesic, WGS84), fit
 * the map to the corridor or to other views, full screen.  The result box
 * sits right next to the tools, and next in the tab order.
 *
 *   L.control.mapTools({
 *     corridorBounds: b, views: [{id, label, icon, bounds}],
 *     fitOptions: function (bounds) {...}
 *   }).addTo(map)
 *
 * Fires 'measurestart' and 'measureend' on the map.
 */
L.Control.MapTools = L.Control.extend({
  options: {
    position: 'topleft',
    corridorBounds: null,
    views: [],
    fitOptions: function () { return {}; },
    ink: '#1a1a1a',
    // core/i18n.js: the words, numbers and units
    i18n: null
  },

  onAdd: function (map) {
    var Dom = L.Syunik.Dom;
    var self = this;
    var ink = this.options.ink;
    var t = this.options.i18n.t;
    this._measure = {
      // 'distance' | 'area' while points are being added
      mode: null,
      // mode of the result currently displayed
      shown: null,
      points: [],
      cursor: null
    };
    if (!map.getPane('measurePane')) {
      var pane = map.createPane('measurePane');
      pane.style.zIndex = '620';
      pane.style.pointerEvents = 'none';
    }
    var style = {pane: 'measurePane', interactive: false};
    this._style = style;
    this._fill = L.polygon([], Object.assign({stroke: false, fillColor: ink, fillOpacity: 0.14}, style));
    this._halo = L.polyline([], Object.assign({
      color: '#ffffff', weight: 6, opacity: 0.85, lineCap: 'round', lineJoin: 'round'
    }, style));
    this._line = L.polyline([], Object.assign({
      color: ink, weight: 2.5, opacity: 1, lineCap: 'round', lineJoin: 'round'
    }, style));
    this._preview = L.polyline([], Object.assign({color: ink, weight: 2, opacity: 0.75, dashArray: '5 6'}, style));
    this._vertices = L.layerGroup();
    this._group = L.layerGroup([this._fill, this._halo, this._line, this._preview, this._vertices]);

    function textButton(label, onClick, extraClass) {
      var button = Dom.el('button', {type: 'button', 'class': 'measure-action ' + (extraClass || '')}, label);
      L.DomEvent.on(button, 'click', function (ev) {
        L.DomEvent.stop(ev);
        onClick(ev);
      });
      return button;
    }

    var r = this._result = {
      box: Dom.el('div', {'class': 'measure-result', id: 'measure-result', hidden: true}),
      title: Dom.el('div', {'class': 'measure-title'}),
      value: Dom.el('div', {'class': 'measure-value', role: 'status', 'aria-live': 'polite'}),
      main: Dom.el('span', {'class': 'measure-main'}),
      extra: Dom.el('span', {'class': 'measure-extra'}),
      preview: Dom.el('div', {'class': 'measure-preview', 'aria-hidden': 'true'}),
      hint: Dom.el('p', {'class': 'measure-hint'}),
      actions: Dom.el('div', {'class': 'measure-actions'})
    };
    r.value.appendChild(r.main);
    r.value.appendChild(r.extra);
    r.addCentre = textButton(t('ui.tools.add_centre'), function () {
      self.addPoint(map.getCenter());
    });
    r.addCentre.title = t('ui.tools.add_centre_title');
    r.undo = textButton(t('ui.tools.undo'), function () {
      self.undo();
    });
    r.undo.title = t('ui.tools.undo_title');
    r.finish = textButton(t('ui.tools.finish'), function () {
      self.finish();
    }, 'is-primary');
    r.clear = textButton(t('ui.tools.clear'), function () {
      self.clear();
    });
    [r.addCentre, r.undo, r.finish, r.clear].forEach(function (button) {
      r.actions.appendChild(button);
    });
    [r.title, r.value, r.preview, r.hint, r.actions].forEach(function (node) {
      r.box.appendChild(node);
    });
    Dom.isolate(r.box);

    this._crosshair = Dom.el('div', {'class': 'measure-crosshair', 'aria-hidden': 'true'});
    map.getContainer().appendChild(this._crosshair);

    map.on('click', this._onClick, this);
    map.on('mousemove', this._onMove, this);
    map.on('dblclick', this._onDblClick, this);
    L.DomEvent.on(map.getContainer(), 'mouseleave', this._onLeave, this);

    this._buttons = {
      distance: Dom.button('btn-measure-distance', t('ui.tools.measure_distance'), 'distance', function () {
        self.toggle('distance');
      }, true),
      area: Dom.button('btn-measure-area', t('ui.tools.measure_area'), 'area', function () {
        self.toggle('area');
      }, true)
    };
    var bar = Dom.el('div', {'class': 'map-toolbar map-tools', role: 'group', 'aria-label': t('ui.tools.group')});
    bar.appendChild(this._buttons.distance);
    bar.appendChild(this._buttons.area);
    var corridor = this.options.corridorBounds;
    bar.appendChild(Dom.button('btn-fit-corridor', t('ui.tools.fit_corridor'), 'corridor', function () {
      map.fitBounds(corridor, self.options.fitOptions(corridor));
    }));
    (this.options.views || []).forEach(function (view) {
      bar.appendChild(Dom.button(view.id, view.label, view.icon, function () {
        map.fitBounds(view.bounds, Object.assign({animate: true}, self.options.fitOptions(view.bounds)));
      }));
    });
    this._fullscreen = new L.Syunik.FullscreenToggle(map, this.options.i18n);
    bar.appendChild(this._fullscreen.button);
    var wrap = Dom.el('div', {'class': 'leaflet-control map-tools-wrap'});
    wrap.appendChild(bar);
    // right next to the tools, and next in tab order
    wrap.appendChild(r.box);
    Dom.isolate(wrap);
    return wrap;
  },

  onRemove: function (map) {
    this.finish();
    this._group.remove();
    map.off('click', this._onClick, this);
    map.off('mousemove', this._onMove, this);
    map.off('dblclick', this._onDblClick, this);
    L.DomEvent.off(map.getContainer(), 'mouseleave', this._onLeave, this);
    this._fullscreen.destroy();
    L.Syunik.Dom.remove(this._crosshair);
  },

  isMeasuring: function () {
    return !!this._measure.mode;
  },

  getFullscreen: function () {
    return this._fullscreen;
  },

  // Escape: finish a measurement, else clear its result; false if neither.
  escape: function () {
    if (this._measure.mode) {
      this.finish();
      return true;
    }
    if (this._measure.shown) {
      this.clear();
      return true;
    }
    return false;
  },

  toggle: function (mode) {
    if (this._measure.mode === mode) {
      this.finish();
    } else {
      this.start(mode);
    }
  },

  start: function (mode) {
    var map = this._map;
    if (this._measure.mode) {
      this.finish();
    }
    map.closePopup();
    this._measure.mode = mode;
    this._measure.shown = mode;
    this._measure.points = [];
    this._measure.cursor = null;
    map.fire('measurestart', {mode: mode});
    map.doubleClickZoom.disable();
    if (!map.hasLayer(this._group)) {
      this._group.addTo(map);
    }
    this._update();
  },

  finish: function () {
    if (!this._measure.mode) {
      return;
    }
    this._measure.mode = null;
    this._measure.cursor = null;
    this._map.fire('measureend');
    this._map.doubleClickZoom.enable();
    this._update();
  },

  clear: function () {
    var hadFocus = this._result.box.contains(document.activeElement);
    var lastMode = this._measure.mode || this._measure.shown;
    this.finish();
    this._measure.shown = null;
    this._measure.points = [];
    this._group.remove();
    this._update();
    if (hadFocus && lastMode) {
      this._buttons[lastMode].focus();
    }
  },

  undo: function () {
    this._measure.points.pop();
    this._update();
  },

  addPoint: function (latlng) {
    var pts = this._measure.points;
    if (!this._measure.mode) {
      return;
    }
    if (pts.length) {
      // ignore the second click of a double-click (same spot)
      var a = this._map.latLngToContainerPoint(pts[pts.length - 1]);
      var b = this._map.latLngToContainerPoint(latlng);
      if (a.distanceTo(b) < 3) {
        return;
      }
    }
    pts.push(L.latLng(latlng.lat, latlng.lng));
    this._update();
  },

  _onClick: function (e) {
    if (this._measure.mode) {
      this.addPoint(e.latlng);
    }
  },

  _onMove: function (e) {
    if (this._measure.mode && this._measure.points.length) {
      this._measure.cursor = e.latlng;
      this._update();
    }
  },

  _onDblClick: function (e) {
    if (this._measure.mode) {
      L.DomEvent.stop(e);
      this.finish();
    }
  },

  _onLeave: function () {
    if (this._measure.mode && this._measure.cursor) {
      this._measure.cursor = null;
      this._update();
    }
  },

  _summary: function (points, mode) {
    var Geodesy = L.Syunik.Geodesy;
    var Format = L.Syunik.Format;
    var i18n = this.options.i18n;
    if (mode === 'area') {
      if (points.length < 3) {
        return null;
      }
      var areaKm2 = Geodesy.ellipsoidAreaKm2(points);
      var perimeterKm = Geodesy.pathLengthKm(points, true);
      return {
        main: i18n.t('ui.tools.area', {area: Format.km2(areaKm2, i18n)}),
        value: Format.km2(areaKm2, i18n),
        extra: i18n.t('ui.tools.perimeter', {length: Format.km(perimeterKm, i18n)}),
        km: perimeterKm,
        km2: areaKm2
      };
    }
    if (points.length < 2) {
      return null;
    }
    var lengthKm = Geodesy.pathLengthKm(points, false);
    return {main: i18n.t('ui.tools.total', {length: Format.km(lengthKm, i18n)}),
      value: Format.km(lengthKm, i18n), extra: '', km: lengthKm, km2: null};
  },

  _redraw: function () {
    var m = this._measure;
    var pts = m.points;
    var mode = m.mode || m.shown;
    var active = !!m.mode;
    var closed = mode === 'area' && !active && pts.length > 2;
    var linePts = closed ? pts.concat([pts[0]]) : pts.slice();
    this._line.setLatLngs(linePts);
    this._halo.setLatLngs(linePts);
    this._fill.setLatLngs(mode === 'area' && pts.length > 2 ? pts : []);
    if (active && m.cursor && pts.length) {
      var preview = [pts[pts.length - 1], m.cursor];
      if (mode === 'area' && pts.length > 1) {
        preview.push(pts[0]);
      }
      this._preview.setLatLngs(preview);
    } else {
      this._preview.setLatLngs([]);
    }
    var vertices = this._vertices;
    var style = this._style;
    var ink = this.options.ink;
    vertices.clearLayers();
    pts.forEach(function (p, i) {
      L.circleMarker(p, Object.assign({
        radius: i === 0 ? 5 : 4, color: ink, weight: 2, fillColor: '#ffffff', fillOpacity: 1
      }, style)).addTo(vertices);
    });
  },

  _update: function () {
    var m = this._measure;
    var r = this._result;
    var mode = m.mode || m.shown;
    var active = !!m.mode;
    r.box.hidden = !mode;
    this._map.getContainer().classList.toggle('is-measuring', active);
    this._buttons.distance.setAttribute('aria-pressed', String(m.mode === 'distance'));
    this._buttons.area.setAttribute('aria-pressed', String(m.mode === 'area'));
    if (!mode) {
      return;
    }
    var t = this.options.i18n.t;
    r.title.textContent = t(mode === 'area' ? 'ui.tools.measure_area' : 'ui.tools.measure_distance');
    var pts = m.points;
    var summary = this._summary(pts, mode);
    var needed = mode === 'area' ? 3 : 2;
    r.extra.textContent = summary && summary.extra ? summary.extra : '';
    // The unrounded figures, machine-readable (the text is rounded for reading).
    setOrRemove(r.value, 'data-km', summary ? String(summary.km) : null);
    setOrRemove(r.value, 'data-km2', summary && summary.km2 !== null ? String(summary.km2) : null);
    if (summary) {
      r.main.textContent = summary.main;
    } else {
      r.main.textContent = active
        ? (pts.length ? t('ui.tools.more_points', {n: needed - pts.length}) : t('ui.tools.no_points'))
        : t('ui.tools.not_enough');
    }
    var preview = active && m.cursor && pts.length ? this._summary(pts.concat([m.cursor]), mode) : null;
    r.preview.textContent = preview ? t('ui.tools.with_pointer', {value: preview.value}) : '';
    r.hint.textContent = active ? t('ui.tools.hint')
      : t(mode === 'area' ? 'ui.tools.done_area' : 'ui.tools.done_distance', {n: pts.length});
    r.addCentre.hidden = !active;
    r.finish.hidden = !active;
    r.undo.hidden = !active;
    r.undo.disabled = !pts.length;
    this._redraw();

    function setOrRemove(node, name, value) {
      if (value === null) {
        node.removeAttribute(name);
      } else {
        node.setAttribute(name, value);
      }
    }
  }
});

L.control.mapTools = function (options) {
  return new L.Control.MapTools(options);
};
