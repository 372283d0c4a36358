// The URL fragment (core/fragment.js): written, read back, and never a throw.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('core/fragment.js');
const F = Syunik.Fragment;
const limits = { minZoom: 1, maxZoom: 18 };
const plain = (v) => JSON.parse(JSON.stringify(v));

test('a written view reads back as the same view', () => {
  const hash = F.write({ zoom: 9.256, center: [38.912341, 46.300129], layers: ['armenia', 'corridor'] });
  assert.equal(hash, '#z=9.26&c=38.91234,46.30013&l=armenia,corridor');
  assert.deepEqual(plain(F.parse(hash, limits)),
    { zoom: 9.26, center: [38.91234, 46.30013], layers: ['armenia', 'corridor'] });
});

test('layers: none listed means all off; no l= means unsaid; bad ids are dropped', () => {
  assert.deepEqual(plain(F.parse('#z=8&c=39,46&l=', limits).layers), []);
  assert.equal(F.parse('#z=8&c=39,46', limits).layers, null);
  assert.deepEqual(plain(F.parse('#z=8&c=39,46&l=a,b%2Cc,<x>,' + 'y'.repeat(41), limits).layers),
    ['a', 'b', 'c']);
  assert.equal(F.write({ zoom: 8, center: [39, 46], layers: ['ok', 'not ok'] }),
    '#z=8&c=39.00000,46.00000&l=ok');
});

test('the zoom is clamped to the map', () => {
  assert.equal(F.parse('#z=40&c=39,46', limits).zoom, 18);
  assert.equal(F.parse('#z=-3&c=39,46', limits).zoom, 1);
});

test('no view, or a malformed one, is null, never a throw', () => {
  const bad = [
    '', '#', '#z=', '#z=abc&c=1,2', '#z=5&c=1e999,NaN', '#z=5&c=Infinity,1', '#z=1e999&c=1,2',
    '#z=5&c=91,0', '#z=5&c=0,181', '#z=5&c=1', '#z=5&c=1,2,3', '#z=5&c=%E0%A4%A', '#z=%&c=1,2',
    '#z=0x10&c=1,2', '#z= 5&c=1,2', '#c=1,2', '#=&&&==', '#z=5&c=,', '#%E0%A4%A',
    '#z=5&c=1,2&' + 'x'.repeat(5000), '#' + 'z=5&c=1,2&'.repeat(300), null, undefined, 42, {}
  ];
  for (const hash of bad) {
    assert.doesNotThrow(() => F.parse(hash, limits), String(hash));
    assert.equal(F.parse(hash, limits), null, String(hash).slice(0, 60));
  }
});

test('a malformed part is ignored and the rest kept', () => {
  const state = F.parse('#z=7&c=39,46&l=%E0%A4%A', limits);
  assert.deepEqual(plain(state), { zoom: 7, center: [39, 46], layers: null });
  const withJunk = F.parse('#junk&z=7&x=%&c=39,46&__proto__=1&constructor=2', limits);
  assert.deepEqual(plain(withJunk), { zoom: 7, center: [39, 46], layers: null });
});

test('a key given twice counts once, the first', () => {
  assert.equal(F.parse('#z=7&z=12&c=39,46&c=0,0', limits).zoom, 7);
  assert.deepEqual(plain(F.parse('#z=7&c=39,46&c=0,0', limits).center), [39, 46]);
});

test('without limits the zoom stays within Leaflet\'s usual 0 to 18', () => {
  assert.equal(F.parse('#z=30&c=39,46').zoom, 18);
});

test('the language is kept with the view, and alone it names only the language', () => {
  const hash = F.write({ lang: 'hy', zoom: 9, center: [39, 46], layers: ['armenia'] });
  assert.equal(hash, '#lang=hy&z=9&c=39.00000,46.00000&l=armenia');
  assert.equal(F.language(hash), 'hy');
  assert.equal(F.parse(hash, limits).zoom, 9);
  assert.equal(F.language('#lang=hy'), 'hy');
  assert.equal(F.parse('#lang=hy', limits), null);
  assert.equal(F.language('#lang=<b>'), null);
  assert.equal(F.language('#z=9&c=39,46'), null);
});

test('every other key survives when the view or the language changes', () => {
  // (story is the story's own key now: a key the page does not know stands in)
  const before = '#lang=ru&z=8&c=39.00000,46.00000&l=armenia&note=tripp%201';
  const moved = F.write({ lang: 'ru', zoom: 10, center: [38.9, 46.3], layers: ['armenia', 'corridor'] }, before);
  assert.equal(moved, '#lang=ru&z=10&c=38.90000,46.30000&l=armenia,corridor&note=tripp%201');
  const switched = F.write({ lang: 'fa', zoom: 10, center: [38.9, 46.3], layers: ['armenia'] }, moved);
  assert.equal(F.language(switched), 'fa');
  assert.match(switched, /&note=tripp%201$/);
  assert.deepEqual(plain(F.parse(switched, limits)),
    { zoom: 10, center: [38.9, 46.3], layers: ['armenia'] });
  // a fragment without a language keeps having none
  assert.equal(F.language(F.write({ zoom: 8, center: [39, 46], layers: [] }, '#story=x')), null);
});

test('the story chapter is written, read back, and alone it is no view', () => {
  const hash = F.write({ zoom: 8, center: [39, 46], layers: ['history'], story: 3 });
  assert.equal(hash, '#z=8&c=39.00000,46.00000&l=history&story=3');
  assert.equal(F.story(hash), 3);
  assert.equal(F.story('#story=3'), 3);
  assert.equal(F.parse('#story=3', limits), null);
  for (const bad of ['#story=0', '#story=-1', '#story=3.5', '#story=1e2', '#story=abc', '#story=',
    '#story=1000', '#story=%E0', '', null, 42]) {
    assert.equal(F.story(bad), null, String(bad));
  }
  assert.equal(F.write({ zoom: 8, center: [39, 46], layers: [], story: 0 }), '#z=8&c=39.00000,46.00000&l=');
});

test('every other key of the fragment stays when the view, the layers or the story change', () => {
  const before = '#lang=hy&z=7&c=39,46&l=armenia&story=2&x=a%20b';
  const moved = F.write({ lang: 'hy', zoom: 9, center: [40, 45], layers: ['armenia', 'history'], story: 2 },
    before);
  assert.equal(moved, '#lang=hy&z=9&c=40.00000,45.00000&l=armenia,history&story=2&x=a%20b');
  const left = F.write({ lang: 'hy', zoom: 9, center: [40, 45], layers: ['armenia'], story: null }, moved);
  assert.equal(left, '#lang=hy&z=9&c=40.00000,45.00000&l=armenia&x=a%20b');
  const next = F.write({ lang: 'hy', zoom: 9, center: [40, 45], layers: ['armenia'], story: 4 }, left);
  assert.equal(F.story(next), 4);
  assert.ok(next.includes('lang=hy'));
  assert.deepEqual(plain(F.parse(next, limits)), { zoom: 9, center: [40, 45], layers: ['armenia'] });
});
