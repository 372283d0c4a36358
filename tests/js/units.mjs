// Load page script units (geo/static/js) into a fresh V8 context, as the page
// would, with a small stand-in for Leaflet: each unit is evaluated on its own,
// in strict mode, in manifest order.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const JS_DIR = fileURLToPath(new URL('../../geo/static/js/', import.meta.url));

// Just enough of Leaflet for the pure units: L.latLng and a LatLng.wrap().
function fakeLeaflet() {
  function LatLng(lat, lng) {
    this.lat = lat;
    this.lng = lng;
  }
  LatLng.prototype.wrap = function () {
    var lng = ((this.lng + 180) % 360 + 360) % 360 - 180;
    return new LatLng(this.lat, lng === -180 && this.lng > 0 ? 180 : lng);
  };
  return { latLng: (lat, lng) => new LatLng(lat, lng), LatLng };
}

export function loadUnits(...names) {
  const warnings = [];
  const context = vm.createContext({
    L: fakeLeaflet(),
    console: { warn: (...args) => warnings.push(args), log: console.log, error: console.error },
    Intl,
  });
  for (const name of ['core/namespace.js', ...names]) {
    const source = readFileSync(JS_DIR + name, 'utf8');
    new vm.Script("'use strict';\n" + source, { filename: name }).runInContext(context);
  }
  return { Syunik: context.L.Syunik, L: context.L, warnings };
}

export function fixture(name) {
  return JSON.parse(readFileSync(new URL('fixtures/' + name, import.meta.url), 'utf8'));
}
