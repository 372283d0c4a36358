/*
 * The views: the region, the corridor, the first view (the route with its
 * context, geo/page/views.py), and fitting bounds clear of everything drawn
 * over the map.  L.Syunik.views(ctx) returns them.
 */
L.Syunik.views = function (ctx) {
  var map = ctx.map;
  var data = ctx.data;
  var FIT_MARGIN_PX = 8;

  function toBounds(value) {
    if (!Array.isArray(value) || value.length !== 2) {
      return null;
    }
    var b = L.latLngBounds(value);
    return b.isValid() ? b : null;
  }

  function dataBounds() {
    var b = L.latLngBounds([]);
    Object.keys(ctx.layers).forEach(function (id) {
      var lb = ctx.layers[id].getBounds();
      if (lb.isValid()) {
        b.extend(lb);
      }
    });
    return b.isValid() ? b : L.latLngBounds([[-60, -170], [75, 170]]);
  }

  var region = toBounds(data.view_bounds) || dataBounds();
  var corridor = toBounds(data.corridor_bounds) || region;
  var first = toBounds(data.first_view_bounds) || corridor;
  var whole = toBounds(data.whole_corridor_bounds);

  // Rectangles (map container pixels) of everything drawn over the map: the
  // controls, the open side panel and the title.
  function coverBoxes() {
    var origin = ctx.container.getBoundingClientRect();
    var boxes = [];
    var nodes = ctx.container.querySelectorAll('.leaflet-control, .panel.is-open, .map-title');
    Array.prototype.forEach.call(nodes, function (node) {
      var r = node.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && node.offsetParent !== null &&
          window.getComputedStyle(node).visibility !== 'hidden') {
        boxes.push({x0: r.left - origin.left, y0: r.top - origin.top,
          x1: r.right - origin.left, y1: r.bottom - origin.top});
      }
    });
    return boxes;
  }

  // fitBounds options that keep the bounds clear of every control.  Each box
  // is cleared either sideways (pad the side it touches by its width) or
  // vertically (pad the top or bottom by its height); of all these choices
  // the one that allows the largest zoom wins.
  function fitOptions(bounds) {
    var size = map.getSize();
    var options = coverBoxes().map(function (b) {
      var left = (b.x0 + b.x1) / 2 < size.x / 2;
      var top = (b.y0 + b.y1) / 2 < size.y / 2;
      var side = left ? {side: 0, px: b.x1} : {side: 2, px: size.x - b.x0};
      var vert = top ? {side: 1, px: b.y1} : {side: 3, px: size.y - b.y0};
      // full height: the panel
      if (b.y1 - b.y0 > size.y * 0.75) { return [side]; }
      // full width: a title bar
      if (b.x1 - b.x0 > size.x * 0.75) { return [vert]; }
      return [side, vert];
    });
    var target = bounds || first;
    var best = null;
    var combos = Math.pow(2, Math.min(options.length, 12));
    for (var c = 0; c < combos; c += 1) {
      // left, top, right, bottom
      var pad = [0, 0, 0, 0];
      for (var i = 0; i < options.length; i += 1) {
        var choice = options[i][options[i].length > 1 ? (c >> i) & 1 : 0];
        pad[choice.side] = Math.max(pad[choice.side], choice.px);
      }
      var free = L.point(size.x - pad[0] - pad[2] - 2 * FIT_MARGIN_PX,
        size.y - pad[1] - pad[3] - 2 * FIT_MARGIN_PX);
      if (free.x < 40 || free.y < 40) {
        continue;
      }
      var zoom = map.getBoundsZoom(target, false, L.point(size.x - free.x, size.y - free.y));
      if (!best || zoom > best.zoom) {
        best = {zoom: zoom, pad: pad};
      }
    }
    var p = best ? best.pad : [0, 0, 0, 0];
    return {
      paddingTopLeft: [p[0] + FIT_MARGIN_PX, p[1] + FIT_MARGIN_PX],
      paddingBottomRight: [p[2] + FIT_MARGIN_PX, p[3] + FIT_MARGIN_PX]
    };
  }

  // Fit the map to bounds clear of the controls (no animation when asked).
  function fitClear(bounds, animate) {
    map.fitBounds(bounds, Object.assign({animate: !!animate}, fitOptions(bounds)));
  }

  return {
    region: region, corridor: corridor, first: first, whole: whole,
    fitOptions: fitOptions, fitClear: fitClear
  };
};
