/*
 * Names on the map: the route, countries, the Aras and places.
 *
 * Every name is text in the page (a Leaflet marker with a DOM icon), never
 * painted.  After each zoom, move, resize or layer switch the names are
 * placed again, most important first: each tries its sides in turn and takes
 * the first where it overlaps no name already placed, no town's dot and no
 * control (core/labelbox.js); a name with no free side is hidden until there
 * is room.
 *
 * L.Syunik.mapLabels(ctx) adds them and returns {place, schedule}.
 */
L.Syunik.mapLabels = function (ctx) {
  var Dom = L.Syunik.Dom;
  var Box = L.Syunik.LabelBox;
  var map = ctx.map;
  var data = ctx.data;
  var layers = ctx.layers;
  var KIND_ORDER = {route: 0, place0: 1, place1: 2, water: 3, country: 4, place2: 5};
  var namePane = ctx.drawOrder.labelPane();
  if (!map.getPane(namePane)) {
    map.createPane(namePane).style.zIndex = '640';
  }
  map.getPane(namePane).classList.add('map-labels-pane');

  var labelStyle = data.label_style && typeof data.label_style === 'object' ? data.label_style : {};
  var labelZooms = Array.isArray(labelStyle.place_rank_min_zoom) &&
    labelStyle.place_rank_min_zoom.length === 3 ? labelStyle.place_rank_min_zoom.map(Number) : [0, 7.5, 9.5];
  var labels = [];
  // place markers, which names must not cover
  var dots = [];
  var loaded = false;
  map.whenReady(function () {
    loaded = true;
  });

  function add(spec) {
    var node = Dom.el('span', {'class': 'map-label map-label-' + spec.kind + (spec.extraClass || '')},
      spec.text);
    var color = L.Syunik.Style.color(labelStyle[spec.kind + '_color']);
    if (color) {
      node.style.color = color;
    }
    if (spec.kind === 'route' && L.Syunik.Style.color(labelStyle.route_frame)) {
      node.style.borderColor = L.Syunik.Style.color(labelStyle.route_frame);
    }
    var anchor = Dom.el('div', {'class': 'map-label-anchor'});
    anchor.appendChild(node);
    spec.node = node;
    spec.marker = L.marker(spec.latlng, {
      icon: L.divIcon({className: 'map-label-icon', html: anchor, iconSize: [0, 0]}),
      interactive: false, keyboard: false, pane: namePane
    });
    labels.push(spec);
  }

  // Route, countries and the Aras (geo/data/labels.csv).
  (Array.isArray(data.labels) ? data.labels : []).forEach(function (label) {
    if (!label || typeof label.text !== 'string' || !isFinite(label.lat) || !isFinite(label.lon)) {
      return;
    }
    // In the reader's language: the catalogue's label.<id> (names.csv for the
    // countries and the Aras), filled with the label's values.
    var key = 'label.' + Dom.text(label.id);
    add({
      text: ctx.i18n.has(key) ? ctx.t(key, label.params || {}) : label.text, kind: ['route', 'country', 'water'].indexOf(label.kind) >= 0 ? label.kind : 'country',
      latlng: L.latLng(label.lat, label.lon), layer: Dom.text(label.layer),
      minZoom: Number(label.min_zoom) || 0, maxZoom: isFinite(label.max_zoom) ? Number(label.max_zoom) : 99,
      order: KIND_ORDER[label.kind] !== undefined ? KIND_ORDER[label.kind] : 4,
      firstView: label.first_view === true,
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
  Object.keys(layers).forEach(function (id) {
    layers[id].eachLayer(function (layer) {
      var props = (layer.feature && layer.feature.properties) || {};
      if (!layer.getLatLng || !L.Syunik.featureLayer.isPoint(layer.feature)) {
        return;
      }
      var radius = (layer.options && layer.options.radius) || 5;
      dots.push({layer: layer, radius: radius, group: id});
      if (typeof props.label !== 'string' || props.label === '') {
        return;
      }
      var tip = layer.getTooltip && layer.getTooltip();
      if (tip && tip.options.permanent) {
        layer.unbindTooltip();
      }
      layer.bindTooltip(function () {
        return Dom.el('span', {'class': 'feature-tooltip'}, Dom.text(props.label));
      }, {direction: 'top', offset: [0, -(radius + 2)]});
      var rank = [0, 1, 2].indexOf(props.label_rank) >= 0 ? props.label_rank : 2;
      add({
        text: props.label, kind: 'place', extraClass: ' rank-' + rank,
        latlng: layer.getLatLng(), layer: id, minZoom: labelZooms[rank], maxZoom: 99,
        order: KIND_ORDER['place' + rank],
        // a name reads away from its dot: after it in the reader's direction
        sides: ctx.i18n.dir === 'rtl'
          ? ['left', 'right', 'above', 'below', 'aboveLeft', 'belowLeft', 'aboveRight', 'belowRight']
          : ['right', 'left', 'above', 'below', 'aboveRight', 'belowRight', 'aboveLeft', 'belowLeft'],
        gap: radius + 3
      });
    });
  });

  // Stable order: kind first, then file order.
  labels.forEach(function (label, index) {
    label.index = index;
  });
  labels.sort(function (a, b) {
    return a.order - b.order || a.index - b.index;
  });
  L.layerGroup(labels.map(function (label) { return label.marker; })).addTo(map);

  // Rectangles of the controls and the open panel, in map container pixels.
  function controlBoxes() {
    var origin = ctx.container.getBoundingClientRect();
    var nodes = ctx.container.querySelectorAll('.leaflet-control, .panel.is-open, .map-title');
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
  function linePoints(layerId) {
    var points = [];
    var geo = layers[layerId];
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
  var frame = 0;
  function schedule() {
    if (!frame) {
      frame = window.requestAnimationFrame(function () {
        frame = 0;
        place();
      });
    }
  }

  function place() {
    if (frame) {
      window.cancelAnimationFrame(frame);
      frame = 0;
    }
    if (!loaded) {
      return;
    }
    var zoom = map.getZoom();
    var size = map.getSize();
    var candidates = labels.filter(function (label) {
      var on = !label.layer || !layers[label.layer] || map.hasLayer(layers[label.layer]);
      var show = on && zoom >= label.minZoom - 1e-9 && zoom < label.maxZoom;
      label.node.classList.toggle('is-hidden', !show);
      return show;
    });
    // read every size in one pass, then write
    candidates.forEach(function (label) {
      // a name's size never changes: measure it once
      if (!label.w) {
        label.w = label.node.offsetWidth;
        label.h = label.node.offsetHeight;
      }
      label.at = map.latLngToContainerPoint(label.latlng);
    });
    var placed = controlBoxes();
    var shownDots = dots.filter(function (dot) {
      return map.hasLayer(dot.layer);
    }).map(function (dot) {
      var p = map.latLngToContainerPoint(dot.layer.getLatLng());
      var r = dot.radius + 1;
      return {layer: dot.layer, box: {x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r}};
    });
    candidates.forEach(function (label) {
      // the route's own label keeps off the route where it can (first pass)
      var chosen = Box.choose(label, size, placed, shownDots,
        label.kind === 'route' ? linePoints(label.layer) : []);
      label.node.classList.toggle('is-hidden', !chosen);
      if (chosen) {
        placed.push(chosen.box);
        label.node.style.left = Math.round(chosen.off[0]) + 'px';
        label.node.style.top = Math.round(chosen.off[1]) + 'px';
        label.node.setAttribute('data-side', chosen.side);
      }
    });
    ctx.container.setAttribute('data-labels-zoom', String(zoom));
  }

  // a place's own dot never blocks its own name
  labels.forEach(function (label) {
    if (label.kind === 'place') {
      dots.forEach(function (dot) {
        if (dot.layer.getLatLng().equals(label.latlng) && dot.layer.feature &&
            dot.layer.feature.properties.label === label.text) {
          label.dotLayer = dot.layer;
        }
      });
    }
  });

  map.on('zoomend moveend resize overlayadd overlayremove viewreset', schedule);
  Object.keys(layers).forEach(function (id) {
    layers[id].on('add remove', function () {
      if (loaded) {
        schedule();
      }
    });
  });

  // The names of the first view (labels.csv first_view) that are due at this
  // zoom with their layer on, but found no room: their texts.
  function hiddenFirstView() {
    var zoom = map.getZoom();
    return labels.filter(function (label) {
      var on = !label.layer || !layers[label.layer] || map.hasLayer(layers[label.layer]);
      return label.firstView && on && zoom >= label.minZoom - 1e-9 && zoom < label.maxZoom &&
        label.node.classList.contains('is-hidden');
    }).map(function (label) { return label.node.textContent; });
  }

  return {place: place, schedule: schedule, hiddenFirstView: hiddenFirstView};
};
