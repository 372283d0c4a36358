/*
 * The route in the middle of a phone's map.  On a narrow screen the first
 * view (fitted clear of the controls, behaviour/view.js) is moved up or down
 * just enough for the route to lie in the middle third of the map's height
 * (the rest of the view's context stays), and the zoom buttons
 * zoom about the route's centre while it is in view, so "+" keeps it there
 * instead of pushing it toward an edge.  Wide screens are left as they are.
 *
 * L.Syunik.phone(ctx) returns {centre, place}.
 * L.Syunik.phone.shift(top, bottom, heightPx) is the pure rule
 * (tests/js/phone.test.mjs).
 */
L.Syunik.phone = function (ctx) {
  var map = ctx.map;
  var route = ctx.layers.corridor && ctx.layers.corridor.getBounds().isValid()
    ? ctx.layers.corridor.getBounds() : ctx.views.corridor;
  var centre = route.getCenter();

  // Bring the route into the middle third (no animation).
  function place() {
    if (!ctx.isNarrow()) {
      return;
    }
    var top = map.latLngToContainerPoint(route.getNorthWest()).y;
    var bottom = map.latLngToContainerPoint(route.getSouthEast()).y;
    var dy = L.Syunik.phone.shift(top, bottom, map.getSize().y);
    if (dy) {
      map.panBy([0, dy], {animate: false});
    }
  }

  function centreInView() {
    var p = map.latLngToContainerPoint(centre);
    var size = map.getSize();
    return p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y;
  }

  // Capturing on the zoom bar: before Leaflet's own handler on each button.
  var bar = ctx.container.querySelector('.leaflet-control-zoom');
  if (bar) {
    bar.addEventListener('click', function (event) {
      var button = event.target && event.target.closest ? event.target.closest('a') : null;
      if (!button || !ctx.isNarrow() || button.classList.contains('leaflet-disabled') || !centreInView()) {
        return;
      }
      var sign = button.classList.contains('leaflet-control-zoom-in') ? 1
        : button.classList.contains('leaflet-control-zoom-out') ? -1 : 0;
      if (!sign) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      var step = map.options.zoomDelta * (event.shiftKey ? 3 : 1);
      var zoom = Math.min(map.getMaxZoom(), Math.max(map.getMinZoom(), map.getZoom() + sign * step));
      map.setZoomAround(centre, zoom);
    }, true);
  }

  return {centre: centre, place: place};
};

// How many px to pan the map (positive: the content moves up) so that a box
// from `top` to `bottom` (container px) lies in the middle third of a map
// `heightPx` high, 4 % inside its edges: the least move that does it, so as
// much of the first view's context stays; a box taller than that is centred.
L.Syunik.phone.shift = function (top, bottom, heightPx) {
  var margin = heightPx * 0.04;
  var lo = heightPx / 3 + margin;
  var hi = 2 * heightPx / 3 - margin;
  var dy = 0;
  if (bottom - top > hi - lo) {
    dy = (top + bottom) / 2 - heightPx / 2;
  } else if (bottom > hi) {
    dy = bottom - hi;
  } else if (top < lo) {
    dy = top - lo;
  }
  return Math.round(dy);
};
