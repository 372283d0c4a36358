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

