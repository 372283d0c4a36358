/*
 * The scale bar in the reader's language: Leaflet's metric scale, its label
 * written again after each of Leaflet's updates (on every move) with the
 * language's digits and unit words (ui.unit.m, ui.unit.km; core/format.js),
 * in the language's direction, so that "10 km" reads as such in Persian too.
 *
 *   L.control.scaleBar({i18n: i18n}).addTo(map)   // i18n: core/i18n.js
 */
L.Control.ScaleBar = L.Control.Scale.extend({
  options: {position: 'bottomleft', maxWidth: 140, imperial: false, i18n: null},

  onAdd: function (map) {
    var box = L.Control.Scale.prototype.onAdd.call(this, map);
    var label = this._label = box.firstChild;
    label.dir = this.options.i18n.dir;
    label.lang = this.options.i18n.lang;
    map.on('move', this._relabel, this);
    map.whenReady(this._relabel, this);
    return box;
  },

  onRemove: function (map) {
    map.off('move', this._relabel, this);
    L.Control.Scale.prototype.onRemove.call(this, map);
  },

  _relabel: function () {
    this._label.textContent = L.Syunik.Format.scale(this._label.textContent, this.options.i18n);
  }
});

L.control.scaleBar = function (options) {
  return new L.Control.ScaleBar(options);
};
