  /* ------------------------------------------------------------------ */
  /* Shareable views: the URL fragment keeps the view and the layers     */
  /* ------------------------------------------------------------------ */

  // #z=10.5&c=38.91234,46.30012&l=neighbours,armenia,corridor
  // z: zoom; c: centre (latitude, longitude, WGS84 degrees); l: the layers
  // switched on, by id.  Written with history.replaceState whenever the view
  // or a layer changes, and read on load and when the fragment changes, so a
  // reload or a copied link opens the same view.

  var LAYER_ID_RE = /^[A-Za-z0-9_-]{1,40}$/;

  function viewFragment() {
    var c = map.getCenter();
    var on = Object.keys(leafletLayers).filter(function (id) {
      return map.hasLayer(leafletLayers[id]) && LAYER_ID_RE.test(id);
    });
    return '#z=' + String(Math.round(map.getZoom() * 100) / 100) +
      '&c=' + c.lat.toFixed(5) + ',' + c.lng.toFixed(5) +
      '&l=' + on.join(',');
  }

  // Parse a fragment; null unless it holds a valid view.  `layers` is null
  // when the fragment does not say which layers are on.
  function parseFragment(hash) {
    var params = {};
    text(hash).replace(/^#/, '').split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      if (i > 0) {
        params[pair.slice(0, i)] = pair.slice(i + 1);
      }
    });
    var zoom = Number(params.z);
    var center = text(params.c).split(',').map(Number);
    if (!params.z || !isFinite(zoom) || center.length !== 2 ||
        !center.every(function (v) { return isFinite(v); }) ||
        Math.abs(center[0]) > 85 || Math.abs(center[1]) > 180) {
      return null;
    }
    var layers = null;
    if (typeof params.l === 'string') {
      layers = decodeURIComponent(params.l).split(',').filter(function (id) {
        return LAYER_ID_RE.test(id);
      });
    }
    return {
      zoom: Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), zoom)),
      center: L.latLng(center[0], center[1]),
      layers: layers
    };
  }

  function applyFragment(state) {
    if (state.layers) {
      Object.keys(leafletLayers).forEach(function (id) {
        var want = state.layers.indexOf(id) >= 0;
        if (want && !map.hasLayer(leafletLayers[id])) {
          map.addLayer(leafletLayers[id]);
        } else if (!want && map.hasLayer(leafletLayers[id])) {
          map.removeLayer(leafletLayers[id]);
        }
      });
    }
    map.setView(state.center, state.zoom, {animate: false});
  }

  var applyingFragment = false;

  function writeFragment() {
    if (applyingFragment || isPrinting()) {
      return;
    }
    var hash = viewFragment();
    if (window.location.hash !== hash && window.history && window.history.replaceState) {
      try {
        window.history.replaceState(window.history.state, '', hash);
      } catch (err) {
        console.warn('map.js: cannot keep the view in the address', err);
      }
    }
  }

  function readFragment() {
    var state = parseFragment(window.location.hash);
    if (!state) {
      return false;
    }
    applyingFragment = true;
    try {
      applyFragment(state);
    } finally {
      applyingFragment = false;
    }
    return true;
  }

  readFragment();
  map.on('moveend', writeFragment);
  Object.keys(leafletLayers).forEach(function (id) {
    leafletLayers[id].on('add remove', writeFragment);
  });
  window.addEventListener('hashchange', readFragment);
