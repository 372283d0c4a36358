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

