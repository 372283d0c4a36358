/*
 * Taps that find what the finger meant.  A finger covers about 44 px, so a
 * tap (touch or pen; a mouse clicks as before) is read in this order: the
 * nearest point (a place, a station, a reader's point) whose mark is within
 * 20 px of it, or whose 44 x 44 px square holds it; else the nearest line
 * (the route, a connection, a reader's line) within 22 px; else whatever lies
 * under the finger (an area), as Leaflet finds it.  Only features with a
 * popup count.  The tap is caught on its way to the map (capturing) and the
 * chosen feature gets the click instead.
 *
 * Tooltips that follow the pointer or sit over a feature are kept wholly
 * inside the map and the viewport (Leaflet would put the route's past the
 * left edge of a phone).
 *
 * L.Syunik.hits(ctx) returns {pick: function (containerPoint) -> layer|null}.
 * L.Syunik.hits.choose(candidates) and L.Syunik.hits.inside(rect, bounds,
 * marginPx) are pure (tests/js/hit.test.mjs).
 */
L.Syunik.hits = function (ctx) {
  var map = ctx.map;
  var container = ctx.container;
  var Hits = L.Syunik.hits;

  // Every feature with a popup, as {layer, owner, kind, ...} for choose().
  function candidates(point) {
    var list = [];
    var layerPoint = map.containerPointToLayerPoint(point);
    function visit(layer, owner) {
      if (layer instanceof L.LayerGroup) {
        layer.eachLayer(function (child) {
          visit(child, layer.getPopup && layer.getPopup() ? layer : owner);
        });
        return;
      }
      var host = layer.getPopup && layer.getPopup() ? layer : owner;
      if (!host || !map.hasLayer(layer)) {
        return;
      }
      if (layer instanceof L.CircleMarker) {
        var p = map.latLngToContainerPoint(layer.getLatLng());
        list.push({layer: layer, host: host, kind: 'point', dx: point.x - p.x, dy: point.y - p.y,
          r: layer.getRadius()});
      } else if (layer instanceof L.Polyline && !(layer instanceof L.Polygon)) {
        var closest = layer.closestLayerPoint(layerPoint);
        if (closest) {
          list.push({layer: layer, host: host, kind: 'line', d: closest.distance,
            latlng: map.layerPointToLatLng(closest)});
        }
      }
    }
    Object.keys(ctx.layers).forEach(function (id) {
      if (map.hasLayer(ctx.layers[id])) {
        visit(ctx.layers[id], null);
      }
    });
    return list;
  }

  function pick(point) {
    var list = candidates(point);
    var index = Hits.choose(list);
    return index < 0 ? null : list[index];
  }

  function closeHoverTips() {
    Object.keys(ctx.layers).forEach(function (id) {
      ctx.layers[id].eachLayer(function (layer) {
        var tip = layer.getTooltip && layer.getTooltip();
        if (tip && !tip.options.permanent && layer.isTooltipOpen()) {
          layer.closeTooltip();
        }
      });
    });
  }

  var lastPointer = '';
  container.addEventListener('pointerdown', function (event) {
    lastPointer = event.pointerType || '';
  }, true);

  container.addEventListener('click', function (event) {
    var kind = typeof event.pointerType === 'string' && event.pointerType ? event.pointerType : lastPointer;
    if ((kind !== 'touch' && kind !== 'pen') || (ctx.tools && ctx.tools.isMeasuring())) {
      return;
    }
    var target = event.target;
    if (target && target.closest &&
        target.closest('.leaflet-control-container, .panel, .leaflet-popup, .gesture-hint')) {
      return;
    }
    var hit = pick(map.mouseEventToContainerPoint(event));
    if (!hit || (hit.layer._path && hit.layer._path === target)) {
      return;
    }
    event.stopPropagation();
    event.preventDefault();
    var latlng = hit.kind === 'point' ? hit.layer.getLatLng() : hit.latlng;
    closeHoverTips();
    hit.host.fire('click', {
      latlng: latlng, layer: hit.layer, originalEvent: event,
      containerPoint: map.latLngToContainerPoint(latlng), layerPoint: map.latLngToLayerPoint(latlng)
    }, true);
  }, true);

  Hits.keepTooltipsInside();
  return {pick: pick};
};

// beyond the mark's edge
L.Syunik.hits.POINT_REACH_PX = 20;
// half of a 44 px target
L.Syunik.hits.HALF_TARGET_PX = 22;

// The index of the candidate a tap means, or -1.  A candidate is
// {kind: 'point', dx, dy, r} (the tap's offset from the mark's centre and
// the mark's radius, px) or {kind: 'line', d} (its distance from the line).
L.Syunik.hits.choose = function (list) {
  var reach = L.Syunik.hits.POINT_REACH_PX;
  var half = L.Syunik.hits.HALF_TARGET_PX;
  var best = -1;
  var bestDistance = Infinity;
  (list || []).forEach(function (c, i) {
    if (c.kind !== 'point') {
      return;
    }
    var d = Math.sqrt(c.dx * c.dx + c.dy * c.dy);
    var near = d <= (c.r || 0) + reach || (Math.abs(c.dx) <= half && Math.abs(c.dy) <= half);
    if (near && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  if (best >= 0) {
    return best;
  }
  (list || []).forEach(function (c, i) {
    if (c.kind === 'line' && c.d <= half && c.d < bestDistance) {
      best = i;
      bestDistance = c.d;
    }
  });
  return best;
};

// How far [dx, dy] to move a box {left, top, right, bottom} so it lies inside
// `bounds` with `marginPx` to spare (the start edge wins if it cannot fit).
L.Syunik.hits.inside = function (rect, bounds, marginPx) {
  function axis(lo, hi, min, max) {
    if (lo < min) {
      return min - lo;
    }
    if (hi > max) {
      return Math.max(min - lo, max - hi);
    }
    return 0;
  }
  var m = marginPx || 0;
  return [axis(rect.left, rect.right, bounds.left + m, bounds.right - m),
    axis(rect.top, rect.bottom, bounds.top + m, bounds.bottom - m)];
};

// Once for the page: a tooltip that is not a permanent name is moved back
// inside the map and the viewport each time Leaflet places it.
L.Syunik.hits.keepTooltipsInside = function () {
  var proto = L.Tooltip.prototype;
  if (proto._syunikInside) {
    return;
  }
  var place = proto._setPosition;
  proto._setPosition = function (pos) {
    place.call(this, pos);
    var node = this._container;
    if (this.options.permanent || !node || !this._map || !node.offsetWidth) {
      return;
    }
    var box = this._map.getContainer().getBoundingClientRect();
    var bounds = {left: Math.max(0, box.left), top: Math.max(0, box.top),
      right: Math.min(window.innerWidth, box.right), bottom: Math.min(window.innerHeight, box.bottom)};
    var shift = L.Syunik.hits.inside(node.getBoundingClientRect(), bounds, 4);
    if (shift[0] || shift[1]) {
      L.DomUtil.setPosition(node, L.DomUtil.getPosition(node).add(L.point(shift[0], shift[1])));
    }
  };
  proto._syunikInside = true;
};
