/*
 * The page's words in the reader's language: the `i18n` member of the page
 * data (geo/page/i18n.py) holds every language's catalogue, flat and keyed
 * (ui.panel.timeline, popups.kind.town …); a translation may be partial, and
 * a key it lacks is read from English.
 *
 *   var m = L.Syunik.I18n.create(pageData.i18n, 'ru');
 *   m.t('ui.tools.more_points', {n: 3})   // plural form by Intl.PluralRules
 *   m.number(1234.5, 1)                   // the language's digits and marks
 *   m.date('2025-08-08')                  // CLDR date patterns (date.*)
 *
 * {placeholders} are filled from the parameters; a number parameter is
 * written in the language's digits.  A message with plural forms is stored as
 * <key>_one, <key>_few … (CLDR categories) and chosen by the parameter n.
 * A key no catalogue has gives the key itself (and one console warning), so
 * a missing word shows, never an empty box.  Pure: no DOM (tests/js/i18n.test.mjs).
 */
L.Syunik.I18n = (function () {
  var PLACEHOLDER = /\{([a-z_]+)\}/g;
  var ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  var LATIN_DIGITS = '0123456789';
  // A Latin word followed, across spaces, marks and numbers only (no letter), by
  // Persian digits: to the
  // Unicode bidi algorithm those digits are European numbers and read with the word,
  // left to right ("TRIPP · ≈ ۴۴" would show as one left-to-right run). In a
  // right-to-left language a right-to-left mark goes after such a word
  // (geo/page/i18n.py bidi_marked does the same).
  var LATIN_BEFORE_DIGITS = /[A-Za-z][A-Za-z0-9.\-]*(?=[^A-Za-z\u0621-\u064a\u0671-\u06d3\u200f]*[\u06f0-\u06f9])/g;

  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  // The catalogues as sent: {keys: [...], values: {code: [text or null, ...]}}
  // (each key once for all languages), read into one object per language.
  function catalogues(source) {
    var raw = source && typeof source.catalogues === 'object' && source.catalogues ? source.catalogues : {};
    if (!Array.isArray(raw.keys)) {
      return raw;
    }
    var out = {};
    Object.keys(raw.values || {}).forEach(function (code) {
      var values = raw.values[code];
      var cat = {};
      raw.keys.forEach(function (key, i) {
        if (Array.isArray(values) && typeof values[i] === 'string') {
          cat[key] = values[i];
        }
      });
      out[code] = cat;
    });
    return out;
  }

  function create(source, code) {
    source = source && typeof source === 'object' ? source : {};
    var cats = catalogues(source);
    var english = cats.en || {};
    var languages = (Array.isArray(source.languages) ? source.languages : []).filter(function (entry) {
      return entry && typeof entry.code === 'string';
    });
    function known(c) {
      return typeof c === 'string' && languages.some(function (e) { return e.code === c; });
    }
    var lang = known(code) ? code : known(source['default']) ? source['default'] : 'en';
    var info = languages.filter(function (e) { return e.code === lang; })[0] || {code: lang};
    var words = cats[lang] || {};
    var warned = {};

    function lookup(key) {
      var value = own(words, key);
      if (typeof value !== 'string') {
        value = own(english, key);
      }
      return typeof value === 'string' ? value : undefined;
    }

    var digits = lookup('number.digits');
    digits = typeof digits === 'string' && digits.length === 10 ? digits : LATIN_DIGITS;
    var decimal = lookup('number.decimal') || '.';
    var group = lookup('number.group');
    group = typeof group === 'string' ? group : ',';
    var rules = null;
    var englishRules = null;
    try {
      rules = new Intl.PluralRules(lang);
      englishRules = new Intl.PluralRules('en');
    } catch (err) {
      rules = null;
    }

    // Latin digits in a text as the language's digits.
    function localDigits(value) {
      var text = String(value);
      if (digits === LATIN_DIGITS) {
        return text;
      }
      return text.replace(/[0-9]/g, function (d) {
        return digits.charAt(Number(d));
      });
    }

    var formats = {};
    // A number with `fraction` decimals (0 to 3 when not given), grouped,
    // with the language's marks and digits.
    function number(value, fraction) {
      var id = fraction === undefined ? 'auto' : String(fraction);
      if (!formats[id]) {
        formats[id] = new Intl.NumberFormat('en-US', fraction === undefined
          ? {maximumFractionDigits: 3}
          : {minimumFractionDigits: fraction, maximumFractionDigits: fraction});
      }
      var text = formats[id].format(value).replace(/[,.]/g, function (mark) {
        return mark === ',' ? '\u0000' : decimal;
      }).replace(/\u0000/g, group);
      return localDigits(text);
    }

    function fill(template, params) {
      return template.replace(PLACEHOLDER, function (whole, name) {
        var value = own(params, name);
        if (value === undefined || value === null) {
          return whole;
        }
        return typeof value === 'number' ? number(value) : String(value);
      });
    }

    function has(key) {
      return lookup(key) !== undefined || lookup(key + '_other') !== undefined;
    }

    // The text of `key` filled with `params`; plural forms chosen by params.n.
    function t(key, params) {
      var text;
      var n = params && typeof params.n === 'number' ? params.n : null;
      if (n !== null && lookup(key + '_other') !== undefined) {
        var category = rules ? rules.select(n) : 'other';
        text = own(words, key + '_' + category);
        if (typeof text !== 'string') {
          text = own(words, key + '_other');
        }
        if (typeof text !== 'string') {
          text = own(english, key + '_' + (englishRules ? englishRules.select(n) : 'other'));
          text = typeof text === 'string' ? text : own(english, key + '_other');
        }
      } else {
        text = lookup(key);
      }
      if (typeof text !== 'string') {
        if (!warned[key]) {
          warned[key] = true;
          if (typeof console !== 'undefined' && console.warn) {
            console.warn('map.js: no text for ' + key);
          }
        }
        return key;
      }
      return marked(params ? fill(text, params) : text);
    }

    function marked(text) {
      return info.dir === 'rtl' ? text.replace(LATIN_BEFORE_DIGITS, '$&\u200f') : text;
    }

    // Whether a language's own catalogue has the key (not read from English).
    function translated(key) {
      return typeof own(words, key) === 'string';
    }

    // An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) for readers; other text as it is.
    function date(iso) {
      var match = ISO_DATE.exec(String(iso));
      if (!match) {
        return String(iso);
      }
      var year = Number(match[1]);
      var month = match[2] ? Number(match[2]) : 0;
      var day = match[3] ? Number(match[3]) : 0;
      var text;
      if (!month) {
        text = String(year);
      } else if (!day) {
        text = fill(lookup('date.month_year') || '{month_standalone} {y}', {
          month: lookup('date.month.' + month) || String(month),
          month_standalone: lookup('date.month_standalone.' + month) || String(month),
          y: String(year)
        });
      } else {
        text = fill(lookup('date.day_month_year') || '{d} {month} {y}', {
          d: String(day), dd: (day < 10 ? '0' : '') + day,
          month: lookup('date.month.' + month) || String(month), y: String(year)
        });
      }
      return localDigits(text);
    }

    // A feature's name in this language (names.csv), else in English.
    var names = source.names && typeof source.names === 'object' ? source.names : {};
    function name(id, fallback) {
      var entry = own(names, id);
      if (entry && typeof entry === 'object') {
        if (typeof entry[lang] === 'string' && entry[lang]) {
          return entry[lang];
        }
        if (typeof entry.en === 'string' && entry.en) {
          return entry.en;
        }
      }
      return fallback;
    }

    // Each side's name for a contested feature: [{usage, name}], in this language.
    var usage = source.name_usage && typeof source.name_usage === 'object' ? source.name_usage : {};
    function usages(id) {
      var list = own(usage, id);
      return (Array.isArray(list) ? list : []).map(function (entry) {
        var ns = entry && entry.names && typeof entry.names === 'object' ? entry.names : {};
        return {usage: String(entry && entry.usage), name: String(ns[lang] || ns.en || '')};
      }).filter(function (entry) {
        return entry.name;
      });
    }

    return {
      lang: lang, dir: info.dir === 'rtl' ? 'rtl' : 'ltr', font: typeof info.font === 'string' ? info.font : '',
      languages: languages, t: t, has: has, translated: translated, number: number,
      digits: localDigits, date: date, name: name, usages: usages, marked: marked
    };
  }

  return {create: create};
}());
