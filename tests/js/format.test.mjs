// Lengths as the reader sees them (core/format.js): Leaflet's scale label in the
// language's unit words and digits, a non-breaking space before the unit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('core/i18n.js', 'core/format.js');

const languages = ['en', 'ru', 'fa'].map((code) => ({
  code, autonym: code, dir: code === 'fa' ? 'rtl' : 'ltr', font: 'serif',
}));
const catalogues = {
  en: { 'ui.unit.m': '{value} m', 'ui.unit.km': '{value} km', 'number.digits': '0123456789',
    'number.decimal': '.', 'number.group': ',' },
  ru: { 'ui.unit.m': '{value} м', 'ui.unit.km': '{value} км', 'number.digits': '0123456789',
    'number.decimal': ',', 'number.group': '\u00a0' },
  fa: { 'ui.unit.m': '{value} متر', 'ui.unit.km': '{value} کیلومتر',
    'number.digits': '۰۱۲۳۴۵۶۷۸۹', 'number.decimal': '٫', 'number.group': '٬' },
};

function words(lang) {
  return Syunik.I18n.create({ default: 'en', languages, catalogues }, lang);
}

test('the scale label is in the language, its unit kept on the line of its number', () => {
  assert.equal(Syunik.Format.scale('500 m', words('en')), '500\u00a0m');
  assert.equal(Syunik.Format.scale('10 km', words('ru')), '10\u00a0км');
  assert.equal(Syunik.Format.scale('2000 km', words('ru')), '2\u00a0000\u00a0км');
  assert.equal(Syunik.Format.scale('300 m', words('fa')), '۳۰۰\u00a0متر');
  assert.equal(Syunik.Format.scale('20 km', words('fa')), '۲۰\u00a0کیلومتر');
});

test('a label the scale never writes is left as it is', () => {
  for (const label of ['', '10 mi', '500 ft', '1.5 km', 'km']) {
    assert.equal(Syunik.Format.scale(label, words('fa')), label);
  }
});
