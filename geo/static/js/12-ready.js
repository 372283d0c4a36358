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
