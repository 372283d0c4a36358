// Unpack a page's #map-data text with core/pack.js, as the page does (base 85,
// gzip, JSON, shared arcs restored), and write the document as JSON:
//   node tests/js/unpack_file.mjs data.txt document.json
// (tests/test_pack.py compares it with the Python model).
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadUnits } from './units.mjs';

const [source, target] = process.argv.slice(2);
const { Syunik } = loadUnits('core/pack.js');
const bytes = Buffer.from(Syunik.Pack.bytes(readFileSync(source, 'utf8')));
const doc = Syunik.Pack.restore(JSON.parse(gunzipSync(bytes).toString('utf8')));
writeFileSync(target, JSON.stringify(doc));
