  /* ------------------------------------------------------------------ */
  /* Names on the map: the route, countries, the Aras and places          */
  /* ------------------------------------------------------------------ */

  // Every name is text in the page (a Leaflet marker with a DOM icon), never
  // painted.  After each zoom, move, resize or layer switch the names are
  // placed again, most important first: each tries its sides in turn and takes
  // the first where it overlaps no name already placed, no town's dot and no
  // control; a name with no free side is hidden until there is room.

  var LABEL_GAP_PX = 2;
  var LABEL_KIND_ORDER = {route: 0, place0: 1, place1: 2, water: 3, country: 4, place2: 5};
  var namePane = typeof labelPane === 'function' ? labelPane() : 'glance-labels';
  if (!map.getPane(namePane)) {
    map.createPane(namePane).style.zIndex = '640';
  }
  map.getPane(namePane).classList.add('map-labels-pane');

  var labelStyle = data.label_style && typeof data.label_style === 'object' ? data.label_style : {};
  var labelZooms = Array.isArray(labelStyle.place_rank_min_zoom) &&
    labelStyle.place_rank_min_zoom.length === 3 ? labelStyle.place_rank_min_zoom.map(Number) : [0, 7.5, 9.5];
  var mapLabels = [];
  var labelDots = []; // place markers, which names must not cover

  function addMapLabel(spec) {
    var node = el('span', {'class': 'map-label map-label-' + spec.kind + (spec.extraClass || '')},
      spec.text);
    var color = safeColor(labelStyle[spec.kind + '_color']);
    if (color) {
      node.style.color = color;
    }
    if (spec.kind === 'route' && safeColor(labelStyle.route_frame)) {
      node.style.borderColor = safeColor(labelStyle.route_frame);
    }
    var anchor = el('div', {'class': 'map-label-anchor'});
    anchor.appendChild(node);
    var marker = L.marker(spec.latlng, {
      icon: L.divIcon({className: 'map-label-icon', html: anchor, iconSize: [0, 0]}),
      interactive: false, keyboard: false, pane: namePane
    });
    spec.node = node;
    spec.marker = marker;
    mapLabels.push(spec);
    return spec;
  }

  // Route, countries and the Aras (geo/data/labels.csv).
  (Array.isArray(data.labels) ? data.labels : []).forEach(function (label) {
    if (!label || typeof label.text !== 'string' || !isFinite(label.lat) || !isFinite(label.lon)) {
      return;
    }
    addMapLabel({
      text: label.text, kind: ['route', 'country', 'water'].indexOf(label.kind) >= 0 ? label.kind : 'country',
      latlng: L.latLng(label.lat, label.lon), layer: text(label.layer),
      minZoom: Number(label.min_zoom) || 0, maxZoom: isFinite(label.max_zoom) ? Number(label.max_zoom) : 99,
      order: LABEL_KIND_ORDER[label.kind] !== undefined ? LABEL_KIND_ORDER[label.kind] : 4,
      // a side may name its own gap in px after a colon (further from the line)
      sides: label.kind === 'route' ? ['below', 'below:30', 'below:54', 'below:80', 'above', 'above:30', 'above:54',
        'aboveLeft', 'aboveRight', 'belowLeft', 'belowRight', 'above:80']
        : label.kind === 'water' ? ['below', 'above', 'belowLeft', 'belowRight']
          : ['centre', 'up', 'down', 'shiftLeft', 'shiftRight', 'upLeft', 'upRight', 'downLeft', 'downRight'],
      gap: label.kind === 'route' ? 10 : 6
    });
  });

  // Place names: the places layer's permanent labels become placed names; a
  // place whose name has no room is still named on hover.
  Object.keys(leafletLayers).forEach(function (id) {
    leafletLayers[id].eachLayer(function (layer) {
      var props = (layer.feature && layer.feature.properties) || {};
      if (!layer.getLatLng || !isPointFeature(layer.feature)) {
        return;
      }
      var radius = (layer.options && layer.options.radius) || 5;
      labelDots.push({layer: layer, radius: radius, group: id});
      if (typeof props.label !== 'string' || props.label === '') {
        return;
      }
      var tip = layer.getTooltip && layer.getTooltip();
      if (tip && tip.options.permanent) {
        layer.unbindTooltip();
      }
      layer.bindTooltip(function () {
        return el('span', {'class': 'feature-tooltip'}, text(props.label));
      }, {direction: 'top', offset: [0, -(radius + 2)]});
      var rank = [0, 1, 2].indexOf(props.label_rank) >= 0 ? props.label_rank : 2;
      addMapLabel({
        text: props.label, kind: 'place', extraClass: ' rank-' + rank,
        latlng: layer.getLatLng(), layer: id, minZoom: labelZooms[rank], maxZoom: 99,
        order: LABEL_KIND_ORDER['place' + rank],
        sides: ['right', 'left', 'above', 'below', 'aboveRight', 'belowRight', 'aboveLeft', 'belowLeft'],
        gap: radius + 3
      });
    });
  });

  // Stable order: kind first, then file order.
  mapLabels.forEach(function (label, index) {
    label.index = index;
  });
  mapLabels.sort(function (a, b) {
    return a.order - b.order || a.index - b.index;
  });
  var labelGroup = L.layerGroup(mapLabels.map(function (label) { return label.marker; })).addTo(map);

  // The route line drawn on a halo, below it in its own pane.
  Object.keys(leafletLayers).forEach(function (id) {
    var geo = leafletLayers[id];
    geo.eachLayer(function (layer) {
      var st = layer.feature && layer.feature.properties && layer.feature.properties.style;
      var haloColor = st && safeColor(st.halo_color);
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

  // Offsets of a name's top-left corner from its anchor, per side.
  function sideOffset(sideSpec, w, h, defaultGap) {
    var parts = sideSpec.split(':');
    var side = parts[0];
    var gap = parts.length > 1 ? Number(parts[1]) : defaultGap;
    switch (side) {
      case 'right': return [gap, -h / 2];
      case 'left': return [-gap - w, -h / 2];
      case 'above': return [-w / 2, -gap - h];
      case 'below': return [-w / 2, gap];
      case 'aboveRight': return [gap * 0.7, -gap * 0.7 - h];
      case 'belowRight': return [gap * 0.7, gap * 0.7];
      case 'aboveLeft': return [-gap * 0.7 - w, -gap * 0.7 - h];
      case 'belowLeft': return [-gap * 0.7 - w, gap * 0.7];
      case 'up': return [-w / 2, -h / 2 - h];
      case 'down': return [-w / 2, h / 2];
      case 'shiftLeft': return [-w * 0.85, -h / 2];
      case 'shiftRight': return [-w * 0.15, -h / 2];
      case 'upLeft': return [-w * 0.85, -h / 2 - h];
      case 'upRight': return [-w * 0.15, -h / 2 - h];
      case 'downLeft': return [-w * 0.85, h / 2];
      case 'downRight': return [-w * 0.15, h / 2];
      default: return [-w / 2, -h / 2]; // centre
    }
  }

  // How far to move a box starting at `start` (length `length`) to bring it
  // inside [0, limit] with a margin, by at most half its length.
  function slide(start, length, limit) {
    var margin = LABEL_GAP_PX + 2;
    var shift = start < margin ? margin - start
      : start + length > limit - margin ? limit - margin - start - length : 0;
    return Math.abs(shift) <= length / 2 ? shift : 0;
  }

  function boxesOverlap(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  // Rectangles of the controls and the open panel, in map container pixels.
  function controlBoxes() {
    var origin = container.getBoundingClientRect();
    var nodes = container.querySelectorAll('.leaflet-control, .panel.is-open, .map-title');
    var boxes = [];
    Array.prototype.forEach.call(nodes, function (node) {
      var r = node.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && node.offsetParent !== null) {
        boxes.push({x0: r.left - origin.left, y0: r.top - origin.top,
          x1: r.right - origin.left, y1: r.bottom - origin.top});
      }
    });
    return boxes;
  }

  // Points every few pixels along the line features of a layer (container px).
  function routeLinePoints(layerId) {
    var points = [];
    var geo = leafletLayers[layerId];
    if (!geo) {
      return points;
    }
    geo.eachLayer(function (layer) {
      if (!layer.feature || !layer.getLatLngs || layer instanceof L.Polygon) {
        return;
      }
      var flat = L.LineUtil.isFlat(layer.getLatLngs()) ? [layer.getLatLngs()] : layer.getLatLngs();
      flat.forEach(function (part) {
        var last = null;
        part.forEach(function (latlng) {
          var pt = map.latLngToContainerPoint(latlng);
          if (last) {
            var steps = Math.min(50, Math.ceil(last.distanceTo(pt) / 6));
            for (var k = 1; k < steps; k += 1) {
              points.push(last.add(pt.subtract(last).multiplyBy(k / steps)));
            }
          }
          points.push(pt);
          last = pt;
        });
      });
    });
    return points;
  }

  // Placing is cheap but reads the layout: at most once per frame, however
  // many events ask for it.
  var placeFrame = 0;
  function schedulePlaceLabels() {
    if (!placeFrame) {
      placeFrame = window.requestAnimationFrame(function () {
        placeFrame = 0;
        placeLabels();
      });
    }
  }

  function placeLabels() {
    if (placeFrame) {
      window.cancelAnimationFrame(placeFrame);
      placeFrame = 0;
    }
    if (!map._loaded) {
      return;
    }
    var zoom = map.getZoom();
    var size = map.getSize();
    var candidates = mapLabels.filter(function (label) {
      var on = !label.layer || !leafletLayers[label.layer] || map.hasLayer(leafletLayers[label.layer]);
      var show = on && zoom >= label.minZoom - 1e-9 && zoom < label.maxZoom;
      label.node.classList.toggle('is-hidden', !show);
      return show;
    });
    // read every size in one pass, then write
    candidates.forEach(function (label) {
      if (!label.w) { // a name's size never changes: measure it once
        label.w = label.node.offsetWidth;
        label.h = label.node.offsetHeight;
      }
      label.at = map.latLngToContainerPoint(label.latlng);
    });
    var placed = controlBoxes();
    var dots = labelDots.filter(function (dot) {
      return map.hasLayer(dot.layer);
    }).map(function (dot) {
      var p = map.latLngToContainerPoint(dot.layer.getLatLng());
      var r = dot.radius + 1;
      return {layer: dot.layer, box: {x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r}};
    });
    candidates.forEach(function (label) {
      var chosen = null;
      var outside = label.at.x < -label.w || label.at.y < -label.h ||
        label.at.x > size.x + label.w || label.at.y > size.y + label.h;
      // the route's own label keeps off the route where it can (first pass)
      var line = label.kind === 'route' ? routeLinePoints(label.layer) : [];
      for (var pass = line.length ? 0 : 1; pass < 2 && !chosen && !outside; pass += 1) {
        for (var i = 0; i < label.sides.length && !chosen; i += 1) {
          var off = sideOffset(label.sides[i], label.w, label.h, label.gap);
          if (label.kind !== 'place') {
            // names of areas, rivers and the route may slide inside the map
            off = [off[0] + slide(label.at.x + off[0], label.w, size.x),
              off[1] + slide(label.at.y + off[1], label.h, size.y)];
          }
          var box = {
            x0: label.at.x + off[0] - LABEL_GAP_PX, y0: label.at.y + off[1] - LABEL_GAP_PX,
            x1: label.at.x + off[0] + label.w + LABEL_GAP_PX, y1: label.at.y + off[1] + label.h + LABEL_GAP_PX
          };
          var inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= size.x && box.y1 <= size.y;
          var free = inside && !placed.some(function (other) { return boxesOverlap(box, other); }) &&
            !dots.some(function (dot) { return dot.layer !== label.dotLayer && boxesOverlap(box, dot.box); }) &&
            (pass > 0 || !line.some(function (pt) {
              return pt.x > box.x0 && pt.x < box.x1 && pt.y > box.y0 && pt.y < box.y1;
            }));
          if (free) {
            chosen = {side: label.sides[i], off: off, box: box};
          }
        }
      }
      label.node.classList.toggle('is-hidden', !chosen);
      if (chosen) {
        placed.push(chosen.box);
        label.node.style.left = Math.round(chosen.off[0]) + 'px';
        label.node.style.top = Math.round(chosen.off[1]) + 'px';
        label.node.setAttribute('data-side', chosen.side);
      }
    });
    container.setAttribute('data-labels-zoom', String(zoom));
  }

  // a place's own dot never blocks its own name
  mapLabels.forEach(function (label) {
    if (label.kind === 'place') {
      labelDots.forEach(function (dot) {
        if (dot.layer.getLatLng().equals(label.latlng) && dot.layer.feature &&
            dot.layer.feature.properties.label === label.text) {
          label.dotLayer = dot.layer;
        }
      });
    }
  });

  map.on('zoomend moveend resize overlayadd overlayremove viewreset', schedulePlaceLabels);
  Object.keys(leafletLayers).forEach(function (id) {
    leafletLayers[id].on('add remove', function () {
      if (map._loaded) {
        schedulePlaceLabels();
      }
    });
  });
