/*
 * The page's compact geometry encoding, decoded.  The Python side
 * (geo/page/codec.py, encode_geometry) may send a geometry as
 * {"type", "q", "enc"}: every line or ring is a flat list
 * [dx0, dy0, dx1, dy1, ...] of integers in units of 1/q degree, each pair the
 * difference from the previous vertex (the first from 0, 0).  Decoded here
 * into ordinary GeoJSON coordinates; tests/test_js_units.py round-trips the
 * real layers through both.
 */
L.Syunik.Decode = (function () {
  function line(flat, q) {
    if (!Array.isArray(flat) || flat.length % 2 !== 0) {
      throw new Error('map.js: invalid encoded line');
    }
    var out = [];
    var x = 0;
    var y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      out.push([x / q, y / q]);
    }
    return out;
  }

  function geometry(geom) {
    if (!geom || typeof geom !== 'object' || !Object.prototype.hasOwnProperty.call(geom, 'enc')) {
      return geom;
    }
    var q = geom.q;
    if (typeof q !== 'number' || !(q > 0)) {
      throw new Error('map.js: encoded geometry without a valid q');
    }
    var enc = geom.enc;
    var lines = function (list) {
      return list.map(function (flat) { return line(flat, q); });
    };
    var coordinates;
    switch (geom.type) {
      case 'LineString':
      case 'MultiPoint':
        coordinates = line(enc, q);
        break;
      case 'MultiLineString':
      case 'Polygon':
        coordinates = lines(enc);
        break;
      case 'MultiPolygon':
        coordinates = enc.map(lines);
        break;
      default:
        throw new Error('map.js: cannot decode a ' + geom.type);
    }
    return {type: geom.type, coordinates: coordinates};
  }

  // Return a GeoJSON object with every encoded geometry decoded (the input
  // is not modified).
  function geojson(obj) {
    if (!obj || typeof obj !== 'object') {
      return null;
    }
    if (obj.type === 'FeatureCollection') {
      return {
        type: 'FeatureCollection',
        features: (Array.isArray(obj.features) ? obj.features : []).map(geojson).filter(Boolean)
      };
    }
    if (obj.type === 'Feature') {
      return {type: 'Feature', properties: obj.properties || {}, geometry: geometry(obj.geometry)};
    }
    return geometry(obj);
  }

  return {line: line, geometry: geometry, geojson: geojson};
}());
