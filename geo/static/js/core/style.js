/*
 * Safe styles: only whitelisted Leaflet path options, colours and dash
 * patterns from the data reach the renderer.
 */
L.Syunik.Style = (function () {
  // Colours: hex, rgb[a](), hsl[a]() or a CSS colour keyword.  Anything else
  // (notably references to external resources) is rejected.
  var COLOR_RE = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\(\s*[-+0-9.%,\s/a-z]*\)|[a-z]{3,30})$/i;

  function color(value) {
    if (typeof value !== 'string') {
      return null;
    }
    var v = value.trim();
    return COLOR_RE.test(v) && !/url|expression|var/i.test(v) ? v : null;
  }

  function dash(value) {
    if (typeof value === 'number' && isFinite(value)) {
      return String(value);
    }
    if (typeof value === 'string' && /^[0-9.,\s]+$/.test(value.trim()) && value.trim()) {
      return value.trim();
    }
    return null;
  }

  // Only these Leaflet path options are accepted from the data.
  var KEYS = {
    stroke: 'bool', color: 'color', weight: 'num', opacity: 'num',
    lineCap: 'word', lineJoin: 'word', dashArray: 'dash', dashOffset: 'dash',
    fill: 'bool', fillColor: 'color', fillOpacity: 'num', fillRule: 'word', radius: 'num'
  };

  function pick(src) {
    var out = {};
    if (!src || typeof src !== 'object') {
      return out;
    }
    Object.keys(KEYS).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(src, key)) {
        return;
      }
      var v = src[key];
      var kind = KEYS[key];
      if (v === null) {
        // null explicitly clears an optional setting (e.g. no dash)
        if (kind === 'dash' || key === 'fillColor') {
          out[key] = null;
        }
        return;
      }
      if (kind === 'bool' && typeof v === 'boolean') {
        out[key] = v;
      } else if (kind === 'num' && typeof v === 'number' && isFinite(v)) {
        out[key] = v;
      } else if (kind === 'color' && color(v)) {
        out[key] = color(v);
      } else if (kind === 'dash' && dash(v)) {
        out[key] = dash(v);
      } else if (kind === 'word' && typeof v === 'string' && /^[a-z-]{1,20}$/i.test(v)) {
        out[key] = v;
      } else {
        console.warn('map.js: ignoring invalid style value for ' + key, v);
      }
    });
    return out;
  }

  return {color: color, dash: dash, pick: pick, KEYS: KEYS};
}());
