/*
 * Numbers, lengths, areas and coordinates as the reader sees them: in the
 * reader's language when given its words (core/i18n.js: digits, marks and
 * the ui.unit.* / ui.map.coordinates patterns), else in English (en-GB).
 */
L.Syunik.Format = (function () {
  var cache = {};

  function number(value, digits, i18n) {
    if (i18n) {
      return i18n.number(value, digits);
    }
    if (!cache[digits]) {
      cache[digits] = new Intl.NumberFormat('en-GB', {
        minimumFractionDigits: digits, maximumFractionDigits: digits
      });
    }
    return cache[digits].format(value);
  }

  function km(value, i18n) {
    var digits = value < 1 ? 3 : value < 10 ? 2 : value < 1000 ? 1 : 0;
    var text = number(value, digits, i18n);
    return i18n ? i18n.t('ui.unit.km', {value: text}).replace(/ km$/, '\u00a0km') : text + '\u00a0km';
  }

  function km2(value, i18n) {
    var digits = value < 1 ? 3 : value < 100 ? 2 : value < 10000 ? 1 : 0;
    var text = number(value, digits, i18n);
    return i18n ? i18n.t('ui.unit.km2', {value: text}).replace(/ km\u00b2$/, '\u00a0km\u00b2')
      : text + '\u00a0km\u00b2';
  }

  function latLng(latlng, i18n) {
    var ll = latlng.wrap();
    if (i18n) {
      return i18n.t('ui.map.coordinates', {
        lat: i18n.number(Math.abs(ll.lat), 5), lon: i18n.number(Math.abs(ll.lng), 5),
        ns: i18n.t(ll.lat < 0 ? 'ui.map.south' : 'ui.map.north'),
        ew: i18n.t(ll.lng < 0 ? 'ui.map.west' : 'ui.map.east')
      });
    }
    return 'lat ' + Math.abs(ll.lat).toFixed(5) + '\u00b0' + (ll.lat < 0 ? 'S' : 'N') +
      ', lon ' + Math.abs(ll.lng).toFixed(5) + '\u00b0' + (ll.lng < 0 ? 'W' : 'E');
  }

  return {number: number, km: km, km2: km2, latLng: latLng};
}());
