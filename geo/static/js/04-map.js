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
    // keep clear of the one-line title over the map (phones, closed panel)
    var top = 16;
    var titleBar = container.querySelector('.map-title');
    if (titleBar && titleBar.offsetParent !== null) {
      top = Math.max(top, titleBar.getBoundingClientRect().bottom -
        container.getBoundingClientRect().top + 8);
    }
    return {
      maxWidth: narrow ? Math.max(200, Math.min(340, window.innerWidth - 150)) : 340,
      minWidth: narrow ? 200 : 260,
      autoPanPaddingTopLeft: [left, Math.round(top)],
      autoPanPaddingBottomRight: [16, 16],
      // at most 60 % of the map's height with the frame and tip (about 60 px)
      maxHeight: Math.max(160, Math.floor(map.getSize().y * 0.6) - 60),
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

  // Label/value pairs as a definition list: two columns on wide screens,
  // stacked on phones (map.css).
  function popupList(rows, className) {
    var list = el('dl', {'class': className});
    (Array.isArray(rows) ? rows : []).forEach(function (row) {
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
      var item = el('div', {'class': 'feature-popup-row'});
      item.appendChild(el('dt', null, text(label)));
      item.appendChild(el('dd', null, value === null || value === undefined || value === '' ? '\u2014' : text(value)));
      list.appendChild(item);
    });
    return list;
  }

  // A popup leads with one plain sentence and the one number that matters;
  // method, projection, source and licence sit behind "Details".
  function buildPopupContent(popup) {
    var root = el('div', {'class': 'feature-popup'});
    if (popup.title !== undefined && popup.title !== null && popup.title !== '') {
      root.appendChild(el('strong', {'class': 'feature-popup-title'}, popup.title));
    }
    if (popup.lead) {
      root.appendChild(el('p', {'class': 'feature-popup-lead'}, popup.lead));
    }
    if (Array.isArray(popup.figure) && popup.figure.length === 2) {
      var figure = el('p', {'class': 'feature-popup-figure'});
      figure.appendChild(el('span', {'class': 'feature-popup-figure-label'}, text(popup.figure[0]) + ': '));
      figure.appendChild(el('strong', {'class': 'feature-popup-figure-value'}, text(popup.figure[1])));
      root.appendChild(figure);
    }
    if (Array.isArray(popup.rows) && popup.rows.length) {
      root.appendChild(popupList(popup.rows, 'feature-popup-rows'));
    }
    if (Array.isArray(popup.details) && popup.details.length) {
      var details = el('details', {'class': 'feature-popup-details'});
      details.appendChild(el('summary', null, 'Details'));
      details.appendChild(popupList(popup.details, 'feature-popup-rows'));
      details.addEventListener('toggle', function () {
        // re-measure the popup (height cap, scroll bar) and pan it on screen;
        // not update(), which would rebuild the content and close Details
        if (openPopup && openPopup._updateLayout && openPopup._adjustPan) {
          openPopup._updateLayout();
          openPopup._updatePosition();
          openPopup._adjustPan();
        }
      });
      root.appendChild(details);
    }
    return root;
  }

  var openPopup = null;
  map.on('popupopen', function (e) {
    openPopup = e.popup;
  });
  map.on('popupclose', function (e) {
    if (openPopup === e.popup) {
      openPopup = null;
    }
  });

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
    collapsed: true,
    sortLayers: false,
    position: 'topright'
  });
  layerControl.addBaseLayer(offlineBase, escapeHtml(OFFLINE_BASE_NAME));
  var onlineBases = [];
  (Array.isArray(data.tiles) ? data.tiles : []).forEach(function (tile) {
    if (!tile || typeof tile.url !== 'string' || !/^https?:\/\/[^\s"'<>]+$/i.test(tile.url)) {
      console.warn('map.js: ignoring tile layer with a missing or non-http(s) URL', tile);
      return;
    }
    var maxZoom = typeof tile.max_zoom === 'number' && isFinite(tile.max_zoom) ? tile.max_zoom : 19;
    var tileLayer = L.tileLayer(tile.url, {
      attribution: escapeHtml(tile.attribution || ''),
      maxZoom: Math.min(maxZoom, 18),
      maxNativeZoom: maxZoom,
      // Tile servers may refuse requests with no Referer (a page opened from a
      // file sends none): send the origin when there is one.
      referrerPolicy: 'strict-origin-when-cross-origin'
    });
    onlineBases.push(tileLayer);
    layerControl.addBaseLayer(tileLayer, escapeHtml(tile.name || 'Online tiles'));
  });
  // A short list of meaningful toggles (data.controls, top first); each may
  // switch several layers.  A layer no toggle names gets its own, after them.
  var named = {};
  (Array.isArray(data.controls) ? data.controls : []).forEach(function (control) {
    var members = (control && Array.isArray(control.layers) ? control.layers : []).filter(function (id) {
      return Object.prototype.hasOwnProperty.call(leafletLayers, id) && !named[id];
    });
    if (!members.length) {
      return;
    }
    members.forEach(function (id) {
      named[id] = true;
    });
    var group = members.length === 1 ? leafletLayers[members[0]]
      : L.layerGroup(members.map(function (id) { return leafletLayers[id]; }));
    if (members.length > 1 && members.some(function (id) { return map.hasLayer(leafletLayers[id]); })) {
      group.addTo(map);
    }
    layerControl.addOverlay(group, escapeHtml(text(control.label)));
  });
  // Overlays are listed top-most first (GIS convention): reverse draw order.
  Object.keys(leafletLayers).reverse().forEach(function (id) {
    if (!named[id]) {
      layerControl.addOverlay(leafletLayers[id], escapeHtml(layerTitle(layerDefById[id], id)));
    }
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

