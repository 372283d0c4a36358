/*
 * Lengths, areas and coordinates as the reader sees them, in the reader's
 * language: `i18n` (core/i18n.js) gives the digits, marks and the ui.unit.*
 * and ui.map.coordinates patterns.
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

  function latLng(latlng, i18n) {
    var ll = latlng.wrap();
    return i18n.t('ui.map.coordinates', {
      lat: i18n.number(Math.abs(ll.lat), 5), lon: i18n.number(Math.abs(ll.lng), 5),
      ns: i18n.t(ll.lat < 0 ? 'ui.map.south' : 'ui.map.north'),
      ew: i18n.t(ll.lng < 0 ? 'ui.map.west' : 'ui.map.east')
    });
  }

  return {km: km, km2: km2, latLng: latLng};
}());
