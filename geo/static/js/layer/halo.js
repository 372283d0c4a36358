/*
 * The route line drawn on a halo, below it in its own pane: every line
 * feature whose style names a halo_color gets one.  L.Syunik.halos(ctx).
 */
L.Syunik.halos = function (ctx) {
  var map = ctx.map;
  Object.keys(ctx.layers).forEach(function (id) {
    var geo = ctx.layers[id];
    geo.eachLayer(function (layer) {
      var st = layer.feature && layer.feature.properties && layer.feature.properties.style;
      var haloColor = st && L.Syunik.Style.color(st.halo_color);
      if (!haloColor || !layer.getLatLngs || layer instanceof L.Polygon) {
        return;
      }
      var haloOptions = {
        color: haloColor, weight: Number(st.halo_weight) || 10, opacity: 0.95,
        lineCap: 'round', lineJoin: 'round', interactive: false, pane: layer.options.pane
      };
      if (layer.options.renderer) {
        haloOptions.renderer = layer.options.renderer;
      }
      var halo = L.polyline(layer.getLatLngs(), haloOptions);
      function showHalo() {
        halo.addTo(map);
        layer.bringToFront();
      }
      geo.on('add', showHalo);
      geo.on('remove', function () {
        halo.remove();
      });
      // only once the map has a view: the renderer must exist before the halo
      map.whenReady(function () {
        if (map.hasLayer(geo)) {
          showHalo();
        }
      });
    });
  });
};
