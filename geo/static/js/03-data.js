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

