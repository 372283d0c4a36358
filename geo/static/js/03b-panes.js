  /* ------------------------------------------------------------------ */
  /* Drawing order: one pane per layer, at a fixed depth                 */
  /* ------------------------------------------------------------------ */

  // data.panes lists the panes bottom first with their CSS z-index
  // (geo/data/panes.toml); each layer names its pane and a feature may name
  // another (the corridor's band and centreline).  Every pane has its own SVG
  // renderer: a layer switched off and on again is redrawn at its own depth,
  // never on top of the others.  SVG, not canvas: stacked canvases would each
  // swallow the pointer events meant for the panes below, while Leaflet's SVG
  // roots let them through, and SVG shapes can take keyboard focus.

  var PANE_PREFIX = 'draw-';
  var paneZ = {};
  (Array.isArray(data.panes) ? data.panes : []).forEach(function (pane) {
    if (pane && typeof pane.name === 'string' && /^[a-z][a-z0-9-]{0,30}$/.test(pane.name) &&
        typeof pane.z_index === 'number' && isFinite(pane.z_index)) {
      paneZ[pane.name] = Math.round(pane.z_index);
    }
  });
  var paneRenderers = {};

  // Return the Leaflet pane name of a pane of the drawing order, creating the
  // pane and its renderer on first use; 'overlayPane' for an unknown name.
  function drawPane(name) {
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(paneZ, name)) {
      return 'overlayPane';
    }
    var paneName = PANE_PREFIX + name;
    if (!map.getPane(paneName)) {
      var node = map.createPane(paneName);
      node.style.zIndex = String(paneZ[name]);
      node.setAttribute('data-draw-pane', name);
    }
    return paneName;
  }

  // Leaflet path options that put a feature of layer `def` into its pane.
  function drawOptions(def, feature) {
    var props = (feature && feature.properties) || {};
    var paneName = drawPane(typeof props.pane === 'string' ? props.pane : def.pane);
    if (!paneRenderers[paneName]) {
      paneRenderers[paneName] = L.svg({pane: paneName});
    }
    return {pane: paneName, renderer: paneRenderers[paneName]};
  }

  // The pane for names drawn as text on the map (above every shape).
  function labelPane() {
    return Object.prototype.hasOwnProperty.call(paneZ, 'labels') ? drawPane('labels') : 'tooltipPane';
  }
