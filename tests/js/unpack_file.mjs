// Unpack a page's #map-data text with core/pack.js, as the page does (base 85,
// gzip, the JSON and the shared arcs restored), and write the document as JSON:
//   node tests/js/unpack_file.mjs data.txt document.json
// (tests/test_pack.py compares it with the Python model).
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadUnits } from './units.mjs';

const [source, target] = process.argv.slice(2);
const { Syunik } = loadUnits('core/pack.js');
const packed = gunzipSync(Buffer.from(Syunik.Pack.bytes(readFileSync(source, 'utf8'))));
const length = Syunik.Pack.jsonLength(packed);
const doc = Syunik.Pack.restore(JSON.parse(packed.toString('utf8', 4, 4 + length)), packed, 4 + length);
writeFileSync(target, JSON.stringify(doc));
