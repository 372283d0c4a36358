// Decode a JSON list of the page's encoded geometries with core/decode.js:
//   node tests/js/decode_file.mjs encoded.json decoded.json
// (tests/test_js_units.py re-encodes the result with the Python encoder).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadUnits } from './units.mjs';

const [source, target] = process.argv.slice(2);
const { Syunik } = loadUnits('core/decode.js');
const geometries = JSON.parse(readFileSync(source, 'utf8'));
writeFileSync(target, JSON.stringify(geometries.map((g) => Syunik.Decode.geometry(g))));
