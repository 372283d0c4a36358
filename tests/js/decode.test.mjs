// The page's geometry decoding (core/decode.js); the round trip on the real
// layers against the Python encoder is in tests/test_js_units.py.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('core/decode.js');
const D = Syunik.Decode;
const plain = (v) => JSON.parse(JSON.stringify(v));

test('a line is delta-coded from 0, 0 in units of 1/q degree', () => {
  assert.deepEqual(plain(D.line([4600000, 3900000, 10, -20, 5, 5], 100000)),
    [[46, 39], [46.0001, 38.9998], [46.00015, 38.99985]]);
});

test('each geometry type decodes to GeoJSON coordinates', () => {
  const ring = [0, 0, 10, 0, 0, 10, -10, -10];
  assert.deepEqual(plain(D.geometry({ type: 'Polygon', q: 10, enc: [ring] })),
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
  assert.equal(D.geometry({ type: 'MultiPolygon', q: 10, enc: [[ring], [ring]] }).coordinates.length, 2);
  assert.equal(D.geometry({ type: 'MultiLineString', q: 10, enc: [[0, 0, 1, 1]] }).coordinates[0].length, 2);
  const point = { type: 'Point', coordinates: [46.2, 38.9] };
  assert.equal(D.geometry(point), point); // not encoded: as it is
});

test('a feature collection is decoded without changing its input', () => {
  const input = { type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { name: 'x' }, geometry: { type: 'LineString', q: 1, enc: [1, 2, 3, 4] } },
    null
  ] };
  const copy = plain(input);
  const out = D.geojson(input);
  assert.deepEqual(plain(input), copy);
  assert.equal(out.features.length, 1);
  assert.deepEqual(plain(out.features[0].geometry.coordinates), [[1, 2], [4, 6]]);
});

test('broken encodings are refused with a clear error', () => {
  assert.throws(() => D.line([1, 2, 3], 10), /invalid encoded line/);
  assert.throws(() => D.geometry({ type: 'LineString', q: 0, enc: [] }), /valid q/);
  assert.throws(() => D.geometry({ type: 'Circle', q: 1, enc: [] }), /cannot decode a Circle/);
});
