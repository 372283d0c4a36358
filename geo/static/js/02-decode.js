  /* ------------------------------------------------------------------ */
  /* Compact geometry encoding                                           */
  /* ------------------------------------------------------------------ */

  // The renderer may send a geometry as {"type", "q", "enc"}: every line or
  // ring is a flat list [dx0, dy0, dx1, dy1, ...] of integers in units of
  // 1/q degree, each pair the difference from the previous vertex (the first
  // from 0, 0).  Decode it into ordinary GeoJSON coordinates.
  function decodeLine(flat, q) {
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

  function decodeGeometry(geometry) {
    if (!geometry || typeof geometry !== 'object' || !Object.prototype.hasOwnProperty.call(geometry, 'enc')) {
      return geometry;
    }
    var q = geometry.q;
    if (typeof q !== 'number' || !(q > 0)) {
      throw new Error('map.js: encoded geometry without a valid q');
    }
    var enc = geometry.enc;
    var lines = function (list) {
      return list.map(function (flat) { return decodeLine(flat, q); });
    };
    var coordinates;
    switch (geometry.type) {
      case 'LineString':
        coordinates = decodeLine(enc, q);
        break;
      case 'MultiLineString':
      case 'Polygon':
        coordinates = lines(enc);
        break;
      case 'MultiPolygon':
        coordinates = enc.map(lines);
        break;
      case 'MultiPoint':
        coordinates = decodeLine(enc, q);
        break;
      default:
        throw new Error('map.js: cannot decode a ' + geometry.type);
    }
    return {type: geometry.type, coordinates: coordinates};
  }

  // Return a GeoJSON object with every encoded geometry decoded (the input
  // is not modified).
  function decodeGeoJSON(obj) {
    if (!obj || typeof obj !== 'object') {
      return null;
    }
    if (obj.type === 'FeatureCollection') {
      return {
        type: 'FeatureCollection',
        features: (Array.isArray(obj.features) ? obj.features : []).map(decodeGeoJSON).filter(Boolean)
      };
    }
    if (obj.type === 'Feature') {
      return {type: 'Feature', properties: obj.properties || {}, geometry: decodeGeometry(obj.geometry)};
    }
    return decodeGeometry(obj);
  }

