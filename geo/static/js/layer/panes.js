/*
 * Drawing order: one pane per layer, at a fixed depth.
 *
 * data.panes lists the panes bottom first with their CSS z-index
 * (geo/data/panes.toml); each layer names its pane and a feature may name
 * another (the corridor's band and centreline).  Every pane has its own SVG
 * renderer: a layer switched off and on again is redrawn at its own depth,
 * never on top of the others.  SVG, not canvas: stacked canvases would each
 * swallow the pointer events meant for the panes below, while Leaflet's SVG
 * roots let them through, and SVG shapes can take keyboard focus.
 *
 * L.Syunik.drawOrder(map, data.panes) returns the panes' API.
 */
L.Syunik.drawOrder = function (map, panes) {
  var PREFIX = 'draw-';
  var zIndex = {};
  var focusable = {};
  (Array.isArray(panes) ? panes : []).forEach(function (pane) {
    if (pane && typeof pane.name === 'string' && /^[a-z][a-z0-9-]{0,30}$/.test(pane.name) &&
        typeof pane.z_index === 'number' && isFinite(pane.z_index)) {
      zIndex[pane.name] = Math.round(pane.z_index);
      if (pane.focusable === true) {
        focusable[PREFIX + pane.name] = true;
      }
    }
  });
  var renderers = {};

  function has(name) {
    return typeof name === 'string' && Object.prototype.hasOwnProperty.call(zIndex, name);
  }

  // The Leaflet pane name of a pane of the drawing order, creating the pane
  // on first use; 'overlayPane' for an unknown name.
  function pane(name) {
    if (!has(name)) {
      return 'overlayPane';
    }
    var paneName = PREFIX + name;
    if (!map.getPane(paneName)) {
      var node = map.createPane(paneName);
      node.style.zIndex = String(zIndex[name]);
      node.setAttribute('data-draw-pane', name);
    }
    return paneName;
  }

  // Leaflet path options that put a feature of layer `def` into its pane.
  function options(def, feature) {
    var props = (feature && feature.properties) || {};
    var paneName = pane(typeof props.pane === 'string' ? props.pane : def.pane);
    if (!renderers[paneName]) {
      renderers[paneName] = L.svg({pane: paneName});
    }
    return {pane: paneName, renderer: renderers[paneName]};
  }

  // The pane for names drawn as text on the map (above every shape).
  function labelPane() {
    return has('labels') ? pane('labels') : 'tooltipPane';
  }

  return {
    pane: pane, options: options, labelPane: labelPane,
    isFocusable: function (paneName) { return focusable[paneName] === true; }
  };
};
