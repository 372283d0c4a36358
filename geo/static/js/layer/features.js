/*
 * One layer of the data as an L.GeoJSON: styles from the data (validated),
 * each feature in its pane, popups, hover names and the hover highlight.
 *
 * L.Syunik.featureLayer(def, ctx): ctx gives drawOrder, popupBindings,
 * tools (no highlight while measuring).
 */
L.Syunik.featureLayer = function (def, ctx) {
  var Dom = L.Syunik.Dom;
  var Popup = L.Syunik.Popup;
  var baseStyle = L.Syunik.Style.pick(def.style);
  var styleCache = new WeakMap();

  var isPoint = L.Syunik.featureLayer.isPoint;

  // Layer style merged with the feature's own style (validated once).
  function featureStyle(feature) {
    if (!feature || typeof feature !== 'object') {
      return Object.assign({radius: 6}, baseStyle);
    }
    var cached = styleCache.get(feature);
    if (!cached) {
      var props = feature.properties || {};
      cached = Object.assign({radius: 6}, baseStyle, L.Syunik.Style.pick(props.style),
        ctx.drawOrder.options(def, feature));
      styleCache.set(feature, cached);
    }
    return Object.assign({}, cached);
  }

  var geo = L.geoJSON(def.geojson || null, {
    style: featureStyle,
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, featureStyle(feature));
    },
    onEachFeature: function (feature, layer) {
      var props = (feature && feature.properties) || {};
      // A place's name in the reader's language (names.csv, by the feature's id).
      if (typeof props.label === 'string' && props.name_id) {
        props.label = ctx.i18n.name(props.name_id, props.label);
      }
      // The hover name is a text (core/text.js): written once, in the reader's language.
      if (props.tooltip !== undefined && props.tooltip !== null && typeof props.tooltip === 'object') {
        props.tooltip = L.Syunik.Text.render(props.tooltip, ctx.i18n);
      }
      var point = isPoint(feature);
      var popup = props.popup && typeof props.popup === 'object' ? props.popup : null;
      if (popup) {
        var content = Popup.content(popup, ctx.t('ui.map.details'), L.Syunik.Text.renderer(ctx.i18n));
        layer.bindPopup(content, Popup.options(ctx));
        ctx.popupBindings.push({layer: layer, content: content});
      }
      var tip = props.tooltip !== undefined && props.tooltip !== null && props.tooltip !== ''
        ? props.tooltip : (popup && popup.title);
      if (point && typeof props.label === 'string' && props.label !== '') {
        // A permanent name label: rank 0 always, 1 from zoom 8, 2 from zoom 10
        // (layer/labels.js replaces it with a placed name).
        var rank = [0, 1, 2].indexOf(props.label_rank) >= 0 ? props.label_rank : 2;
        layer.bindTooltip(Dom.el('span', null, Dom.text(props.label)), {
          permanent: true, direction: 'right', opacity: 1, pane: ctx.drawOrder.labelPane(),
          offset: [(featureStyle(feature).radius || 5) + 2, 0],
          className: 'place-label rank-' + rank
        });
      } else if (tip !== undefined && tip !== null && tip !== '') {
        layer.bindTooltip(function () {
          return Dom.el('span', {'class': 'feature-tooltip'}, Dom.text(tip));
        }, point
          ? {direction: 'top', offset: [0, -((featureStyle(feature).radius || 6) + 2)]}
          : {sticky: true, direction: 'auto', offset: [12, 0]});
      }
      layer.on('popupopen', function () {
        layer.closeTooltip();
      });
      // hover highlight (restored with resetStyle)
      layer.on('mouseover', function () {
        if (ctx.tools && ctx.tools.isMeasuring()) {
          return;
        }
        var st = featureStyle(feature);
        if (point) {
          layer.setStyle({radius: (st.radius || 6) + 2, weight: (st.weight || 1) + 1});
        } else {
          layer.setStyle({weight: (st.weight || 2) + 2});
        }
      });
      layer.on('mouseout', function () {
        geo.resetStyle(layer);
      });
    }
  });
  return geo;
};

L.Syunik.featureLayer.isPoint = function (feature) {
  var type = feature && feature.geometry && feature.geometry.type;
  return type === 'Point' || type === 'MultiPoint';
};
