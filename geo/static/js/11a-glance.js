  /* ------------------------------------------------------------------ */
  /* Reading at a glance: title, first view, online base maps            */
  /* ------------------------------------------------------------------ */

  // A one-line title over the map, shown whenever the side panel is not open
  // beside it (always on phones).
  var mapTitleBar = el('h1', {'class': 'map-title'}, text(panelData.title || data.title || ''));
  container.appendChild(mapTitleBar);
  isolate(mapTitleBar);
  refreshPopupOptions(); // popups pan clear of it

  // Over an online base map the fills turn translucent so it shows through.
  var online = data.online && typeof data.online === 'object' ? data.online : {};
  var onlineFill = typeof online.fill_opacity === 'number' && isFinite(online.fill_opacity)
    ? Math.max(0, Math.min(1, online.fill_opacity)) : 0.25;
  var onlineBaseOn = false;
  Object.keys(leafletLayers).forEach(function (id) {
    var geo = leafletLayers[id];
    var ownStyle = geo.options.style;
    if (typeof ownStyle !== 'function') {
      return;
    }
    geo.options.style = function (feature) {
      var st = ownStyle(feature);
      if (onlineBaseOn && st && st.fill !== false && typeof st.fillOpacity === 'number') {
        st.fillOpacity = Math.min(st.fillOpacity, onlineFill);
      }
      return st;
    };
  });

  // Tiles need a connection: say so, and say when they fail.
  var tileNotice = el('div', {'class': 'tile-notice', role: 'status', 'aria-live': 'polite', hidden: true});
  container.appendChild(tileNotice);
  isolate(tileNotice);
  var tileFailures = 0;
  function showTileNotice(message) {
    tileNotice.textContent = message;
    tileNotice.hidden = !message;
  }
  onlineBases.forEach(function (tiles) {
    tiles.on('tileerror', function () {
      tileFailures += 1;
      if (tileFailures === 1 || tileNotice.hidden) {
        showTileNotice('Online base map tiles could not be loaded: they need an internet connection, ' +
          'and a tile server may refuse a page opened from a file. The offline map is still shown.');
      }
    });
    tiles.on('tileload', function () {
      tileFailures = 0;
      showTileNotice('');
    });
  });
  map.on('baselayerchange', function (e) {
    onlineBaseOn = onlineBases.indexOf(e.layer) >= 0;
    tileFailures = 0;
    container.classList.toggle('has-online-base', onlineBaseOn);
    showTileNotice(onlineBaseOn && navigator.onLine === false
      ? 'This device is offline: online base map tiles need an internet connection.' : '');
    Object.keys(leafletLayers).forEach(function (id) {
      if (leafletLayers[id].resetStyle) {
        leafletLayers[id].resetStyle();
      }
    });
  });
  (function noteOnlineBases() {
    var base = layerControl.getContainer().querySelector('.leaflet-control-layers-base');
    if (base && onlineBases.length) {
      base.appendChild(el('p', {'class': 'layers-note'}, 'Online base maps need an internet connection.'));
    }
  })();

  // Names are placed again when the panel opens or closes (it covers the map).
  if (window.MutationObserver) {
    new MutationObserver(schedulePlaceLabels).observe(panel, {attributes: true, attributeFilter: ['class']});
  }

  // The first view, now that every control is on the map: the route with its
  // context, clear of the controls.
  fitClear(firstViewBounds, false);
  placeLabels();
