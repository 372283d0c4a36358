/*
 * The map as text: the page's <section id="map-as-text">, written by
 * geo/page/astext.py in the page's default language from the page data's
 * map_text, and written here again from the same model when the reader's
 * language is another one.
 *
 *   L.Syunik.MapText.render(section, data.map_text, i18n, level)
 *   L.Syunik.MapText.arg(spec, i18n)   one argument: [value, decimals],
 *                                      {k: key}, {n: id, f: fallback}, {d: iso}, {c: [lat, lon]}
 *
 * `level` is the heading level of its title (its groups one below); the
 * static page has 2, the panel, where control/PanelData.js shows it, 4.
 */
L.Syunik.MapText = (function () {
  function arg(spec, i18n) {
    if (Array.isArray(spec)) {
      return i18n.number(Number(spec[0]), Number(spec[1]));
    }
    if (!spec || typeof spec !== 'object') {
      return String(spec);
    }
    if (typeof spec.k === 'string') {
      return i18n.t(spec.k);
    }
    if (typeof spec.d === 'string') {
      return i18n.date(spec.d);
    }
    if (Array.isArray(spec.c)) {
      var lat = Number(spec.c[0]);
      var lon = Number(spec.c[1]);
      return i18n.t('ui.astext.coords', {
        lat: i18n.number(Math.abs(lat), 4), lon: i18n.number(Math.abs(lon), 4),
        ns: i18n.t(lat >= 0 ? 'ui.map.north' : 'ui.map.south'),
        ew: i18n.t(lon >= 0 ? 'ui.map.east' : 'ui.map.west')
      });
    }
    return i18n.name(String(spec.n || ''), String(spec.f || ''));
  }

  function line(item, i18n) {
    var args = {};
    Object.keys(item.a || {}).forEach(function (key) {
      args[key] = arg(item.a[key], i18n);
    });
    return i18n.t('ui.astext.' + item.t, args);
  }

  function list(items, i18n) {
    var ul = L.Syunik.Dom.el('ul');
    (Array.isArray(items) ? items : []).forEach(function (item) {
      var li = L.Syunik.Dom.el('li', null, line(item, i18n));
      if (Array.isArray(item.s) && item.s.length) {
        li.appendChild(list(item.s, i18n));
      }
      ul.appendChild(li);
    });
    return ul;
  }

  function render(section, model, i18n, level) {
    var el = L.Syunik.Dom.el;
    var h = Math.min(Math.max(level || 2, 1), 5);
    section.textContent = '';
    section.appendChild(el('h' + h, {id: 'map-as-text-title', tabindex: '-1'}, i18n.t('ui.astext.title')));
    section.appendChild(el('p', null, i18n.t('ui.astext.intro')));
    (Array.isArray(model) ? model : []).forEach(function (group) {
      section.appendChild(el('h' + (h + 1), null, i18n.t('ui.astext.group.' + group.id)));
      section.appendChild(list(group.items, i18n));
    });
    return section;
  }

  return {render: render, arg: arg, line: line};
}());
