/*
 * How the page data travels in <script id="map-data" data-encoding="gzip+base85">,
 * undone (geo/page/pack.py packs it): base 85 over ALPHABET (each 5 digits, most
 * significant first, are 4 bytes big-endian; a last group of n digits is padded
 * with the highest digit and gives n - 1 bytes), then gzip (DecompressionStream,
 * in app.js), then the packed bytes: the JSON's length (4 bytes, big-endian),
 * the JSON (UTF-8, decoded in app.js), and the shared arcs as zigzag LEB128
 * varints (each arc: its number of vertices, then its steps).  restore() puts
 * the arcs back into every geometry {"type", "arcs"} as {"type", "q", "enc"}
 * (geo/page/codec.py, share_arcs), so the rest of the page reads the model
 * exactly as Python wrote it.  tests/test_pack.py checks it against the Python
 * side on the real page.
 */
L.Syunik.Pack = (function () {
  var ALPHABET = '!#$%()*+,.0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~';
  var VALUES = {};
  for (var d = 0; d < ALPHABET.length; d += 1) {
    VALUES[ALPHABET.charAt(d)] = d;
  }

  // The bytes of base-85 text, as a list of numbers 0-255.
  function bytes(text) {
    text = text.replace(/\s+/g, '');
    var pad = (5 - text.length % 5) % 5;
    if (pad === 4) {
      throw new Error('the map data has an impossible length');
    }
    var groups = (text.length + pad) / 5;
    var out = new Array(groups * 4);
    for (var g = 0; g < groups; g += 1) {
      var word = 0;
      for (var i = 0; i < 5; i += 1) {
        var at = g * 5 + i;
        var digit = at < text.length ? VALUES[text.charAt(at)] : 84;
        if (digit === undefined) {
          throw new Error('the map data holds a character outside its alphabet');
        }
        word = word * 85 + digit;
      }
      if (word >= 4294967296) {
        throw new Error('the map data holds a group worth more than 4 bytes');
      }
      out[g * 4] = Math.floor(word / 16777216);
      out[g * 4 + 1] = Math.floor(word / 65536) % 256;
      out[g * 4 + 2] = Math.floor(word / 256) % 256;
      out[g * 4 + 3] = word % 256;
    }
    out.length -= pad;
    return out;
  }

  // The length of the JSON at the start of the packed bytes.
  function jsonLength(packed) {
    if (packed.length < 4) {
      throw new Error('the map data is too short');
    }
    return ((packed[0] * 256 + packed[1]) * 256 + packed[2]) * 256 + packed[3];
  }

  // The arcs' steps from the varints of packed[at...]: each arc its number of
  // vertices, then two steps a vertex.
  function readArcs(packed, at) {
    var arcs = [];
    var values = null;
    var want = -1;
    var value = 0;
    var scale = 1;
    for (var i = at; i < packed.length; i += 1) {
      var b = packed[i];
      value += (b % 128) * scale;
      if (b >= 128) {
        scale *= 128;
        continue;
      }
      var number = value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      value = 0;
      scale = 1;
      if (want < 0) {
        want = 2 * number;
        values = [];
      } else {
        values.push(number);
      }
      if (values.length === want) {
        arcs.push(values);
        want = -1;
      }
    }
    if (want >= 0 || scale !== 1) {
      throw new Error('the map data ends in the middle of an arc');
    }
    return arcs;
  }

  // The arcs as absolute integer vertices: each arc's first step is from the
  // previous arc's last vertex.
  function absolute(flatArcs) {
    var x = 0;
    var y = 0;
    return flatArcs.map(function (steps) {
      var arc = [];
      for (var i = 0; i < steps.length; i += 2) {
        x += steps[i];
        y += steps[i + 1];
        arc.push(x, y);
      }
      return arc;
    });
  }

  // A path's vertices from its arc numbers, each written as the step from the
  // number before it in the document (state.previous, first -1).
  function path(steps, arcs, state) {
    var points = [];
    steps.forEach(function (step) {
      var number = state.previous + step;
      state.previous = number;
      var arc = number >= 0 ? arcs[number] : arcs[~number];
      if (!arc) {
        throw new Error('the map data names an arc it does not hold (' + number + ')');
      }
      var n = arc.length / 2;
      for (var k = points.length ? 1 : 0; k < n; k += 1) {
        var j = number >= 0 ? k : n - 1 - k;
        points.push(arc[2 * j], arc[2 * j + 1]);
      }
    });
    var flat = [];
    var lastX = 0;
    var lastY = 0;
    for (var i = 0; i < points.length; i += 2) {
      flat.push(points[i] - lastX, points[i + 1] - lastY);
      lastX = points[i];
      lastY = points[i + 1];
    }
    return flat;
  }

  function geometry(geom, arcs, q, state) {
    var shared = geom.arcs;
    var enc;
    switch (geom.type) {
      case 'LineString':
        enc = path(shared, arcs, state);
        break;
      case 'MultiLineString':
      case 'Polygon':
        enc = shared.map(function (p) { return path(p, arcs, state); });
        break;
      case 'MultiPolygon':
        enc = shared.map(function (polygon) {
          return polygon.map(function (p) { return path(p, arcs, state); });
        });
        break;
      default:
        throw new Error('the map data shares the arcs of a ' + geom.type);
    }
    return {type: geom.type, q: q, enc: enc};
  }

  // Return the document with every shared geometry restored (the input is not
  // modified), its arcs read from packed[at...]; a document without "topology"
  // is returned as it is.
  function restore(doc, packed, at) {
    if (!doc || typeof doc !== 'object' || !doc.topology) {
      return doc;
    }
    var topology = doc.topology;
    var arcs = absolute(readArcs(packed, at));
    var state = {previous: -1};
    var out = Object.assign({}, doc);
    delete out.topology;
    out.layers = (Array.isArray(doc.layers) ? doc.layers : []).map(function (layer) {
      if (!layer || !layer.geojson || !Array.isArray(layer.geojson.features)) {
        return layer;
      }
      var features = layer.geojson.features.map(function (f) {
        if (!f || !f.geometry || !Object.prototype.hasOwnProperty.call(f.geometry, 'arcs')) {
          return f;
        }
        return Object.assign({}, f, {geometry: geometry(f.geometry, arcs, topology.q, state)});
      });
      return Object.assign({}, layer, {geojson: Object.assign({}, layer.geojson, {features: features})});
    });
    return out;
  }

  return {ALPHABET: ALPHABET, bytes: bytes, jsonLength: jsonLength, restore: restore};
}());
