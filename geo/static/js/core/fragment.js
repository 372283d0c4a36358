/*
 * The URL fragment that keeps the language, the view and the layers:
 *
 *   #lang=hy&z=10.5&c=38.91234,46.30012&l=neighbours,armenia,corridor
 *
 * lang: the page's language (a code of the page's menu); z: zoom; c: centre
 * (latitude, longitude, WGS84 degrees); l: the layers switched on, by id;
 * story: the story's chapter, counted from 1 (#story=3 alone opens it).
 * Other keys are kept as they are when write() is given the fragment it
 * replaces, so no key is lost when another changes.  parse() never throws: a fragment that is too long is
 * ignored whole; a value that is not well formed (a bad percent-escape, a
 * number that is not finite, a centre off the Earth) is ignored with the view
 * it belongs to; a key given twice counts once (the first).  Pure: no map,
 * no DOM (tests/js/fragment.test.mjs).
 */
L.Syunik.Fragment = (function () {
  var MAX_LENGTH = 2048;
  var MAX_LAYERS = 100;
  var LAYER_ID_RE = /^[A-Za-z0-9_-]{1,40}$/;
  var LANG_RE = /^[a-z]{2,3}$/;
  var STORY_RE = /^[1-9]\d{0,2}$/;
  var OWN_KEYS = ['lang', 'z', 'c', 'l', 'story'];
  var NUMBER_RE = /^[-+]?(\d{1,12}(\.\d{0,15})?|\.\d{1,15})$/;

  function decode(value) {
    try {
      return decodeURIComponent(value);
    } catch (err) {
      // a malformed percent-escape
      return null;
    }
  }

  function number(value) {
    return typeof value === 'string' && NUMBER_RE.test(value) ? Number(value) : NaN;
  }

  // The fragment's key=value pairs, each value decoded; null for a bad one.
  function params(hash) {
    var out = {};
    if (typeof hash !== 'string' || hash.length > MAX_LENGTH) {
      return out;
    }
    hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      var key = i > 0 ? pair.slice(0, i) : '';
      if (/^[a-z]{1,10}$/.test(key) && !Object.prototype.hasOwnProperty.call(out, key)) {
        out[key] = decode(pair.slice(i + 1));
      }
    });
    return out;
  }

  // Parse a fragment; null unless it holds a valid view.  `layers` is null
  // when the fragment does not say (well) which layers are on.  `limits`
  // ({minZoom, maxZoom}) clamps the zoom.
  function parse(hash, limits) {
    var p = params(hash);
    var zoom = number(p.z);
    var center = typeof p.c === 'string' ? p.c.split(',').map(number) : [];
    if (!isFinite(zoom) || center.length !== 2 || !center.every(isFinite) ||
        Math.abs(center[0]) > 85 || Math.abs(center[1]) > 180) {
      return null;
    }
    var lo = limits && isFinite(limits.minZoom) ? limits.minZoom : 0;
    var hi = limits && isFinite(limits.maxZoom) ? limits.maxZoom : 18;
    var layers = null;
    if (typeof p.l === 'string') {
      layers = p.l.split(',').filter(function (id) {
        return LAYER_ID_RE.test(id);
      }).slice(0, MAX_LAYERS);
    }
    return {zoom: Math.max(lo, Math.min(hi, zoom)), center: center, layers: layers};
  }

  // The language the fragment names (lowercase letters, 2 to 3), else null.
  function language(hash) {
    var lang = params(hash).lang;
    return typeof lang === 'string' && LANG_RE.test(lang) ? lang : null;
  }

  // The chapter of the story the fragment names (1, 2, ...), else null.
  function story(hash) {
    var n = params(hash).story;
    return typeof n === 'string' && STORY_RE.test(n) ? Number(n) : null;
  }

  // The fragment of a view: {lang, zoom, center: [lat, lng], layers: [id, ...],
  // story: n} (lang and story optional); `current`, the fragment it replaces,
  // gives the other keys, in their order.
  function write(state, current) {
    var ids = (state.layers || []).filter(function (id) {
      return LAYER_ID_RE.test(id);
    });
    var hash = '#' + (typeof state.lang === 'string' && LANG_RE.test(state.lang) ? 'lang=' + state.lang + '&' : '') +
      'z=' + String(Math.round(state.zoom * 100) / 100) +
      '&c=' + state.center[0].toFixed(5) + ',' + state.center[1].toFixed(5) +
      '&l=' + ids.join(',');
    if (typeof state.story === 'number' && STORY_RE.test(String(state.story))) {
      hash += '&story=' + state.story;
    }
    var others = params(current);
    Object.keys(others).forEach(function (key) {
      if (OWN_KEYS.indexOf(key) < 0 && typeof others[key] === 'string') {
        hash += '&' + key + '=' + encodeURIComponent(others[key]);
      }
    });
    return hash;
  }

  return {parse: parse, write: write, language: language, story: story, MAX_LENGTH: MAX_LENGTH, LAYER_ID_RE: LAYER_ID_RE};
}());
