// The measuring tools' geodesy (core/geodesy.js) against pyproj's numbers
// (fixtures/geodesy.json, written by fixtures.py).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits, fixture } from './units.mjs';

const { Syunik } = loadUnits('core/geodesy.js');
const G = Syunik.Geodesy;
const ref = fixture('geodesy.json');
const pt = ([lat, lng]) => ({ lat, lng });

test('Vincenty distances agree with pyproj to the millimetre', () => {
  for (const d of ref.distances) {
    const km = G.geodesicKm(pt(d.a), pt(d.b));
    assert.ok(Math.abs(km - d.km) < 1e-6, `${d.name}: ${km} km, pyproj ${d.km} km`);
  }
});

test('distance is symmetric, zero for one point, and a path adds its legs', () => {
  const [a, b] = [pt(ref.distances[0].a), pt(ref.distances[0].b)];
  assert.equal(G.geodesicKm(a, a), 0);
  assert.ok(Math.abs(G.geodesicKm(a, b) - G.geodesicKm(b, a)) < 1e-9);
  const c = pt(ref.distances[1].b);
  const legs = G.geodesicKm(a, b) + G.geodesicKm(b, c);
  assert.ok(Math.abs(G.pathLengthKm([a, b, c], false) - legs) < 1e-9);
  assert.ok(Math.abs(G.pathLengthKm([a, b, c], true) - legs - G.geodesicKm(c, a)) < 1e-9);
});

test('nearly antipodal points fall back to the sphere without failing', () => {
  const km = G.geodesicKm({ lat: 0, lng: 0 }, { lat: 0.5, lng: 179.7 });
  assert.ok(km > 19900 && km < 20040, String(km));
});

test('areas on the ellipsoid agree with pyproj within 1e-6', () => {
  for (const a of ref.areas) {
    const km2 = G.ellipsoidAreaKm2(a.ring.map(pt));
    assert.ok(Math.abs(km2 - a.km2) <= 1e-6 * a.km2, `${a.name}: ${km2} km², pyproj ${a.km2} km²`);
    const perimeter = G.pathLengthKm(a.ring.map(pt), true);
    assert.ok(Math.abs(perimeter - a.perimeter_km) < 1e-6, `${a.name} perimeter ${perimeter}`);
  }
});

test('the authalic sphere has the radius of the WGS84 surface area', () => {
  assert.ok(Math.abs(G.AUTHALIC_RADIUS_KM - 6371.0072) < 5e-5, String(G.AUTHALIC_RADIUS_KM));
  assert.equal(G.ellipsoidAreaKm2([pt([0, 0]), pt([1, 1])]), 0);
});
