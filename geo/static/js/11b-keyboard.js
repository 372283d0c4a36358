  /* ------------------------------------------------------------------ */
  /* Keyboard: features with popups, scrolling boxes, Escape             */
  /* ------------------------------------------------------------------ */

  // The route and the places (the panes marked focusable in
  // geo/data/panes.toml) are buttons in the tab order: Enter or Space opens
  // the feature's popup and moves the focus into it; Escape closes it and
  // returns the focus to the feature.
  var focusablePanes = {};
  (Array.isArray(data.panes) ? data.panes : []).forEach(function (pane) {
    if (pane && pane.focusable === true && typeof pane.name === 'string') {
      focusablePanes[PANE_PREFIX + pane.name] = true;
    }
  });
  var keyboardSource = null; // the feature whose popup the keyboard opened

  function featureName(layer) {
    var props = (layer.feature && layer.feature.properties) || {};
    var popup = props.popup && typeof props.popup === 'object' ? props.popup : {};
    return text(props.label || popup.title || props.tooltip || 'Map feature');
  }

  function bringIntoView(layer) {
    var view = map.getBounds().pad(-0.1);
    if (layer.getLatLng) {
      if (!view.contains(layer.getLatLng())) {
        map.panTo(layer.getLatLng());
      }
    } else if (layer.getBounds && !view.intersects(layer.getBounds())) {
      map.panTo(layer.getBounds().getCenter());
    }
  }

  function openFromKeyboard(layer) {
    if (!layer.getPopup() || measure.mode) {
      return;
    }
    keyboardSource = layer;
    layer.openPopup();
  }

  function makeFocusable(layer) {
    var path = layer._path;
    if (!path || path.getAttribute('tabindex') === '0') {
      return;
    }
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', featureName(layer) + ': details');
    path.setAttribute('aria-haspopup', 'dialog');
    path.classList.add('keyboard-feature');
    L.DomEvent.on(path, 'keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar') {
        L.DomEvent.stop(ev);
        openFromKeyboard(layer);
      }
    });
    L.DomEvent.on(path, 'focus', function () {
      bringIntoView(layer);
    });
  }

  Object.keys(leafletLayers).forEach(function (id) {
    leafletLayers[id].eachLayer(function (layer) {
      if (!layer.getPopup || !layer.options || !focusablePanes[layer.options.pane]) {
        return;
      }
      // A layer switched off and on gets a new SVG element: decorate it again.
      layer.on('add', function () {
        makeFocusable(layer);
      });
      makeFocusable(layer);
    });
  });

  map.on('popupopen', function (e) {
    var node = e.popup.getElement();
    if (!node) {
      return;
    }
    node.setAttribute('role', 'dialog');
    var title = node.querySelector('.feature-popup-title');
    if (title) {
      title.id = title.id || 'popup-title';
      node.setAttribute('aria-labelledby', title.id);
    } else {
      node.setAttribute('aria-label', 'Details');
    }
    var content = node.querySelector('.leaflet-popup-content');
    if (keyboardSource && e.popup._source === keyboardSource && content) {
      content.setAttribute('tabindex', '-1');
      content.focus({preventScroll: true});
    }
  });

  map.on('popupclose', function (e) {
    var source = e.popup._source;
    if (source && source === keyboardSource) {
      keyboardSource = null;
      var node = e.popup.getElement();
      var active = document.activeElement;
      if (source._path && (!active || active === document.body || (node && node.contains(active)))) {
        source._path.focus({preventScroll: true});
      }
    }
  });

  // Escape closes an open popup (Leaflet does so only while the map itself
  // has the focus) and an expanded layer list, and gives the focus back.
  container.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape' && ev.key !== 'Esc') {
      return;
    }
    var active = document.activeElement;
    var popupNode = active && active.closest ? active.closest('.leaflet-popup') : null;
    if (popupNode) {
      ev.preventDefault();
      map.closePopup();
      return;
    }
    var control = layerControl.getContainer();
    if (control.contains(active) && control.classList.contains('leaflet-control-layers-expanded') &&
        layerControl.options.collapsed) {
      ev.preventDefault();
      layerControl.collapse();
      var toggle = control.querySelector('.leaflet-control-layers-toggle');
      if (toggle) {
        toggle.focus();
      }
    }
  });

  // Boxes that scroll must be reachable by keyboard to be scrolled.
  [
    [panelBody, 'Information panel text'],
    [legendBody, 'Legend entries']
  ].forEach(function (item) {
    item[0].setAttribute('tabindex', '0');
    item[0].setAttribute('role', 'region');
    item[0].setAttribute('aria-label', item[1]);
  });

  // The layer list's toggle says whether the list is open.
  (function layerToggleState() {
    var control = layerControl.getContainer();
    var toggle = control.querySelector('.leaflet-control-layers-toggle');
    if (!toggle || !window.MutationObserver) {
      return;
    }
    var sync = function () {
      toggle.setAttribute('aria-expanded',
        String(control.classList.contains('leaflet-control-layers-expanded')));
    };
    new MutationObserver(sync).observe(control, {attributes: true, attributeFilter: ['class']});
    sync();
  })();

  // The controls come before the map's features in the tab order (they are
  // drawn over the map wherever they sit in the page), right after the panel.
  (function controlsFirst() {
    var controls = container.querySelector('.leaflet-control-container');
    var mapPane = map.getPane('mapPane');
    if (controls && mapPane && mapPane.parentNode === container) {
      container.insertBefore(controls, mapPane);
    }
  })();
