/* Numbers, lengths, areas and coordinates as the reader sees them (en-GB). */
L.Syunik.Format = (function () {
  var cache = {};

  function number(value, digits) {
    if (!cache[digits]) {
      cache[digits] = new Intl.NumberFormat('en-GB', {
        minimumFractionDigits: digits, maximumFractionDigits: digits
      });
    }
    return cache[digits].format(value);
  }

  function km(value) {
    var digits = value < 1 ? 3 : value < 10 ? 2 : value < 1000 ? 1 : 0;
    return number(value, digits) + '\u00a0km';
  }

  function km2(value) {
    var digits = value < 1 ? 3 : value < 100 ? 2 : value < 10000 ? 1 : 0;
    return number(value, digits) + '\u00a0km\u00b2';
  }

  function latLng(latlng) {
    var ll = latlng.wrap();
    return 'lat ' + Math.abs(ll.lat).toFixed(5) + '\u00b0' + (ll.lat < 0 ? 'S' : 'N') +
      ', lon ' + Math.abs(ll.lng).toFixed(5) + '\u00b0' + (ll.lng < 0 ? 'W' : 'E');
  }

  return {number: number, km: km, km2: km2, latLng: latLng};
}());
