// The box maths of the names on the map (core/labelbox.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('core/labelbox.js');
const B = Syunik.LabelBox;
// values from the units' own realm, as plain data
const plain = (v) => JSON.parse(JSON.stringify(v));

test('each side puts the name on that side of its anchor', () => {
  assert.deepEqual(plain(B.sideOffset('right', 40, 10, 5)), [5, -5]);
  assert.deepEqual(plain(B.sideOffset('left', 40, 10, 5)), [-45, -5]);
  assert.deepEqual(plain(B.sideOffset('above', 40, 10, 5)), [-20, -15]);
  assert.deepEqual(plain(B.sideOffset('below', 40, 10, 5)), [-20, 5]);
  assert.deepEqual(plain(B.sideOffset('centre', 40, 10, 5)), [-20, -5]);
  assert.deepEqual(plain(B.sideOffset('below:30', 40, 10, 5)), [-20, 30]); // its own gap
});

test('slide brings a box inside the map by at most half its length', () => {
  assert.equal(B.slide(-10, 40, 500), 14); // margin of GAP_PX + 2
  assert.equal(B.slide(470, 40, 500), -14);
  assert.equal(B.slide(100, 40, 500), 0);
  assert.equal(B.slide(-30, 40, 500), 0); // more than half: not moved
});

test('boxes overlap only when they share an inner point', () => {
  const a = { x0: 0, y0: 0, x1: 10, y1: 10 };
  assert.ok(B.overlap(a, { x0: 5, y0: 5, x1: 15, y1: 15 }));
  assert.ok(!B.overlap(a, { x0: 10, y0: 0, x1: 20, y1: 10 })); // touching
  assert.ok(!B.overlap(a, { x0: 0, y0: 11, x1: 10, y1: 20 }));
});

const size = { x: 400, y: 300 };
const label = (over) => ({
  at: { x: 200, y: 150 }, w: 40, h: 10, gap: 5, kind: 'place',
  sides: ['right', 'left', 'above', 'below'], ...over
});

test('choose takes the first free side', () => {
  const got = B.choose(label(), size, [], [], []);
  assert.equal(got.side, 'right');
  assert.deepEqual(plain(got.box), { x0: 203, y0: 143, x1: 247, y1: 157 });
});

test('a side blocked by a placed name or another dot is skipped; its own dot is not', () => {
  const placed = [{ x0: 150, y0: 148, x1: 260, y1: 152 }]; // right and left
  assert.equal(B.choose(label(), size, placed, [], []).side, 'above');
  const dot = { layer: 'other', box: { x0: 205, y0: 145, x1: 215, y1: 155 } }; // right
  assert.equal(B.choose(label(), size, [], [dot], []).side, 'left');
  assert.equal(B.choose(label({ dotLayer: 'other' }), size, [], [dot], []).side, 'right');
});

test('a name with no room, or far outside the map, gets none', () => {
  const all = [{ x0: 0, y0: 0, x1: 400, y1: 300 }];
  assert.equal(B.choose(label(), size, all, [], []), null);
  assert.equal(B.choose(label({ at: { x: 900, y: 150 } }), size, [], [], []), null);
});

test('the route keeps off its own line on the first pass, and slides inside the map', () => {
  const route = label({ kind: 'route', sides: ['below', 'above'] });
  const line = [{ x: 200, y: 160 }];
  assert.equal(B.choose(route, size, [], [], line).side, 'above');
  assert.equal(B.choose(route, size, [], [], [{ x: 200, y: 160 }, { x: 200, y: 140 }]).side, 'below');
  const edge = B.choose(label({ kind: 'country', at: { x: 10, y: 150 }, sides: ['centre'] }), size, [], [], []);
  assert.equal(edge.box.x0, 2); // slid right to the margin
});

test('a place name never sits nearer another dot than its own', () => {
  // another dot (not touching) 4 px beyond where the name on the left would end, its own
  // anchor 3 px from it: the name would read as that dot's, so it goes above (right is
  // blocked by a placed name)
  const placed = [{ x0: 203, y0: 148, x1: 260, y1: 152 }];
  const dot = { layer: 'other', box: { x0: 146, y0: 147, x1: 152, y1: 153 } };
  assert.equal(B.choose(label(), size, placed, [dot], []).side, 'above');
  // the same dot far off leaves the left side free
  const far = { layer: 'other', box: { x0: 100, y0: 147, x1: 106, y1: 153 } };
  assert.equal(B.choose(label(), size, placed, [far], []).side, 'left');
  // a country's name only keeps off the dot itself
  assert.equal(B.choose(label({ kind: 'country' }), size, placed, [dot], []).side, 'left');
  assert.equal(B.distance({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x: 13, y: 14 }), 5);
});
