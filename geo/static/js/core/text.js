/*
 * Texts in the reader's language (geo/page/texts.py writes them): a popup's
 * labels and values and the credits line come as catalogue keys with their
 * values, so a language switch writes them again in the new language.
 *
 *   "plain"                       data, as it is
 *   {k: key, p: {name: text}}     the catalogue's text, placeholders filled
 *   {n: 1234.5, f: 1}             a number, in the language's digits and marks
 *   {d: "2025-08-08"}             a date, in the language's pattern
 *   {nm: id, t: "Meghri"}         a feature's name (names.csv); t in English
 *   {u: id}                       each side's name of a contested feature,
 *                                 with whose it is (name_usage), '; '-joined
 *   {j: [text, ...], s: "; "}     texts joined
 *
 *   L.Syunik.Text.render(value, i18n)   // plain text (the caller inserts it
 *                                       // with textContent)
 * Pure: no DOM (tests/js/text.test.mjs).
 */
L.Syunik.Text = (function () {
  function render(value, i18n) {
    if (value === null || value === undefined) {
      return '';
    }
    if (typeof value !== 'object') {
      return String(value);
    }
    if (Array.isArray(value)) {
      return value.map(function (part) { return render(part, i18n); }).join('');
    }
    if (typeof value.k === 'string') {
      var params = {};
      var given = value.p && typeof value.p === 'object' ? value.p : {};
      Object.keys(given).forEach(function (name) {
        params[name] = render(given[name], i18n);
      });
      return i18n.t(value.k, params);
    }
    if (typeof value.n === 'number') {
      return i18n.number(value.n, typeof value.f === 'number' ? value.f : undefined);
    }
    if (typeof value.d === 'string') {
      return i18n.date(value.d);
    }
    if (typeof value.nm === 'string') {
      var fallback = typeof value.t === 'string' ? value.t : '';
      return i18n.lang === 'en' ? fallback : i18n.name(value.nm, fallback);
    }
    if (typeof value.u === 'string') {
      return i18n.usages(value.u).map(function (entry) {
        return i18n.t('ui.popup.name_usage', {name: entry.name,
          usage: i18n.has('ui.usage.' + entry.usage) ? i18n.t('ui.usage.' + entry.usage) : entry.usage});
      }).join('; ');
    }
    if (Array.isArray(value.j)) {
      return value.j.map(function (part) { return render(part, i18n); })
        .join(typeof value.s === 'string' ? value.s : '');
    }
    return '';
  }

  // A function that renders texts for one language (for L.Syunik.Popup).
  function renderer(i18n) {
    return function (value) {
      return render(value, i18n);
    };
  }

  return {render: render, renderer: renderer};
}());
