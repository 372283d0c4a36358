// The relief's pure helpers (layer/relief.js): its bounds checked, and its
// place among the layers the reader switches, by the depth of its pane.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik, L } = loadUnits('layer/relief.js');
L.latLngBounds = (southWest, northEast) => ({ southWest, northEast });
const R = Syunik.relief;

const panes = [
  { name: 'context', z_index: 410 }, { name: 'syunik', z_index: 450 },
  { name: 'terrain', z_index: 460 }, { name: 'borders', z_index: 480 },
  { name: 'route', z_index: 500 }
];
const relief = { id: R.ID, layer: 'relief-layer', def: { pane: 'terrain' } };

test('the relief goes just above the last layer whose pane is below its own', () => {
  const layers = { neighbours: 1, syunik: 2, borders: 3, corridor: 4 };
  const defs = {
    neighbours: { pane: 'context' }, syunik: { pane: 'syunik' },
    borders: { pane: 'borders' }, corridor: { pane: 'route' }
  };
  const out = R.among(layers, defs, relief, panes);
  assert.deepEqual(Object.keys(out), ['neighbours', 'syunik', R.ID, 'borders', 'corridor']);
  assert.equal(out[R.ID], 'relief-layer');
  assert.deepEqual(Object.keys(layers), ['neighbours', 'syunik', 'borders', 'corridor'], 'unchanged');
});

test('with every layer above it, or none, the relief goes first or last', () => {
  const defs = { a: { pane: 'route' }, b: { pane: 'context' } };
  assert.deepEqual(Object.keys(R.among({ a: 1 }, defs, relief, panes)), [R.ID, 'a']);
  assert.deepEqual(Object.keys(R.among({ b: 1 }, defs, relief, panes)), ['b', R.ID]);
});

test('no relief, or a layer of its id already, leaves the layers as they are', () => {
  const layers = { a: 1 };
  assert.equal(R.among(layers, {}, null, panes), layers);
  const taken = { terrain: 1 };
  assert.equal(R.among(taken, {}, relief, panes), taken);
});

test('bounds: two corners of finite degrees, south-west first, else null', () => {
  assert.deepEqual(R.bounds([[38.25, 43.3], [42.05, 51]]),
    { southWest: [38.25, 43.3], northEast: [42.05, 51] });
  const bad = [
    null, 'x', [], [[1, 2]], [[1, 2], [3]], [[1, 2], [3, 'a']], [[1, 2], [3, NaN]],
    [[1, 2], [3, Infinity]], [[3, 2], [1, 4]], [[1, 4], [3, 2]], [[-95, 0], [10, 10]],
    [[0, 0], [10, 190]], [[1, 1], [1, 2]]
  ];
  for (const value of bad) {
    assert.equal(R.bounds(value), null, JSON.stringify(value));
  }
});
