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
  if (!container.hasAttribute('role') && container.tagName !== 'MAIN') {
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
        cached = Object.assign({radius: 6}, baseStyle, pickStyle(props.style),
          drawOptions(def, feature));
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
            permanent: true, direction: 'right', opacity: 1, pane: labelPane(),
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

