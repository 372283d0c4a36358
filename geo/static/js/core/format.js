/*
 * Lengths, areas and coordinates as the reader sees them, in the reader's
 * language: `i18n` (core/i18n.js) gives the digits, marks and the ui.unit.*
 * and ui.map.coordinates patterns; scale() rewrites Leaflet's scale label.
 */
L.Syunik.Format = (function () {
  function km(value, i18n) {
    var digits = value < 1 ? 3 : value < 10 ? 2 : value < 1000 ? 1 : 0;
    return i18n.t('ui.unit.km', {value: i18n.number(value, digits)}).replace(/ km$/, '\u00a0km');
  }

  function km2(value, i18n) {
    var digits = value < 1 ? 3 : value < 100 ? 2 : value < 10000 ? 1 : 0;
    return i18n.t('ui.unit.km2', {value: i18n.number(value, digits)}).replace(/ km\u00b2$/, '\u00a0km\u00b2');
  }

  // Leaflet's scale label ("500 m", "10 km") in the reader's words; other text as it is.
  function scale(label, i18n) {
    var match = /^(\d+) (m|km)$/.exec(label);
    if (!match) {
      return label;
    }
    return i18n.t('ui.unit.' + match[2], {value: i18n.number(Number(match[1]), 0)}).replace(/ (?=\S+$)/, '\u00a0');
  }

  function latLng(latlng, i18n) {
    var ll = latlng.wrap();
    return i18n.t('ui.map.coordinates', {
      lat: i18n.number(Math.abs(ll.lat), 5), lon: i18n.number(Math.abs(ll.lng), 5),
      ns: i18n.t(ll.lat < 0 ? 'ui.map.south' : 'ui.map.north'),
      ew: i18n.t(ll.lng < 0 ? 'ui.map.west' : 'ui.map.east')
    });
  }

  return {km: km, km2: km2, scale: scale, latLng: latLng};
}());
