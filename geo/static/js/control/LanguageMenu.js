/*
 * The language menu, top right: a native <select> (reachable and usable by
 * keyboard and screen readers as it is) naming each language in itself,
 * each option marked with its own lang and dir.
 *
 *   L.control.languageMenu({languages: [{code, autonym, dir}], current: 'hy',
 *                           label: 'Language', onChoose: function (code) {}}).addTo(map)
 *
 * Choosing calls onChoose(code) (behaviour/hash.js builds the page again in
 * that language at the same view).
 */
L.Control.LanguageMenu = L.Control.extend({
  options: {
    position: 'topright',
    languages: [],
    current: 'en',
    label: '',
    onChoose: null
  },

  onAdd: function () {
    var Dom = L.Syunik.Dom;
    var box = Dom.el('div', {'class': 'leaflet-control language-menu'});
    var label = Dom.el('label', {'for': 'language-select', 'class': 'language-menu-label'}, this.options.label);
    var select = Dom.el('select', {id: 'language-select', 'class': 'language-menu-select',
      title: this.options.label});
    this.options.languages.forEach(function (entry) {
      var option = Dom.el('option', {value: entry.code, lang: entry.code, dir: entry.dir === 'rtl' ? 'rtl' : 'ltr'},
        Dom.text(entry.autonym || entry.code));
      option.selected = entry.code === this.options.current;
      select.appendChild(option);
    }, this);
    box.appendChild(label);
    box.appendChild(select);
    this._select = select;
    L.DomEvent.on(select, 'change', this._onChange, this);
    Dom.isolate(box);
    return box;
  },

  onRemove: function () {
    L.DomEvent.off(this._select, 'change', this._onChange, this);
  },

  getSelect: function () {
    return this._select;
  },

  _onChange: function () {
    if (typeof this.options.onChoose === 'function') {
      this.options.onChoose(this._select.value);
    }
  }
});

L.control.languageMenu = function (options) {
  return new L.Control.LanguageMenu(options);
};
