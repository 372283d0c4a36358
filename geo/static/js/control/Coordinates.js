/*
 * The coordinates under the pointer (WGS84), bottom left.
 *
 *   L.control.coordinates({id: 'coords'}).addTo(map)
 */
L.Control.Coordinates = L.Control.extend({
  options: {
    position: 'bottomleft',
    id: null,
    className: '',
    // core/i18n.js; English without
    i18n: null
  },

  onAdd: function (map) {
    this._box = L.Syunik.Dom.el('div', {
      id: this.options.id, 'class': ('leaflet-control coords ' + this.options.className).trim()
    }, '\u2014');
    L.Syunik.Dom.isolate(this._box);
    map.whenReady(function () {
      this._box.textContent = L.Syunik.Format.latLng(map.getCenter(), this.options.i18n);
    }, this);
    // figures read left to right in every language
    this._box.setAttribute('dir', 'ltr');
    if (this.options.i18n) {
      this._box.title = this.options.i18n.t('ui.map.coordinates_title');
      this._box.setAttribute('lang', this.options.i18n.lang);
    }
    map.on('mousemove click', this._onMove, this);
    return this._box;
  },

  onRemove: function (map) {
    map.off('mousemove click', this._onMove, this);
  },

  _onMove: function (e) {
    this._box.textContent = L.Syunik.Format.latLng(e.latlng, this.options.i18n);
  }
});

L.control.coordinates = function (options) {
  return new L.Control.Coordinates(options);
};
