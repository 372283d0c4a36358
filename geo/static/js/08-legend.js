  /* ------------------------------------------------------------------ */
  /* Legend (bottom right)                                               */
  /* ------------------------------------------------------------------ */

  function legendSwatch(entry, geometry, layerStyle) {
    var svg = svgEl('svg', {
      width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true',
      focusable: 'false', 'class': 'legend-swatch'
    });
    var color = safeColor(entry.color) || layerStyle.color || '#555555';
    var fill = entry.fill === null ? null : (safeColor(entry.fill) || null);
    var dash = safeDash(entry.dash);
    var weight = Math.max(1, Math.min(layerStyle.weight || 2, 4));
    var shape;
    if (geometry === 'polygon') {
      var fillOpacity = typeof layerStyle.fillOpacity === 'number' ? layerStyle.fillOpacity : 0.35;
      shape = svgEl('rect', {
        x: 2.5, y: 2.5, width: 23, height: 13, rx: 1.5,
        fill: fill || 'none', 'fill-opacity': Math.max(0.25, Math.min(1, fillOpacity)),
        stroke: color, 'stroke-width': Math.min(weight, 2.5)
      });
    } else if (geometry === 'point') {
      shape = svgEl('circle', {
        cx: 14, cy: 9, r: 5.5, fill: fill || color,
        stroke: color, 'stroke-width': 1.5
      });
    } else {
      shape = svgEl('line', {
        x1: 2, y1: 9, x2: 26, y2: 9, stroke: color,
        'stroke-width': Math.max(2, weight), 'stroke-linecap': dash ? 'butt' : 'round'
      });
    }
    if (dash) {
      shape.setAttribute('stroke-dasharray', dash);
    }
    svg.appendChild(shape);
    return svg;
  }

  function normaliseGeometry(value) {
    var v = text(value).toLowerCase();
    if (/poly/.test(v)) { return 'polygon'; }
    if (/point/.test(v)) { return 'point'; }
    return 'line';
  }

  var legendBox = el('div', {id: 'legend', 'class': 'leaflet-control legend'});
  var legendDetails = el('details', {'class': 'legend-details'});
  legendDetails.open = !isNarrow();
  var legendSummary = el('summary', {'class': 'legend-summary'}, 'Legend');
  var legendBody = el('div', {'class': 'legend-body'});
  var legendEmpty = el('p', {'class': 'legend-empty'}, 'No layers are switched on.');
  legendDetails.appendChild(legendSummary);
  legendDetails.appendChild(legendBody);
  legendBox.appendChild(legendDetails);
  legendBox.classList.toggle('is-open', legendDetails.open);
  legendDetails.addEventListener('toggle', function () {
    legendBox.classList.toggle('is-open', legendDetails.open);
  });

  var legendGroups = [];
  // Legend groups in the layer control's order (the route first), then any
  // other layer top-most first.
  var legendOrder = [];
  (Array.isArray(data.controls) ? data.controls : []).forEach(function (control) {
    (control && Array.isArray(control.layers) ? control.layers : []).forEach(function (id) {
      if (Object.prototype.hasOwnProperty.call(leafletLayers, id) && legendOrder.indexOf(id) < 0) {
        legendOrder.push(id);
      }
    });
  });
  Object.keys(leafletLayers).reverse().forEach(function (id) {
    if (legendOrder.indexOf(id) < 0) {
      legendOrder.push(id);
    }
  });
  legendOrder.forEach(function (id) {
    var geo = leafletLayers[id];
    var def = layerDefById[id];
    var layerStyle = pickStyle(def.style);
    var layerGeometry = normaliseGeometry(def.geometry);
    var entries = Array.isArray(def.legend) && def.legend.length ? def.legend : [{
      label: layerTitle(def, id), color: layerStyle.color, fill: layerStyle.fillColor || layerStyle.color,
      dash: layerStyle.dashArray, geometry: layerGeometry
    }];
    var title = layerTitle(def, id);
    var group = el('div', {'class': 'legend-group'});
    var single = entries.length === 1;
    if (!single) {
      group.appendChild(el('div', {'class': 'legend-layer-title'}, title));
    }
    var ul = el('ul', {'class': 'legend-list'});
    entries.forEach(function (entry) {
      if (!entry || typeof entry !== 'object') {
        return;
      }
      var li = el('li', {'class': 'legend-item'});
      li.appendChild(legendSwatch(entry,
        entry.geometry ? normaliseGeometry(entry.geometry) : layerGeometry, layerStyle));
      li.appendChild(el('span', {'class': 'legend-label'}, text(entry.label || title)));
      if (single && text(entry.label) && text(entry.label) !== title) {
        li.title = title;
      }
      ul.appendChild(li);
    });
    group.appendChild(ul);
    legendBody.appendChild(group);
    legendGroups.push({group: group, layer: geo});
    geo.on('add remove', updateLegend);
  });
  legendBody.appendChild(legendEmpty);

  function updateLegend() {
    var shown = 0;
    legendGroups.forEach(function (g) {
      var on = map.hasLayer(g.layer);
      g.group.hidden = !on;
      shown += on ? 1 : 0;
    });
    legendEmpty.hidden = shown > 0;
  }
  updateLegend();

  var LegendControl = L.Control.extend({
    options: {position: 'bottomright'},
    onAdd: function () {
      isolate(legendBox);
      return legendBox;
    }
  });
  new LegendControl().addTo(map);

