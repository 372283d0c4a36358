// Texts in the reader's language (core/text.js): keys with values, numbers,
// dates, names and joins, written by the language's catalogue.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik } = loadUnits('core/i18n.js', 'core/text.js');

const languages = ['en', 'ru', 'fa'].map((code) => ({ code, dir: code === 'fa' ? 'rtl' : 'ltr' }));
const en = {
  'ui.unit.km': '{value} km', 'ui.popup.status': 'Status',
  'ui.popup.status_as_of': '{status} (as of {date})', 'popups.status.open': 'Open',
  'date.month.8': 'August', 'date.day_month_year': '{d} {month} {y}',
  'number.digits': '0123456789', 'number.decimal': '.', 'number.group': ',',
};
const ru = {
  'ui.unit.km': '{value} км', 'popups.status.open': 'Открыта',
  'ui.popup.status_as_of': '{status} (на {date})',
  'date.month.8': 'августа', 'date.day_month_year': '{d} {month} {y} г.',
  'number.digits': '0123456789', 'number.decimal': ',', 'number.group': '\u00a0',
};
const fa = { 'number.digits': '۰۱۲۳۴۵۶۷۸۹', 'number.decimal': '٫', 'number.group': '٬' };
const data = {
  default: 'en', languages, catalogues: { en, ru, fa },
  names: { meghri: { en: 'Meghri', ru: 'Мегри' } },
};
const status = {
  k: 'ui.popup.status_as_of',
  p: { status: { k: 'popups.status.open' }, date: { d: '2025-08-08' } },
};

test('a key with values reads in each language', () => {
  const render = (code, value) => Syunik.Text.render(value, Syunik.I18n.create(data, code));
  assert.equal(render('en', status), 'Open (as of 8 August 2025)');
  assert.equal(render('ru', status), 'Открыта (на 8 августа 2025 г.)');
  // a key the language lacks reads in English
  assert.equal(render('ru', { k: 'ui.popup.status' }), 'Status');
});

test('numbers take the language digits and marks, with the decimals asked for', () => {
  const km = { k: 'ui.unit.km', p: { value: { n: 95530.3, f: 1 } } };
  assert.equal(Syunik.Text.render(km, Syunik.I18n.create(data, 'en')), '95,530.3 km');
  assert.equal(Syunik.Text.render(km, Syunik.I18n.create(data, 'ru')), '95\u00a0530,3 км');
  assert.equal(Syunik.Text.render({ n: 2, f: 2 }, Syunik.I18n.create(data, 'fa')), '۲٫۰۰');
});

test('names come from the names table except in English; joins and data stay as given', () => {
  const name = { nm: 'meghri', t: 'Meghri (town)' };
  const joined = { j: [name, 'Agarak'], s: ' – ' };
  assert.equal(Syunik.Text.render(joined, Syunik.I18n.create(data, 'en')), 'Meghri (town) – Agarak');
  assert.equal(Syunik.Text.render(joined, Syunik.I18n.create(data, 'ru')), 'Мегри – Agarak');
  assert.equal(Syunik.Text.render('<b>x</b>', Syunik.I18n.create(data, 'ru')), '<b>x</b>');
  assert.equal(Syunik.Text.render({ unknown: 1 }, Syunik.I18n.create(data, 'ru')), '');
});
