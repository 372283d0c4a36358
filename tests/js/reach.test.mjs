// The pure rules of the embed, the gestures, the taps and the phone's view
// (behaviour/embed.js, behaviour/gestures.js, layer/hit.js, behaviour/phone.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('layer/hit.js', 'behaviour/embed.js', 'behaviour/gestures.js',
  'behaviour/phone.js');
const plain = (v) => JSON.parse(JSON.stringify(v));

test('the tools fold into as few columns as fit the height', () => {
  const columns = Syunik.embed.columns;
  assert.equal(columns(6, 44, 300), 1); // 264 px fit
  assert.equal(columns(6, 44, 264), 1); // exactly
  assert.equal(columns(6, 44, 198), 2); // 4 rows
  assert.equal(columns(6, 44, 100), 3); // 2 rows
  assert.equal(columns(6, 44, 10), 6); // never fewer than one row
  assert.equal(columns(0, 44, 10), 1);
});

test('the embed code escapes the address and the title, and keeps the fragment', () => {
  const code = Syunik.embed.snippet('https://example.org/map.html#lang=hy&z=9', 'Map: "A" <b>');
  assert.match(code, /<iframe src="https:\/\/example.org\/map.html#lang=hy&amp;z=9"/);
  assert.match(code, /title="Map: &quot;A&quot; &lt;b&gt;"/);
  assert.match(code, /aspect-ratio:16\/10;min-height:400px/);
  assert.equal((code.match(/<iframe/g) || []).length, 1);
});

test('in a frame the wheel zooms only with Ctrl or Cmd, or after a click', () => {
  const decide = Syunik.gestures.decide;
  assert.equal(decide({active: false, ctrl: false, meta: false}), 'scroll');
  assert.equal(decide({active: false, ctrl: true, meta: false}), 'zoom');
  assert.equal(decide({active: false, ctrl: false, meta: true}), 'zoom');
  assert.equal(decide({active: true, ctrl: false, meta: false}), 'zoom');
  assert.equal(decide(null), 'scroll');
});

test('a page is framed when its window is not the top one, or the top cannot be read', () => {
  const top = {};
  assert.equal(Syunik.gestures.isFramed({self: top, top: top}), false);
  assert.equal(Syunik.gestures.isFramed({self: {}, top: top}), true);
  const guarded = {self: {}, get top() { throw new Error('cross-origin'); }};
  assert.equal(Syunik.gestures.isFramed(guarded), true);
});

test('a tap means the nearest point within reach, else the nearest line, else nothing', () => {
  const choose = Syunik.hits.choose;
  const line = (d) => ({kind: 'line', d});
  const point = (dx, dy, r = 5) => ({kind: 'point', dx, dy, r});
  assert.equal(choose([line(1), point(19, 0)]), 1); // within 20 px of the mark: the point
  assert.equal(choose([line(1), point(25, 0)]), 1); // radius 5 + 20
  assert.equal(choose([line(1), point(26, 0)]), 0); // beyond: the line
  assert.equal(choose([point(21, 21)]), 0); // a corner of the 44 px square
  assert.equal(choose([point(23, 21)]), -1); // outside both
  assert.equal(choose([point(10, 0), point(0, 6)]), 1); // the nearer point
  assert.equal(choose([line(15), line(9), line(23)]), 1); // the nearer line
  assert.equal(choose([line(23)]), -1); // out of a 44 px band
  assert.equal(choose([]), -1);
});

test('a box is moved back inside the bounds, the start edge first', () => {
  const inside = Syunik.hits.inside;
  const bounds = {left: 0, top: 0, right: 400, bottom: 900};
  assert.deepEqual(plain(inside({left: -101, top: 10, right: 179, bottom: 40}, bounds, 4)), [105, 0]);
  assert.deepEqual(plain(inside({left: 300, top: 880, right: 420, bottom: 910}, bounds, 4)), [-24, -14]);
  assert.deepEqual(plain(inside({left: 10, top: 10, right: 100, bottom: 40}, bounds, 4)), [0, 0]);
  // wider than the bounds: its start edge at the margin
  assert.deepEqual(plain(inside({left: 50, top: 10, right: 500, bottom: 40}, bounds, 4)), [-46, 0]);
});

test('the phone view pans the route into the middle third, no further', () => {
  const shift = Syunik.phone.shift;
  // 915 px high: the band is 341.6 .. 573.4 px
  assert.equal(shift(661, 716, 915), 143); // the bottom quarter: up until its bottom is in
  assert.equal(shift(100, 140, 915), -242); // near the top: down until its top is in
  assert.equal(shift(440, 476, 915), 0); // already in
  assert.equal(shift(100, 800, 915), -7); // taller than the band: centred
});
