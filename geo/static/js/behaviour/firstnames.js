/*
 * The first view names what it frames: every name marked first_view in
 * geo/data/labels.csv (the countries, the Aras, the route).  The view is
 * fitted to their anchors, but a name is drawn round its anchor, and where a
 * control covers that side of the map (the tool column beside the panel on a
 * tablet or a short laptop) it finds no room and is hidden.  Then the map
 * zooms out one zoom step at a time about the first view's centre, up to one
 * zoom level, until every such name is placed.
 *
 * L.Syunik.firstViewNames(ctx) does it once, for the first view; it returns
 * the names still hidden (none, unless a level was not enough).
 */
L.Syunik.firstViewNames = function (ctx) {
  var map = ctx.map;
  var labels = ctx.labels;
  var step = map.options.zoomSnap || 0.25;
  var centre = ctx.views.first.getCenter();
  var start = map.getZoom();
  labels.place();
  var hidden = labels.hiddenFirstView();
  for (var n = 1; hidden.length && n * step <= 1 + 1e-9; n += 1) {
    map.setZoomAround(map.latLngToContainerPoint(centre), start - n * step, {animate: false});
    labels.place();
    hidden = labels.hiddenFirstView();
  }
  return hidden;
};
