// How a dated feature stood at a date (core/timeline.js): the story's drawing rule.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('core/timeline.js');
const T = Syunik.Timeline;
const plain = (v) => JSON.parse(JSON.stringify(v));

const line = {
  status: 'under construction',
  status_history: [
    { date: '1991', status: 'operating' },
    { date: '2023-03', status: 'suspended' },
    { date: '2025-12-05', status: 'under construction' },
  ],
  style: { dashArray: '9 6', color: '#8c510a' },
};
const styles = { operating: {}, suspended: { color: '#9a9a9a' }, 'under construction': { dashArray: '9 6' } };
const layerStyle = { color: '#3d3d3d', weight: 3 };

test('dates sort with a missing month or day first', () => {
  assert.ok(T.key('2023-03') < T.key('2023-03-01'));
  assert.ok(T.key('2023-02-28') < T.key('2023-03'));
  assert.ok(T.key('1991') < T.key('1991-01'));
  assert.equal(T.key('March 2023'), null);
  assert.equal(T.key(null), null);
});

test('the status is the last entry on or before the date; none before the first', () => {
  assert.equal(T.statusAt(line, '1990-12-31'), null);
  assert.equal(T.statusAt(line, '1991'), 'operating');
  assert.equal(T.statusAt(line, '2023-02-28'), 'operating');
  assert.equal(T.statusAt(line, '2023-03'), 'suspended');
  assert.equal(T.statusAt(line, '2023-03-20'), 'suspended');
  assert.equal(T.statusAt(line, '2025-12-05'), 'under construction');
  assert.equal(T.statusAt(line, '2030'), 'under construction');
});

test('a feature that ended is not drawn after its date_to; one without a history always is', () => {
  const road = { date_to: '2022-08-30', status_history: [{ date: '2020-11-10', status: 'open' },
    { date: '2022-08-30', status: 'rerouted' }] };
  assert.equal(T.statusAt(road, '2022-08-30'), 'rerouted');
  assert.equal(T.statusAt(road, '2022-08-31'), null);
  assert.equal(T.statusAt({ status: 'open' }, '1900'), T.NOW);
  assert.equal(T.statusAt({ status_history: [] }, '1900'), T.NOW);
  assert.equal(T.styleAt(layerStyle, styles, road, '2019'), null);
});

test('the style of the date replaces the status style of now; the own colour stays', () => {
  assert.deepEqual(plain(T.styleAt(layerStyle, styles, line, '2000')),
    { dashArray: null, color: '#8c510a', weight: 3 });
  assert.deepEqual(plain(T.styleAt(layerStyle, styles, line, '2024')),
    { dashArray: null, color: '#8c510a', weight: 3 });
  assert.deepEqual(plain(T.styleAt(layerStyle, styles, line, '2026')),
    { dashArray: '9 6', color: '#8c510a', weight: 3 });
  const grey = { status: 'under construction', status_history: line.status_history, style: { dashArray: '9 6' } };
  assert.deepEqual(plain(T.styleAt(layerStyle, styles, grey, '2024')),
    { dashArray: null, color: '#9a9a9a', weight: 3 });
  assert.deepEqual(plain(T.styleAt(layerStyle, styles, { style: { weight: 5 } }, '2024')),
    { dashArray: null, color: '#3d3d3d', weight: 5 });
});

test("the legend's key at a date lists each status drawn then, once, in the styles' order", () => {
  const rail = { status_history: [{ date: '2021', status: 'planned' }, { date: '2024', status: 'under construction' }] };
  const road = { status_history: [{ date: '2022', status: 'under construction' }] };
  const gone = { status_history: [{ date: '1991', status: 'operating' }], date_to: '2020' };
  const today = { status: 'operating' };
  const items = [
    { props: rail, geometry: 'line' }, { props: road, geometry: 'line' },
    { props: gone, geometry: 'line' }, { props: today, geometry: 'line' },
    { props: road, geometry: 'point' },
  ];
  const all = { operating: {}, 'under construction': { dashArray: '9 6' }, planned: { dashArray: '9 6' } };
  const at2023 = plain(T.keyAt(items, layerStyle, all, '2023-01-01'));
  assert.deepEqual(at2023.map((e) => [e.status, e.geometry]), [
    ['operating', 'line'], ['under construction', 'line'], ['under construction', 'point'], ['planned', 'line'],
  ]);
  assert.equal(at2023[0].style.dashArray, null);
  assert.equal(at2023[1].style.dashArray, '9 6');
  assert.equal(at2023[1].style.color, '#3d3d3d'); // the layer's colour, not a feature's
  const at2020 = plain(T.keyAt(items, layerStyle, all, '2020'));
  assert.deepEqual(at2020.map((e) => e.status), ['operating']); // the one without a history
  assert.deepEqual(plain(T.keyAt(null, layerStyle, all, '2023')), []);
});
