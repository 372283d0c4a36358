/*
 * decode.js - expands the page's compact geometry into plain GeoJSON.
 *
 * The renderer (geo/render.py) writes each line or ring as a flat array of
 * integers: the first pair is the position in units of 1/q degree, each
 * following pair the difference to the previous one. This keeps the page
 * small; decoding restores [lon, lat] positions exactly to 1/q degree.
 */
(function () {
  'use strict';

  function decodeLine(flat, q) {
    var out = new Array(flat.length / 2);
    var x = 0;
    var y = 0;
    for (var i = 0, j = 0; i < flat.length; i += 2, j += 1) {
      x += flat[i];
      y += flat[i + 1];
      out[j] = [x / q, y / q];
    }
    return out;
  }

  function decodeGeometry(geometry) {
    if (!geometry || geometry.enc === undefined) {
      return geometry;
    }
    var q = geometry.q;
    var enc = geometry.enc;
    var coordinates;
    switch (geometry.type) {
      case 'LineString':
        coordinates = decodeLine(enc, q);
        break;
      case 'MultiLineString':
      case 'Polygon':
        coordinates = enc.map(function (line) { return decodeLine(line, q); });
        break;
      case 'MultiPolygon':
        coordinates = enc.map(function (poly) {
          return poly.map(function (ring) { return decodeLine(ring, q); });
        });
        break;
      default:
        throw new Error('decode.js: cannot decode a ' + geometry.type);
    }
    return { type: geometry.type, coordinates: coordinates };
  }

  /* Decode every layer's features in place and return the data object. */
  window.syunikDecode = function (data) {
    (data.layers || []).forEach(function (layer) {
      ((layer.geojson || {}).features || []).forEach(function (feature) {
        feature.geometry = decodeGeometry(feature.geometry);
      });
    });
    return data;
  };
}());
