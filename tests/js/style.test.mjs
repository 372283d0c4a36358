// The colour and dash whitelist (core/style.js): what the data may style.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik, warnings } = loadUnits('core/style.js');
const S = Syunik.Style;

test('colours: hex, rgb(a), hsl(a) and keywords pass, trimmed', () => {
  for (const c of ['#fff', '#A1B2C3', '#a1b2c3d4', 'rgb(1, 2, 3)', 'rgba(0,0,0,0.5)',
    'hsl(120 50% 50%)', 'hsla(120, 50%, 50%, .3)', 'steelblue', 'transparent']) {
    assert.equal(S.color(c), c);
  }
  assert.equal(S.color('  red '), 'red');
});

test('colours: anything that could fetch, run or escape is refused', () => {
  for (const c of ['url(x.png)', 'rgb(url(x))', 'var(--x)', 'expression(alert(1))', '#ggg',
    '#12', 'red; background: url(x)', 'red}', '', 'a', 'x'.repeat(31), null, 12, {}, ['red']]) {
    assert.equal(S.color(c), null, String(c));
  }
});

test('dashes: numbers and lists of numbers only', () => {
  assert.equal(S.dash(4), '4');
  assert.equal(S.dash(' 4 2 '), '4 2');
  assert.equal(S.dash('5,3,1'), '5,3,1');
  for (const d of ['', ' ', '4px', 'url(x)', '1;2', NaN, Infinity, null, true]) {
    assert.equal(S.dash(d), null, String(d));
  }
});

test('pick keeps only whitelisted, valid path options and warns about the rest', () => {
  warnings.length = 0;
  const out = S.pick({
    color: '#123456', weight: 2, fill: true, fillColor: null, dashArray: null, opacity: 'x',
    lineCap: 'round', lineJoin: 'bevel; x', radius: Infinity, className: 'evil', onclick: 'x',
    fillOpacity: 0.4
  });
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    color: '#123456', weight: 2, fill: true, fillColor: null, dashArray: null, lineCap: 'round',
    fillOpacity: 0.4
  });
  assert.equal(warnings.length, 3); // opacity, lineJoin, radius
  assert.deepEqual(Object.keys(S.pick(null)), []);
  assert.deepEqual(Object.keys(S.pick('color: red')), []);
});
