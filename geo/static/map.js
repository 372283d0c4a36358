/*
 * map.js - browser side of the standalone offline map.
 *
 * Reads the JSON document in <script type="application/json" id="map-data">
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
 *  - areas use the spherical excess of the polygon (edges treated as great
 *    circle arcs) on the same sphere, R = 6371.0088 km.
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

  /* ------------------------------------------------------------------ */
  /* Geodesy                                                             */
  /* ------------------------------------------------------------------ */

  var RAD = Math.PI / 180;

  function wrapPi(angle) {
    while (angle > Math.PI) { angle -= 2 * Math.PI; }
    while (angle < -Math.PI) { angle += 2 * Math.PI; }
    return angle;
  }

  function haversineKm(p1, p2) {
    var phi1 = p1.lat * RAD;
    var phi2 = p2.lat * RAD;
    var dPhi = phi2 - phi1;
    var dLambda = wrapPi((p2.lng - p1.lng) * RAD);
    var h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2) +
      Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // Vincenty (1975) inverse problem on the WGS84 ellipsoid, in km.
  function geodesicKm(p1, p2) {
    var a = 6378137.0;
    var f = 1 / 298.257223563;
    var b = a * (1 - f);
    var lambdaL = wrapPi((p2.lng - p1.lng) * RAD);
    var u1 = Math.atan((1 - f) * Math.tan(p1.lat * RAD));
    var u2 = Math.atan((1 - f) * Math.tan(p2.lat * RAD));
    var sinU1 = Math.sin(u1), cosU1 = Math.cos(u1);
    var sinU2 = Math.sin(u2), cosU2 = Math.cos(u2);

    var lambda = lambdaL;
    var sinSigma = 0, cosSigma = 1, sigma = 0, cosSqAlpha = 1, cos2SigmaM = 0;
    var converged = false;
    for (var i = 0; i < 200; i++) {
      var sinLambda = Math.sin(lambda);
      var cosLambda = Math.cos(lambda);
      var t1 = cosU2 * sinLambda;
      var t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
      sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
      if (sinSigma === 0) {
        return 0; // coincident points
      }
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
      var c = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
      var previous = lambda;
      lambda = lambdaL + (1 - c) * f * sinAlpha *
        (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
      if (Math.abs(lambda - previous) < 1e-12) {
        converged = true;
        break;
      }
    }
    if (!converged) {
      return haversineKm(p1, p2);
    }
    var uSq = cosSqAlpha * (a * a - b * b) / (b * b);
    var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 *
      (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
       bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * bigA * (sigma - deltaSigma) / 1000;
  }

  function pathLengthKm(points, closed) {
    var total = 0;
    for (var i = 1; i < points.length; i++) {
      total += geodesicKm(points[i - 1], points[i]);
    }
    if (closed && points.length > 2) {
      total += geodesicKm(points[points.length - 1], points[0]);
    }
    return total;
  }

  // Area of a polygon on the sphere: sum over the edges of the signed
  // spherical excess of the region between the edge and the pole,
  // tan(E/2) = tan(dLambda/2) (tan(phi1/2) + tan(phi2/2)) / (1 + tan(phi1/2) tan(phi2/2)).
  function sphericalAreaKm2(points) {
    var n = points.length;
    if (n < 3) {
      return 0;
    }
    var sum = 0;
    for (var i = 0; i < n; i++) {
      var p1 = points[i];
      var p2 = points[(i + 1) % n];
      var t1 = Math.tan(p1.lat * RAD / 2);
      var t2 = Math.tan(p2.lat * RAD / 2);
      var dLambda = wrapPi((p2.lng - p1.lng) * RAD);
      sum += 2 * Math.atan2(Math.tan(dLambda / 2) * (t1 + t2), 1 + t1 * t2);
    }
    var excess = Math.abs(sum);
    excess = Math.min(excess, 4 * Math.PI - excess);
    return excess * EARTH_RADIUS_KM * EARTH_RADIUS_KM;
  }

  /* ------------------------------------------------------------------ */
  /* Compact geometry encoding                                           */
  /* ------------------------------------------------------------------ */

  // The renderer may send a geometry as {"type", "q", "enc"}: every line or
  // ring is a flat list [dx0, dy0, dx1, dy1, ...] of integers in units of
  // 1/q degree, each pair the difference from the previous vertex (the first
  // from 0, 0).  Decode it into ordinary GeoJSON coordinates.
  function decodeLine(flat, q) {
    if (!Array.isArray(flat) || flat.length % 2 !== 0) {
      throw new Error('map.js: invalid encoded line');
    }
    var out = [];
    var x = 0;
    var y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      out.push([x / q, y / q]);
    }
    return out;
  }

  function decodeGeometry(geometry) {
    if (!geometry || typeof geometry !== 'object' || !Object.prototype.hasOwnProperty.call(geometry, 'enc')) {
      return geometry;
    }
    var q = geometry.q;
    if (typeof q !== 'number' || !(q > 0)) {
      throw new Error('map.js: encoded geometry without a valid q');
    }
    var enc = geometry.enc;
    var lines = function (list) {
      return list.map(function (flat) { return decodeLine(flat, q); });
    };
    var coordinates;
    switch (geometry.type) {
      case 'LineString':
        coordinates = decodeLine(enc, q);
        break;
      case 'MultiLineString':
      case 'Polygon':
        coordinates = lines(enc);
        break;
      case 'MultiPolygon':
        coordinates = enc.map(lines);
        break;
      case 'MultiPoint':
        coordinates = decodeLine(enc, q);
        break;
      default:
        throw new Error('map.js: cannot decode a ' + geometry.type);
    }
    return {type: geometry.type, coordinates: coordinates};
  }

  // Return a GeoJSON object with every encoded geometry decoded (the input
  // is not modified).
  function decodeGeoJSON(obj) {
    if (!obj || typeof obj !== 'object') {
      return null;
    }
    if (obj.type === 'FeatureCollection') {
      return {
        type: 'FeatureCollection',
        features: (Array.isArray(obj.features) ? obj.features : []).map(decodeGeoJSON).filter(Boolean)
      };
    }
    if (obj.type === 'Feature') {
      return {type: 'Feature', properties: obj.properties || {}, geometry: decodeGeometry(obj.geometry)};
    }
    return decodeGeometry(obj);
  }

  /* ------------------------------------------------------------------ */
  /* Data                                                                */
  /* ------------------------------------------------------------------ */

  var dataNode = document.getElementById('map-data');
  if (!dataNode) {
    throw new Error('map.js: <script id="map-data"> not found');
  }
  var data = JSON.parse(dataNode.textContent);
  var container = document.getElementById('map');
  if (!container) {
    throw new Error('map.js: <div id="map"> not found');
  }

  var layerDefs = (Array.isArray(data.layers) ? data.layers : []).filter(function (d) {
    return d && typeof d === 'object';
  }).map(function (d) {
    return Object.assign({}, d, {geojson: decodeGeoJSON(d.geojson)});
  });
  var panelData = data.panel && typeof data.panel === 'object' ? data.panel : {};
  var mapTitle = text(data.title || panelData.title || 'Map');
  var narrowMedia = window.matchMedia(NARROW_QUERY);

  function isNarrow() {
    return narrowMedia.matches;
  }

  if (!document.title) {
    document.title = mapTitle;
  }

  /* ------------------------------------------------------------------ */
  /* Map                                                                 */
  /* ------------------------------------------------------------------ */

  var map = L.map(container, {
    preferCanvas: true,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    wheelPxPerZoomLevel: 90,
    attributionControl: true,
    zoomControl: false,
    minZoom: 1,
    maxZoom: 18,
    worldCopyJump: false
  });
  var background = safeColor(data.background);
  if (background) {
    container.style.background = background;
  }
  container.classList.add('offline-map');
  if (!container.hasAttribute('role')) {
    container.setAttribute('role', 'region');
  }
  if (!container.hasAttribute('aria-label')) {
    container.setAttribute('aria-label', 'Map: ' + mapTitle);
  }

  map.attributionControl.setPrefix(false);
  if (data.credits) {
    map.attributionControl.addAttribution(escapeHtml(data.credits));
  }

  /* ---------------------------- layers ------------------------------ */

  var leafletLayers = {};
  var layerDefById = {};
  var popupBindings = []; // {layer, content} for every feature with a popup
  // Popup options depend on the screen and on the side panel: popups are
  // auto-panned clear of the panel and of the left-hand buttons.
  function popupOptions() {
    var narrow = isNarrow();
    var left = narrow ? 66 : 60;
    if (!narrow && panelOpen && panel) {
      left += panel.offsetWidth;
    }
    return {
      maxWidth: narrow ? Math.max(200, Math.min(340, window.innerWidth - 150)) : 340,
      minWidth: 160,
      autoPanPaddingTopLeft: [left, 16],
      autoPanPaddingBottomRight: [16, 16],
      className: 'feature-popup-wrap'
    };
  }

  function refreshPopupOptions() {
    var options = popupOptions();
    popupBindings.forEach(function (binding) {
      var popup = binding.layer.getPopup();
      if (popup) {
        L.setOptions(popup, options);
      }
    });
  }

  function isPointFeature(feature) {
    var type = feature && feature.geometry && feature.geometry.type;
    return type === 'Point' || type === 'MultiPoint';
  }

  function buildPopupContent(popup) {
    var root = el('div', {'class': 'feature-popup'});
    if (popup.title !== undefined && popup.title !== null && popup.title !== '') {
      root.appendChild(el('strong', {'class': 'feature-popup-title'}, popup.title));
    }
    var rows = Array.isArray(popup.rows) ? popup.rows : [];
    if (rows.length) {
      var table = el('table', {'class': 'feature-popup-table'});
      var tbody = el('tbody');
      rows.forEach(function (row) {
        var label, value;
        if (Array.isArray(row)) {
          label = row[0];
          value = row[1];
        } else if (row && typeof row === 'object') {
          label = row.label;
          value = row.value;
        } else {
          return;
        }
        var tr = el('tr');
        tr.appendChild(el('th', {scope: 'row'}, text(label)));
        tr.appendChild(el('td', null, value === null || value === undefined || value === '' ? '\u2014' : text(value)));
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      root.appendChild(table);
    }
    return root;
  }

  function makeLayer(def) {
    var baseStyle = pickStyle(def.style);
    var styleCache = new WeakMap();

    // Layer style merged with the feature's own style (validated once).
    function featureStyle(feature) {
      if (!feature || typeof feature !== 'object') {
        return Object.assign({radius: 6}, baseStyle);
      }
      var cached = styleCache.get(feature);
      if (!cached) {
        var props = feature.properties || {};
        cached = Object.assign({radius: 6}, baseStyle, pickStyle(props.style));
        styleCache.set(feature, cached);
      }
      return Object.assign({}, cached);
    }

    var geo = L.geoJSON(def.geojson || null, {
      style: featureStyle,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, featureStyle(feature));
      },
      onEachFeature: function (feature, layer) {
        var props = (feature && feature.properties) || {};
        var point = isPointFeature(feature);
        var popup = props.popup && typeof props.popup === 'object' ? props.popup : null;
        if (popup) {
          var content = function () {
            return buildPopupContent(popup);
          };
          layer.bindPopup(content, popupOptions());
          popupBindings.push({layer: layer, content: content});
        }
        var tip = props.tooltip !== undefined && props.tooltip !== null && props.tooltip !== ''
          ? props.tooltip : (popup && popup.title);
        if (point && typeof props.label === 'string' && props.label !== '') {
          // A permanent name label: rank 0 always, 1 from zoom 8, 2 from zoom 10.
          var rank = [0, 1, 2].indexOf(props.label_rank) >= 0 ? props.label_rank : 2;
          layer.bindTooltip(el('span', null, text(props.label)), {
            permanent: true, direction: 'right', opacity: 1,
            offset: [(featureStyle(feature).radius || 5) + 2, 0],
            className: 'place-label rank-' + rank
          });
        } else if (tip !== undefined && tip !== null && tip !== '') {
          layer.bindTooltip(function () {
            return el('span', {'class': 'feature-tooltip'}, text(tip));
          }, point
            ? {direction: 'top', offset: [0, -((featureStyle(feature).radius || 6) + 2)]}
            : {sticky: true, direction: 'auto', offset: [12, 0]});
        }
        layer.on('popupopen', function () {
          layer.closeTooltip();
        });
        // hover highlight (restored with resetStyle)
        layer.on('mouseover', function () {
          if (measure.mode) {
            return;
          }
          var st = featureStyle(feature);
          if (point) {
            layer.setStyle({radius: (st.radius || 6) + 2, weight: (st.weight || 1) + 1});
          } else {
            layer.setStyle({weight: (st.weight || 2) + 2});
          }
        });
        layer.on('mouseout', function () {
          geo.resetStyle(layer);
        });
      }
    });
    return geo;
  }

  layerDefs.forEach(function (def, index) {
    var id = def.id !== undefined && def.id !== null ? String(def.id) : 'layer-' + index;
    if (Object.prototype.hasOwnProperty.call(leafletLayers, id)) {
      console.warn('map.js: duplicate layer id ' + id + '; renaming');
      id = id + '-' + index;
    }
    var geo = makeLayer(def);
    layerDefById[id] = def;
    leafletLayers[id] = geo;
    if (def.visible !== false) {
      geo.addTo(map);
    }
  });

  function layerTitle(def, id) {
    return text(def.title || id);
  }

  /* -------------------------- layer control ------------------------- */

  var offlineBase = L.layerGroup().addTo(map);
  var layerControl = L.control.layers(null, null, {
    collapsed: isNarrow(),
    sortLayers: false,
    position: 'topright'
  });
  layerControl.addBaseLayer(offlineBase, escapeHtml(OFFLINE_BASE_NAME));
  (Array.isArray(data.tiles) ? data.tiles : []).forEach(function (tile) {
    if (!tile || typeof tile.url !== 'string' || !/^https?:\/\/[^\s"'<>]+$/i.test(tile.url)) {
      console.warn('map.js: ignoring tile layer with a missing or non-http(s) URL', tile);
      return;
    }
    var maxZoom = typeof tile.max_zoom === 'number' && isFinite(tile.max_zoom) ? tile.max_zoom : 19;
    var tileLayer = L.tileLayer(tile.url, {
      attribution: escapeHtml(tile.attribution || ''),
      maxZoom: Math.min(maxZoom, 18),
      maxNativeZoom: maxZoom
    });
    layerControl.addBaseLayer(tileLayer, escapeHtml(tile.name || 'Online tiles'));
  });
  // Overlays are listed top-most first (GIS convention): reverse draw order.
  Object.keys(leafletLayers).reverse().forEach(function (id) {
    layerControl.addOverlay(leafletLayers[id], escapeHtml(layerTitle(layerDefById[id], id)));
  });
  layerControl.addTo(map);
  (function decorateLayerControl() {
    var toggle = layerControl.getContainer().querySelector('.leaflet-control-layers-toggle');
    if (toggle) {
      toggle.setAttribute('aria-label', 'Map layers');
      toggle.title = 'Map layers';
      toggle.appendChild(icon('layers'));
    }
    var list = layerControl.getContainer().querySelector('.leaflet-control-layers-list');
    if (list) {
      list.setAttribute('aria-label', 'Map layers');
    }
  })();

  /* ------------------------------------------------------------------ */
  /* Information panel                                                   */
  /* ------------------------------------------------------------------ */

  function appendParagraphs(parent, value, className) {
    text(value).split(/\n\s*\n/).forEach(function (chunk) {
      var t = chunk.trim();
      if (t) {
        parent.appendChild(el('p', className ? {'class': className} : null, t));
      }
    });
  }

  function sourceLine(source) {
    var small = el('small', {'class': 'panel-source'});
    small.appendChild(el('span', {'class': 'panel-source-label'}, 'Source: '));
    small.appendChild(document.createTextNode(text(source)));
    return small;
  }

  var panel = el('aside', {id: 'panel', 'class': 'panel', 'aria-labelledby': 'panel-title'});
  var panelHeader = el('div', {'class': 'panel-header'});
  var panelHeading = el('h2', {id: 'panel-title', 'class': 'panel-title', tabindex: '-1'},
    text(panelData.title || data.title || 'About this map'));
  var panelClose = el('button', {
    type: 'button', 'class': 'panel-close', 'aria-label': 'Close information panel',
    title: 'Close panel', 'aria-controls': 'panel'
  });
  panelClose.appendChild(icon('close'));
  panelHeader.appendChild(panelHeading);
  panelHeader.appendChild(panelClose);
  panel.appendChild(panelHeader);

  var panelBody = el('div', {'class': 'panel-body'});
  if (panelData.intro) {
    appendParagraphs(panelBody, panelData.intro, 'panel-intro');
  }
  (Array.isArray(panelData.sections) ? panelData.sections : []).forEach(function (section) {
    if (!section || typeof section !== 'object') {
      return;
    }
    var sec = el('section', {'class': 'panel-section'});
    if (section.id !== undefined && section.id !== null) {
      sec.id = 'panel-section-' + String(section.id).replace(/[^A-Za-z0-9_-]/g, '_');
    }
    if (section.title) {
      sec.appendChild(el('h3', null, section.title));
    }
    if (section.body) {
      appendParagraphs(sec, section.body);
    }
    if (section.source) {
      sec.appendChild(sourceLine(section.source));
    }
    panelBody.appendChild(sec);
  });
  var timeline = Array.isArray(panelData.timeline) ? panelData.timeline : [];
  if (timeline.length) {
    var tlSection = el('section', {'class': 'panel-section panel-timeline', id: 'panel-timeline'});
    tlSection.appendChild(el('h3', null, 'Timeline'));
    var list = el('ol', {'class': 'timeline'});
    timeline.forEach(function (item) {
      if (!item || typeof item !== 'object') {
        return;
      }
      var li = el('li', {'class': 'timeline-item'});
      var date = text(item.date);
      var time = el('time', {'class': 'timeline-date'}, date);
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
        time.setAttribute('datetime', date);
      }
      li.appendChild(time);
      if (item.text) {
        li.appendChild(el('p', {'class': 'timeline-text'}, item.text));
      }
      if (item.source) {
        li.appendChild(sourceLine(item.source));
      }
      list.appendChild(li);
    });
    tlSection.appendChild(list);
    panelBody.appendChild(tlSection);
  }
  if (data.credits) {
    var credits = el('section', {'class': 'panel-section panel-credits', id: 'panel-credits'});
    credits.appendChild(el('h3', null, 'Sources and licences'));
    appendParagraphs(credits, data.credits);
    panelBody.appendChild(credits);
  }
  panel.appendChild(panelBody);
  isolate(panel);
  // First in the container so it comes first in the tab order.
  container.insertBefore(panel, container.firstChild);

  var panelToggle = el('button', {
    type: 'button', id: 'panel-toggle', 'class': 'map-btn',
    'aria-controls': 'panel', 'aria-expanded': 'false', 'aria-label': 'Information panel'
  });
  panelToggle.appendChild(icon('info'));

  var panelOpen = false;

  function setPanelOpen(open, moveFocus) {
    panelOpen = !!open;
    panel.classList.toggle('is-open', panelOpen);
    container.classList.toggle('panel-open', panelOpen);
    panelToggle.setAttribute('aria-expanded', String(panelOpen));
    panelToggle.title = panelOpen ? 'Hide information panel' : 'Show information panel';
    refreshPopupOptions();
    if (panelOpen && moveFocus) {
      panelHeading.focus({preventScroll: true});
    } else if (!panelOpen && panel.contains(document.activeElement)) {
      panelToggle.focus();
    }
  }

  panelToggle.addEventListener('click', function (ev) {
    stop(ev);
    setPanelOpen(!panelOpen, !panelOpen && isNarrow());
  });
  panelClose.addEventListener('click', function (ev) {
    stop(ev);
    setPanelOpen(false);
    panelToggle.focus();
  });

  var PanelToggleControl = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var box = el('div', {'class': 'leaflet-control map-toolbar map-toolbar-panel'});
      box.appendChild(panelToggle);
      isolate(box);
      return box;
    }
  });
  new PanelToggleControl().addTo(map);
  L.control.zoom({position: 'topleft', zoomInTitle: 'Zoom in', zoomOutTitle: 'Zoom out'}).addTo(map);
  setPanelOpen(!isNarrow(), false);

  /* ------------------------------------------------------------------ */
  /* Initial view                                                        */
  /* ------------------------------------------------------------------ */

  function dataBounds() {
    var b = L.latLngBounds([]);
    Object.keys(leafletLayers).forEach(function (id) {
      var lb = leafletLayers[id].getBounds();
      if (lb.isValid()) {
        b.extend(lb);
      }
    });
    return b.isValid() ? b : L.latLngBounds([[-60, -170], [75, 170]]);
  }

  var viewBounds = toBounds(data.view_bounds) || dataBounds();
  var corridorBounds = toBounds(data.corridor_bounds) || viewBounds;

  // fitBounds options that keep the bounds out from under the side panel.
  function fitOptions() {
    var left = 8;
    if (panelOpen && !isNarrow()) {
      left += panel.offsetWidth;
    }
    return {paddingTopLeft: [left, 8], paddingBottomRight: [8, 8]};
  }

  map.fitBounds(viewBounds, Object.assign({animate: false}, fitOptions()));

  /* ------------------------------------------------------------------ */
  /* Scale and coordinates (bottom left)                                 */
  /* ------------------------------------------------------------------ */

  var coordsBox = el('div', {id: 'coords', 'class': 'leaflet-control coords'});
  var CoordsControl = L.Control.extend({
    options: {position: 'bottomleft'},
    onAdd: function () {
      isolate(coordsBox);
      return coordsBox;
    }
  });
  new CoordsControl().addTo(map);
  coordsBox.textContent = formatLatLng(map.getCenter());
  coordsBox.title = 'Coordinates under the pointer (WGS84)';
  map.on('mousemove click', function (e) {
    coordsBox.textContent = formatLatLng(e.latlng);
  });
  L.control.scale({metric: true, imperial: false, position: 'bottomleft', maxWidth: 140}).addTo(map);

  /* ------------------------------------------------------------------ */
  /* Legend (bottom right)                                               */
  /* ------------------------------------------------------------------ */

  function legendSwatch(entry, geometry, layerStyle) {
    var svg = svgEl('svg', {
      width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true',
      focusable: 'false', 'class': 'legend-swatch'
    });
    var color = safeColor(entry.color) || layerStyle.color || '#555555';
    var fill = entry.fill === null ? null : (safeColor(entry.fill) || null);
    var dash = safeDash(entry.dash);
    var weight = Math.max(1, Math.min(layerStyle.weight || 2, 4));
    var shape;
    if (geometry === 'polygon') {
      var fillOpacity = typeof layerStyle.fillOpacity === 'number' ? layerStyle.fillOpacity : 0.35;
      shape = svgEl('rect', {
        x: 2.5, y: 2.5, width: 23, height: 13, rx: 1.5,
        fill: fill || 'none', 'fill-opacity': Math.max(0.25, Math.min(1, fillOpacity)),
        stroke: color, 'stroke-width': Math.min(weight, 2.5)
      });
    } else if (geometry === 'point') {
      shape = svgEl('circle', {
        cx: 14, cy: 9, r: 5.5, fill: fill || color,
        stroke: color, 'stroke-width': 1.5
      });
    } else {
      shape = svgEl('line', {
        x1: 2, y1: 9, x2: 26, y2: 9, stroke: color,
        'stroke-width': Math.max(2, weight), 'stroke-linecap': dash ? 'butt' : 'round'
      });
    }
    if (dash) {
      shape.setAttribute('stroke-dasharray', dash);
    }
    svg.appendChild(shape);
    return svg;
  }

  function normaliseGeometry(value) {
    var v = text(value).toLowerCase();
    if (/poly/.test(v)) { return 'polygon'; }
    if (/point/.test(v)) { return 'point'; }
    return 'line';
  }

  var legendBox = el('div', {id: 'legend', 'class': 'leaflet-control legend'});
  var legendDetails = el('details', {'class': 'legend-details'});
  legendDetails.open = !isNarrow();
  var legendSummary = el('summary', {'class': 'legend-summary'}, 'Legend');
  var legendBody = el('div', {'class': 'legend-body'});
  var legendEmpty = el('p', {'class': 'legend-empty'}, 'No layers are switched on.');
  legendDetails.appendChild(legendSummary);
  legendDetails.appendChild(legendBody);
  legendBox.appendChild(legendDetails);
  legendBox.classList.toggle('is-open', legendDetails.open);
  legendDetails.addEventListener('toggle', function () {
    legendBox.classList.toggle('is-open', legendDetails.open);
  });

  var legendGroups = [];
  Object.keys(leafletLayers).reverse().forEach(function (id) {
    var geo = leafletLayers[id];
    var def = layerDefById[id];
    var layerStyle = pickStyle(def.style);
    var layerGeometry = normaliseGeometry(def.geometry);
    var entries = Array.isArray(def.legend) && def.legend.length ? def.legend : [{
      label: layerTitle(def, id), color: layerStyle.color, fill: layerStyle.fillColor || layerStyle.color,
      dash: layerStyle.dashArray, geometry: layerGeometry
    }];
    var title = layerTitle(def, id);
    var group = el('div', {'class': 'legend-group'});
    var single = entries.length === 1;
    if (!single) {
      group.appendChild(el('div', {'class': 'legend-layer-title'}, title));
    }
    var ul = el('ul', {'class': 'legend-list'});
    entries.forEach(function (entry) {
      if (!entry || typeof entry !== 'object') {
        return;
      }
      var li = el('li', {'class': 'legend-item'});
      li.appendChild(legendSwatch(entry,
        entry.geometry ? normaliseGeometry(entry.geometry) : layerGeometry, layerStyle));
      li.appendChild(el('span', {'class': 'legend-label'}, text(entry.label || title)));
      if (single && text(entry.label) && text(entry.label) !== title) {
        li.title = title;
      }
      ul.appendChild(li);
    });
    group.appendChild(ul);
    legendBody.appendChild(group);
    legendGroups.push({group: group, layer: geo});
    geo.on('add remove', updateLegend);
  });
  legendBody.appendChild(legendEmpty);

  function updateLegend() {
    var shown = 0;
    legendGroups.forEach(function (g) {
      var on = map.hasLayer(g.layer);
      g.group.hidden = !on;
      shown += on ? 1 : 0;
    });
    legendEmpty.hidden = shown > 0;
  }
  updateLegend();

  var LegendControl = L.Control.extend({
    options: {position: 'bottomright'},
    onAdd: function () {
      isolate(legendBox);
      return legendBox;
    }
  });
  new LegendControl().addTo(map);

  /* ------------------------------------------------------------------ */
  /* Tools: measurement, fit to corridor, fullscreen                    */
  /* ------------------------------------------------------------------ */

  function makeButton(id, label, iconName, onClick, toggle) {
    var button = el('button', {
      type: 'button', id: id, 'class': 'map-btn', 'aria-label': label, title: label
    });
    if (toggle) {
      button.setAttribute('aria-pressed', 'false');
    }
    button.appendChild(icon(iconName));
    button.addEventListener('click', function (ev) {
      stop(ev);
      onClick(ev);
    });
    return button;
  }

  function textButton(label, onClick, extraClass) {
    var button = el('button', {type: 'button', 'class': 'measure-action ' + (extraClass || '')}, label);
    button.addEventListener('click', function (ev) {
      stop(ev);
      onClick(ev);
    });
    return button;
  }

  /* --------------------------- measuring ---------------------------- */

  var measurePane = map.createPane('measurePane');
  measurePane.style.zIndex = '620';
  measurePane.style.pointerEvents = 'none';

  var INK = '#1a1a1a';
  var measureStyle = {pane: 'measurePane', interactive: false};
  var measureFill = L.polygon([], Object.assign({
    stroke: false, fillColor: INK, fillOpacity: 0.14
  }, measureStyle));
  var measureHalo = L.polyline([], Object.assign({
    color: '#ffffff', weight: 6, opacity: 0.85, lineCap: 'round', lineJoin: 'round'
  }, measureStyle));
  var measureLine = L.polyline([], Object.assign({
    color: INK, weight: 2.5, opacity: 1, lineCap: 'round', lineJoin: 'round'
  }, measureStyle));
  var measurePreview = L.polyline([], Object.assign({
    color: INK, weight: 2, opacity: 0.75, dashArray: '5 6'
  }, measureStyle));
  var measureVertices = L.layerGroup();
  var measureGroup = L.layerGroup([measureFill, measureHalo, measureLine, measurePreview, measureVertices]);

  var measure = {
    mode: null,      // 'distance' | 'area' while points are being added
    shown: null,     // mode of the result currently displayed
    points: [],
    cursor: null
  };

  var resultBox = el('div', {'class': 'measure-result', id: 'measure-result', hidden: true});
  var resultTitle = el('div', {'class': 'measure-title'});
  var resultValue = el('div', {'class': 'measure-value', role: 'status', 'aria-live': 'polite'});
  var resultMain = el('span', {'class': 'measure-main'});
  var resultExtra = el('span', {'class': 'measure-extra'});
  resultValue.appendChild(resultMain);
  resultValue.appendChild(resultExtra);
  var resultPreview = el('div', {'class': 'measure-preview', 'aria-hidden': 'true'});
  var resultHint = el('p', {'class': 'measure-hint'});
  var resultActions = el('div', {'class': 'measure-actions'});
  var btnAddCentre = textButton('Add centre point', function () {
    addMeasurePoint(map.getCenter());
  });
  btnAddCentre.title = 'Add the point under the crosshair in the centre of the map (Enter on the focused map)';
  var btnUndo = textButton('Undo', function () {
    measure.points.pop();
    updateMeasure();
  });
  btnUndo.title = 'Remove the last point';
  var btnFinish = textButton('Finish', function () {
    finishMeasure();
  }, 'is-primary');
  var btnClear = textButton('Clear', function () {
    clearMeasure();
  });
  resultActions.appendChild(btnAddCentre);
  resultActions.appendChild(btnUndo);
  resultActions.appendChild(btnFinish);
  resultActions.appendChild(btnClear);
  resultBox.appendChild(resultTitle);
  resultBox.appendChild(resultValue);
  resultBox.appendChild(resultPreview);
  resultBox.appendChild(resultHint);
  resultBox.appendChild(resultActions);
  isolate(resultBox);

  var crosshair = el('div', {'class': 'measure-crosshair', 'aria-hidden': 'true'});
  container.appendChild(crosshair);

  function measureSummary(points, mode) {
    if (mode === 'area') {
      if (points.length < 3) {
        return null;
      }
      return {
        main: 'Area ' + formatKm2(sphericalAreaKm2(points)),
        extra: 'Perimeter ' + formatKm(pathLengthKm(points, true))
      };
    }
    if (points.length < 2) {
      return null;
    }
    return {main: 'Total ' + formatKm(pathLengthKm(points, false)), extra: ''};
  }

  function redrawMeasure() {
    var pts = measure.points;
    var mode = measure.mode || measure.shown;
    var active = !!measure.mode;
    var closed = mode === 'area' && !active && pts.length > 2;
    var linePts = closed ? pts.concat([pts[0]]) : pts.slice();
    measureLine.setLatLngs(linePts);
    measureHalo.setLatLngs(linePts);
    measureFill.setLatLngs(mode === 'area' && pts.length > 2 ? pts : []);
    if (active && measure.cursor && pts.length) {
      var preview = [pts[pts.length - 1], measure.cursor];
      if (mode === 'area' && pts.length > 1) {
        preview.push(pts[0]);
      }
      measurePreview.setLatLngs(preview);
    } else {
      measurePreview.setLatLngs([]);
    }
    measureVertices.clearLayers();
    pts.forEach(function (p, i) {
      L.circleMarker(p, Object.assign({
        radius: i === 0 ? 5 : 4, color: INK, weight: 2, fillColor: '#ffffff', fillOpacity: 1
      }, measureStyle)).addTo(measureVertices);
    });
  }

  function updateMeasure() {
    var mode = measure.mode || measure.shown;
    var active = !!measure.mode;
    resultBox.hidden = !mode;
    container.classList.toggle('is-measuring', active);
    measureButtons.distance.setAttribute('aria-pressed', String(measure.mode === 'distance'));
    measureButtons.area.setAttribute('aria-pressed', String(measure.mode === 'area'));
    if (!mode) {
      return;
    }
    resultTitle.textContent = mode === 'area' ? 'Measure area' : 'Measure distance';
    var pts = measure.points;
    var summary = measureSummary(pts, mode);
    var needed = mode === 'area' ? 3 : 2;
    resultExtra.textContent = summary && summary.extra ? summary.extra : '';
    if (summary) {
      resultMain.textContent = summary.main;
    } else {
      resultMain.textContent = active
        ? (pts.length ? 'Add ' + (needed - pts.length) + ' more point' + (needed - pts.length > 1 ? 's' : '') : 'No points yet')
        : 'Not enough points';
    }
    var preview = active && measure.cursor && pts.length ? measureSummary(pts.concat([measure.cursor]), mode) : null;
    resultPreview.textContent = preview ? 'With pointer: ' + preview.main.replace(/^(Total|Area) /, '') : '';
    resultHint.textContent = active
      ? 'Click the map to add points. Double-click, press Esc or use Finish to stop.'
      : pts.length + ' point' + (pts.length === 1 ? '' : 's') + '. Geodesic values (WGS84' +
        (mode === 'area' ? '; area on a sphere R = 6371.0088 km' : '') + ').';
    btnAddCentre.hidden = !active;
    btnFinish.hidden = !active;
    btnUndo.hidden = !active;
    btnUndo.disabled = !pts.length;
    redrawMeasure();
  }

  function addMeasurePoint(latlng) {
    if (!measure.mode) {
      return;
    }
    var pts = measure.points;
    if (pts.length) {
      // ignore the second click of a double-click (same spot)
      var a = map.latLngToContainerPoint(pts[pts.length - 1]);
      var b = map.latLngToContainerPoint(latlng);
      if (a.distanceTo(b) < 3) {
        return;
      }
    }
    pts.push(L.latLng(latlng.lat, latlng.lng));
    updateMeasure();
  }

  function setPopupsEnabled(enabled) {
    popupBindings.forEach(function (binding) {
      if (enabled) {
        if (!binding.layer.getPopup()) {
          binding.layer.bindPopup(binding.content, popupOptions());
        }
      } else {
        binding.layer.unbindPopup();
      }
    });
  }

  function startMeasure(mode) {
    if (measure.mode) {
      finishMeasure();
    }
    map.closePopup();
    measure.mode = mode;
    measure.shown = mode;
    measure.points = [];
    measure.cursor = null;
    setPopupsEnabled(false);
    map.doubleClickZoom.disable();
    if (!map.hasLayer(measureGroup)) {
      measureGroup.addTo(map);
    }
    updateMeasure();
  }

  function finishMeasure() {
    if (!measure.mode) {
      return;
    }
    measure.mode = null;
    measure.cursor = null;
    setPopupsEnabled(true);
    map.doubleClickZoom.enable();
    updateMeasure();
  }

  function clearMeasure() {
    var hadFocus = resultBox.contains(document.activeElement);
    var lastMode = measure.mode || measure.shown;
    finishMeasure();
    measure.shown = null;
    measure.points = [];
    measureGroup.remove();
    updateMeasure();
    if (hadFocus && lastMode) {
      measureButtons[lastMode].focus();
    }
  }

  function toggleMeasure(mode) {
    if (measure.mode === mode) {
      finishMeasure();
    } else {
      startMeasure(mode);
    }
  }

  map.on('click', function (e) {
    if (measure.mode) {
      addMeasurePoint(e.latlng);
    }
  });
  map.on('mousemove', function (e) {
    if (measure.mode && measure.points.length) {
      measure.cursor = e.latlng;
      updateMeasure();
    }
  });
  map.on('dblclick', function (e) {
    if (measure.mode) {
      L.DomEvent.stop(e);
      finishMeasure();
    }
  });
  container.addEventListener('mouseleave', function () {
    if (measure.mode && measure.cursor) {
      measure.cursor = null;
      updateMeasure();
    }
  });

  /* ------------------------------ buttons ---------------------------- */

  var measureButtons = {
    distance: makeButton('btn-measure-distance', 'Measure distance', 'distance', function () {
      toggleMeasure('distance');
    }, true),
    area: makeButton('btn-measure-area', 'Measure area', 'area', function () {
      toggleMeasure('area');
    }, true)
  };

  var btnFit = makeButton('btn-fit-corridor', 'Fit map to the corridor', 'corridor', function () {
    map.fitBounds(corridorBounds, fitOptions());
  });

  /* ---------------------------- fullscreen --------------------------- */

  var btnFullscreen = makeButton('btn-fullscreen', 'Full screen', 'fullscreen', toggleFullscreen, true);

  function fullscreenElement() {
    return document.fullscreenElement || document.webkitFullscreenElement || null;
  }

  function isFullscreen() {
    return fullscreenElement() === container || container.classList.contains('map-fullscreen-fallback');
  }

  function refreshFullscreenButton() {
    var on = isFullscreen();
    btnFullscreen.setAttribute('aria-pressed', String(on));
    var label = on ? 'Exit full screen' : 'Full screen';
    btnFullscreen.setAttribute('aria-label', label);
    btnFullscreen.title = label;
    while (btnFullscreen.firstChild) {
      btnFullscreen.removeChild(btnFullscreen.firstChild);
    }
    btnFullscreen.appendChild(icon(on ? 'exitFullscreen' : 'fullscreen'));
    map.invalidateSize();
    if (miniMap) {
      miniMap.invalidateSize();
    }
  }

  function setFallbackFullscreen(on) {
    container.classList.toggle('map-fullscreen-fallback', on);
    document.documentElement.classList.toggle('map-fullscreen-fallback-active', on);
    refreshFullscreenButton();
  }

  function toggleFullscreen() {
    if (container.classList.contains('map-fullscreen-fallback')) {
      setFallbackFullscreen(false);
      return;
    }
    if (fullscreenElement()) {
      var exit = document.exitFullscreen || document.webkitExitFullscreen;
      var done = exit.call(document);
      if (done && typeof done.catch === 'function') {
        done.catch(function (err) {
          console.warn('map.js: could not leave full screen', err);
        });
      }
      return;
    }
    var request = container.requestFullscreen || container.webkitRequestFullscreen;
    var enabled = document.fullscreenEnabled || document.webkitFullscreenEnabled;
    if (!request || !enabled) {
      setFallbackFullscreen(true);
      return;
    }
    var result = request.call(container);
    if (result && typeof result.catch === 'function') {
      result.catch(function (err) {
        console.warn('map.js: Fullscreen API refused, using the CSS fallback', err);
        setFallbackFullscreen(true);
      });
    }
  }

  document.addEventListener('fullscreenchange', refreshFullscreenButton);
  document.addEventListener('webkitfullscreenchange', refreshFullscreenButton);

  var ToolsControl = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var box = el('div', {'class': 'map-toolbar map-tools', role: 'group', 'aria-label': 'Map tools'});
      box.appendChild(measureButtons.distance);
      box.appendChild(measureButtons.area);
      box.appendChild(btnFit);
      box.appendChild(btnFullscreen);
      var wrap = el('div', {'class': 'leaflet-control map-tools-wrap'});
      wrap.appendChild(box);
      wrap.appendChild(resultBox); // right next to the tools, and next in tab order
      isolate(wrap);
      return wrap;
    }
  });
  new ToolsControl().addTo(map);

  /* ----------------------------- keyboard ---------------------------- */

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented) {
      return;
    }
    var key = e.key;
    if (key === 'Escape' || key === 'Esc') {
      if (measure.mode) {
        finishMeasure();
        e.preventDefault();
      } else if (measure.shown) {
        clearMeasure();
        e.preventDefault();
      } else if (panelOpen && isNarrow()) {
        setPanelOpen(false);
        panelToggle.focus();
        e.preventDefault();
      } else if (container.classList.contains('map-fullscreen-fallback')) {
        setFallbackFullscreen(false);
        e.preventDefault();
      }
      return;
    }
    if (measure.mode && document.activeElement === container) {
      if (key === 'Enter') {
        addMeasurePoint(map.getCenter());
        e.preventDefault();
      } else if (key === 'Backspace' || key === 'Delete') {
        measure.points.pop();
        updateMeasure();
        e.preventDefault();
      }
    }
  });

  /* ------------------------------------------------------------------ */
  /* Minimap                                                             */
  /* ------------------------------------------------------------------ */

  var miniMap = null;
  var miniBox = el('div', {
    id: 'minimap', 'class': 'leaflet-control minimap', 'aria-hidden': 'true',
    title: 'Overview map: click to centre the main map there'
  });
  var miniInner = el('div', {'class': 'minimap-map'});
  miniBox.appendChild(miniInner);
  var MiniMapControl = L.Control.extend({
    options: {position: 'bottomright'},
    onAdd: function () {
      isolate(miniBox);
      return miniBox;
    }
  });
  new MiniMapControl().addTo(map);

  miniMap = L.map(miniInner, {
    preferCanvas: true,
    attributionControl: false,
    zoomControl: false,
    dragging: false,
    touchZoom: false,
    scrollWheelZoom: false,
    doubleClickZoom: false,
    boxZoom: false,
    keyboard: false,
    zoomSnap: 0,
    zoomAnimation: false,
    fadeAnimation: false,
    markerZoomAnimation: false,
    inertia: false
  });
  if (background) {
    miniInner.style.background = background;
  }
  // Give the minimap a view before adding layers to it (Leaflet defers
  // layer initialisation until then and needs the renderer ready first).
  miniMap.setView(map.getCenter(), Math.max(0, map.getZoom() - 4), {animate: false});
  layerDefs.forEach(function (def) {
    if (def.minimap !== true) {
      return;
    }
    var base = pickStyle(def.style);
    var style = function (feature) {
      var st = Object.assign({}, base, pickStyle(feature && feature.properties && feature.properties.style));
      st.weight = Math.max(0.6, Math.min(st.weight || 1, 3) * 0.5);
      st.interactive = false;
      return st;
    };
    L.geoJSON(def.geojson || null, {
      interactive: false,
      style: style,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign(style(feature), {radius: 2}));
      }
    }).addTo(miniMap);
  });
  var miniRect = L.rectangle(map.getBounds(), {
    interactive: false, color: INK, weight: 1.5, opacity: 0.9, fillColor: INK, fillOpacity: 0.1
  }).addTo(miniMap);

  function syncMiniMap() {
    var mainSize = map.getSize();
    var miniSize = miniMap.getSize();
    if (!miniSize.x || !miniSize.y || !mainSize.x || !mainSize.y) {
      return;
    }
    // Zoom out so that the main view covers about half of the overview.
    var ratio = Math.max(mainSize.x / miniSize.x, mainSize.y / miniSize.y) * 2;
    var zoom = Math.max(0, map.getZoom() - Math.log(ratio) / Math.LN2);
    miniMap.setView(map.getCenter(), zoom, {animate: false});
    miniRect.setBounds(map.getBounds());
  }
  miniMap.on('click', function (e) {
    map.panTo(e.latlng);
  });
  map.on('moveend zoomend resize', syncMiniMap);
  syncMiniMap();

  /* ------------------------------------------------------------------ */
  /* Responsive behaviour                                                */
  /* ------------------------------------------------------------------ */

  // On wide screens the expanded layer control (top right) and the stack
  // legend + minimap + attribution (bottom right) share the right edge.
  // When they would overlap, shorten the legend (it scrolls), and if that
  // is not enough, hide the minimap.
  function layoutRightColumn() {
    legendBody.style.maxHeight = '';
    var wasSqueezed = miniBox.classList.contains('is-squeezed');
    miniBox.classList.remove('is-squeezed');
    if (!isNarrow()) {
      var layersBottom = layerControl.getContainer().getBoundingClientRect().bottom;
      var overlap = layersBottom + 10 - miniBox.getBoundingClientRect().top;
      if (overlap > 0 && legendDetails.open) {
        var current = legendBody.getBoundingClientRect().height;
        var target = Math.max(72, current - overlap);
        legendBody.style.maxHeight = Math.floor(target) + 'px';
        overlap -= current - target;
      }
      if (overlap > 0) {
        miniBox.classList.add('is-squeezed');
      }
    }
    if (wasSqueezed && !miniBox.classList.contains('is-squeezed')) {
      miniMap.invalidateSize();
      syncMiniMap();
    }
  }

  legendDetails.addEventListener('toggle', layoutRightColumn);
  map.on('resize overlayadd overlayremove baselayerchange', layoutRightColumn);

  function onMediaChange() {
    container.classList.toggle('is-narrow', isNarrow());
    if (isNarrow() && panelOpen) {
      // the panel would cover the whole map on a small screen
      setPanelOpen(false);
    }
    refreshPopupOptions();
    layoutRightColumn();
    miniMap.invalidateSize();
    syncMiniMap();
  }
  if (narrowMedia.addEventListener) {
    narrowMedia.addEventListener('change', onMediaChange);
  } else if (narrowMedia.addListener) {
    narrowMedia.addListener(onMediaChange);
  }
  container.classList.toggle('is-narrow', isNarrow());

  // Printing: show the legend expanded, restore afterwards.
  var legendWasOpen = legendDetails.open;
  window.addEventListener('beforeprint', function () {
    legendWasOpen = legendDetails.open;
    legendDetails.open = true;
    map.invalidateSize();
  });
  window.addEventListener('afterprint', function () {
    legendDetails.open = legendWasOpen;
    map.invalidateSize();
  });

  // On narrow screens the attribution is a single line; tap to expand it.
  var attributionNode = map.attributionControl.getContainer();
  L.DomEvent.on(attributionNode, 'click', function () {
    attributionNode.classList.toggle('is-expanded');
    layoutRightColumn();
  });
  layoutRightColumn();

  /* ------------------------------------------------------------------ */
  /* Ready signal for tests                                              */
  /* ------------------------------------------------------------------ */

  // Place names appear by rank as the map zooms in, so they do not pile up.
  function updateLabelDetail() {
    container.classList.toggle('labels-major', map.getZoom() >= 8);
    container.classList.toggle('labels-detail', map.getZoom() >= 10);
  }
  map.on('zoomend', updateLabelDetail);
  updateLabelDetail();

  map.whenReady(function () {
    window.requestAnimationFrame(function () {
      window.syunikMap = map;
      window.syunikLayers = leafletLayers;
      window.syunikMiniMap = miniMap;
      document.documentElement.setAttribute('data-map-ready-ms',
        String(Math.round(window.performance.now())));
      document.documentElement.setAttribute('data-map-ready', '1');
      window.requestAnimationFrame(function () {
        container.classList.add('is-animated');
      });
    });
  });
})();
