/*
 * Full screen: the Fullscreen API on the map's container, or a CSS fallback
 * (the container covers the window) where the API is missing or refused.
 *
 * L.Syunik.FullscreenToggle(map, i18n) is the button and its state, for a toolbar
 * (control/MapTools.js); L.control.fullscreenButton() is the same button as a
 * control of its own (the folium face).  Fires 'fullscreentoggle' on the map.
 */
L.Syunik.FullscreenToggle = L.Class.extend({
  initialize: function (map, i18n) {
    this._map = map;
    this._t = i18n.t;
    this._container = map.getContainer();
    this.button = L.Syunik.Dom.button('btn-fullscreen', this._t('ui.tools.fullscreen'), 'fullscreen',
      L.bind(this.toggle, this), true);
    L.DomEvent.on(document, 'fullscreenchange webkitfullscreenchange', this._refresh, this);
  },

  destroy: function () {
    L.DomEvent.off(document, 'fullscreenchange webkitfullscreenchange', this._refresh, this);
    this.exitFallback();
    L.Syunik.Dom.remove(this.button);
  },

  isOn: function () {
    return this._element() === this._container || this.isFallback();
  },

  isFallback: function () {
    return this._container.classList.contains('map-fullscreen-fallback');
  },

  // Leave the CSS fallback; false if it was not on.
  exitFallback: function () {
    if (!this.isFallback()) {
      return false;
    }
    this._setFallback(false);
    return true;
  },

  toggle: function () {
    var container = this._container;
    if (this.exitFallback()) {
      return;
    }
    if (this._element()) {
      var exit = document.exitFullscreen || document.webkitExitFullscreen;
      var done = exit.call(document);
      if (done && typeof done.catch === 'function') {
        done.catch(function (err) {
          console.warn('map.js: could not leave full screen', err);
        });
      }
      return;
    }
    var request = container.requestFullscreen || container.webkitRequestFullscreen;
    var enabled = document.fullscreenEnabled || document.webkitFullscreenEnabled;
    if (!request || !enabled) {
      this._setFallback(true);
      return;
    }
    var self = this;
    var result = request.call(container);
    if (result && typeof result.catch === 'function') {
      result.catch(function (err) {
        console.warn('map.js: Fullscreen API refused, using the CSS fallback', err);
        self._setFallback(true);
      });
    }
  },

  _element: function () {
    return document.fullscreenElement || document.webkitFullscreenElement || null;
  },

  _setFallback: function (on) {
    this._container.classList.toggle('map-fullscreen-fallback', on);
    document.documentElement.classList.toggle('map-fullscreen-fallback-active', on);
    this._refresh();
  },

  _refresh: function () {
    var on = this.isOn();
    var button = this.button;
    button.setAttribute('aria-pressed', String(on));
    var label = this._t(on ? 'ui.tools.exit_fullscreen' : 'ui.tools.fullscreen');
    button.setAttribute('aria-label', label);
    button.title = label;
    while (button.firstChild) {
      button.removeChild(button.firstChild);
    }
    button.appendChild(L.Syunik.Dom.icon(on ? 'exitFullscreen' : 'fullscreen'));
    this._map.invalidateSize();
    this._map.fire('fullscreentoggle', {on: on});
  }
});

L.Control.FullscreenButton = L.Control.extend({
  options: {position: 'topleft', className: ''},

  onAdd: function (map) {
    this._toggle = new L.Syunik.FullscreenToggle(map, this.options.i18n);
    var box = L.Syunik.Dom.el('div', {
      'class': ('leaflet-control map-toolbar ' + this.options.className).trim()
    });
    box.appendChild(this._toggle.button);
    L.Syunik.Dom.isolate(box);
    return box;
  },

  onRemove: function () {
    this._toggle.destroy();
  }
});

L.control.fullscreenButton = function (options) {
  return new L.Control.FullscreenButton(options);
};
