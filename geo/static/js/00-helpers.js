/*
 * The browser side of the standalone offline map.  The files of
 * geo/static/js are concatenated in name order into one script: this one
 * opens the closure, 12-ready.js closes it, and each file in between owns
 * one concern (geodesy, decoding, layers, labels, panel, views, legend,
 * tools, minimap, keyboard, print, the URL fragment).
 *
 * Reads the JSON document in <script type="application/json" id="map-data">,
 * whose format is written down once in geo/data/page.schema.json (checked
 * against geo/page.py's output and these scripts by tests/test_contract.py),
 * and builds a Leaflet map with layers, legend, information panel and a few
 * tools (distance / area measurement, cursor coordinates, fullscreen,
 * fit-to-corridor, overview minimap).
 *
 * Security model: every string found in the data is untrusted plain text.
 * DOM is built with createElement + textContent only.  Leaflet APIs that
 * interpret strings as HTML (layer control names, attribution) only ever
 * receive strings passed through escapeHtml(); popups and tooltips receive
 * DOM elements.  Colours and dash patterns are validated before they reach
 * the renderer.  Nothing here loads anything from the network, except the
 * optional online tile layers, which are off until the user selects one.
 *
 * Geodesy:
 *  - distances use Vincenty's inverse formula on the WGS84 ellipsoid
 *    (sub-millimetre for this purpose); for nearly antipodal points where
 *    the iteration does not converge it falls back to the haversine
 *    formula on a sphere of radius R = 6371.0088 km (IUGG mean radius);
 *  - areas are on the WGS84 ellipsoid: each vertex's latitude is mapped to
 *    its authalic latitude (an equal-area map onto the sphere of the
 *    ellipsoid's surface area, R_q = 6371.0072 km), then the spherical excess
 *    of the polygon is taken on that sphere (edges are great-circle arcs
 *    there; within about 1e-6 of the geodesic polygon's area at this scale).
 *
 * Plain ES2017, no eval, no inline event handler attributes (strict CSP).
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var EARTH_RADIUS_KM = 6371.0088;
  var NARROW_QUERY = '(max-width: 700px)';
  var OFFLINE_BASE_NAME = 'Offline vector map (default)';

  /* ------------------------------------------------------------------ */
  /* Small helpers                                                       */
  /* ------------------------------------------------------------------ */

  function escapeHtml(value) {
    return String(value == null ? '' : value)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  function text(value) {
    return value == null ? '' : String(value);
  }

  // Create an HTML element.  attrs are set with setAttribute (never event
  // handler attributes); content is set with textContent.
  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (/^on/i.test(name)) {
          throw new Error('map.js: refusing to set event handler attribute ' + name);
        }
        if (attrs[name] !== undefined && attrs[name] !== null && attrs[name] !== false) {
          node.setAttribute(name, attrs[name] === true ? '' : String(attrs[name]));
        }
      });
    }
    if (content !== undefined && content !== null) {
      node.textContent = String(content);
    }
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, String(attrs[name]));
    });
    return node;
  }

  // Icons: 24x24 stroke icons drawn with currentColor.  Each spec entry is
  // [tagName, attributes].
  var ICONS = {
    info: [
      ['circle', {cx: 12, cy: 12, r: 9}],
      ['path', {d: 'M12 11v6'}],
      ['circle', {cx: 12, cy: 7.6, r: 0.6, fill: 'currentColor'}]
    ],
    distance: [
      ['path', {d: 'M4 18L9.5 9.5L14.5 14L20 5.5'}],
      ['circle', {cx: 4, cy: 18, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 9.5, cy: 9.5, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 14.5, cy: 14, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 20, cy: 5.5, r: 1.6, fill: 'currentColor'}]
    ],
    area: [
      ['path', {d: 'M5 18L6.5 6L17 4.5L19.5 15.5Z', fill: 'currentColor', 'fill-opacity': 0.18}],
      ['circle', {cx: 5, cy: 18, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 6.5, cy: 6, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 17, cy: 4.5, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 19.5, cy: 15.5, r: 1.6, fill: 'currentColor'}]
    ],
    corridor: [
      ['path', {d: 'M4 8.5V4h4.5M15.5 4H20v4.5M20 15.5V20h-4.5M8.5 20H4v-4.5'}],
      ['path', {d: 'M8 15.5l3-4.5 2.5 2.5L16.5 8.5', 'stroke-dasharray': '2.2 1.6'}]
    ],
    fullscreen: [
      ['path', {d: 'M14 4h6v6M20 4l-6.5 6.5M10 20H4v-6M4 20l6.5-6.5'}]
    ],
    exitFullscreen: [
      ['path', {d: 'M19.5 10.5h-6v-6M13.5 10.5L20 4M4.5 13.5h6v6M10.5 13.5L4 20'}]
    ],
    layers: [
      ['path', {d: 'M12 3.5L21 8.5L12 13.5L3 8.5Z', fill: 'currentColor', 'fill-opacity': 0.18}],
      ['path', {d: 'M3 12.5L12 17.5L21 12.5'}],
      ['path', {d: 'M3 16.5L12 21.5L21 16.5'}]
    ],
    close: [
      ['path', {d: 'M6 6l12 12M18 6L6 18'}]
    ]
  };

  function icon(name) {
    var svg = svgEl('svg', {
      viewBox: '0 0 24 24', width: 22, height: 22, 'aria-hidden': 'true', focusable: 'false',
      fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8,
      'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'class': 'map-icon'
    });
    ICONS[name].forEach(function (part) {
      svg.appendChild(svgEl(part[0], part[1]));
    });
    return svg;
  }

  // Colours: hex, rgb[a](), hsl[a]() or a CSS colour keyword.  Anything else
  // (notably references to external resources) is rejected.
  var COLOR_RE = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\(\s*[-+0-9.%,\s/a-z]*\)|[a-z]{3,30})$/i;

  function safeColor(value) {
    if (typeof value !== 'string') {
      return null;
    }
    var v = value.trim();
    return COLOR_RE.test(v) && !/url|expression|var/i.test(v) ? v : null;
  }

  function safeDash(value) {
    if (typeof value === 'number' && isFinite(value)) {
      return String(value);
    }
    if (typeof value === 'string' && /^[0-9.,\s]+$/.test(value.trim()) && value.trim()) {
      return value.trim();
    }
    return null;
  }

  // Only these Leaflet path options are accepted from the data.
  var STYLE_KEYS = {
    stroke: 'bool', color: 'color', weight: 'num', opacity: 'num',
    lineCap: 'word', lineJoin: 'word', dashArray: 'dash', dashOffset: 'dash',
    fill: 'bool', fillColor: 'color', fillOpacity: 'num', fillRule: 'word', radius: 'num'
  };

  function pickStyle(src) {
    var out = {};
    if (!src || typeof src !== 'object') {
      return out;
    }
    Object.keys(STYLE_KEYS).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(src, key)) {
        return;
      }
      var v = src[key];
      var kind = STYLE_KEYS[key];
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
      } else if (kind === 'color' && safeColor(v)) {
        out[key] = safeColor(v);
      } else if (kind === 'dash' && safeDash(v)) {
        out[key] = safeDash(v);
      } else if (kind === 'word' && typeof v === 'string' && /^[a-z-]{1,20}$/i.test(v)) {
        out[key] = v;
      } else {
        console.warn('map.js: ignoring invalid style value for ' + key, v);
      }
    });
    return out;
  }

  function toBounds(value) {
    if (!Array.isArray(value) || value.length !== 2) {
      return null;
    }
    var b = L.latLngBounds(value);
    return b.isValid() ? b : null;
  }

  function stop(ev) {
    L.DomEvent.stop(ev);
  }

  // Keep pointer / wheel events on our own UI from reaching the map.
  function isolate(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    L.DomEvent.on(node, 'mousemove', L.DomEvent.stopPropagation);
  }

  var fmtCache = {};
  function formatNumber(value, digits) {
    if (!fmtCache[digits]) {
      fmtCache[digits] = new Intl.NumberFormat('en-GB', {
        minimumFractionDigits: digits, maximumFractionDigits: digits
      });
    }
    return fmtCache[digits].format(value);
  }

  function formatKm(km) {
    var digits = km < 1 ? 3 : km < 10 ? 2 : km < 1000 ? 1 : 0;
    return formatNumber(km, digits) + '\u00a0km';
  }

  function formatKm2(km2) {
    var digits = km2 < 1 ? 3 : km2 < 100 ? 2 : km2 < 10000 ? 1 : 0;
    return formatNumber(km2, digits) + '\u00a0km\u00b2';
  }

  function formatLatLng(latlng) {
    var ll = latlng.wrap();
    return 'lat ' + Math.abs(ll.lat).toFixed(5) + '\u00b0' + (ll.lat < 0 ? 'S' : 'N') +
      ', lon ' + Math.abs(ll.lng).toFixed(5) + '\u00b0' + (ll.lng < 0 ? 'W' : 'E');
  }

