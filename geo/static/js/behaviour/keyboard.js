/*
 * Keyboard: features with popups, scrolling boxes, Escape.
 *
 * The features of the panes marked focusable in geo/data/panes.toml (the
 * route, the places, the user's own data) are buttons in the tab order:
 * Enter or Space opens the feature's popup and moves the focus into it;
 * Escape closes it and returns the focus to the feature.  Escape also
 * finishes a measurement, closes the panel on a phone, leaves the CSS full
 * screen and collapses the layer list.  L.Syunik.keyboard(ctx).
 */
L.Syunik.keyboard = function (ctx) {
  var Dom = L.Syunik.Dom;
  var map = ctx.map;
  var container = ctx.container;
  var tools = ctx.tools;
  var panel = ctx.panel;
  var layerControl = ctx.layerControl;
  // the feature whose popup the keyboard opened
  var source = null;

  function isEscape(ev) {
    return ev.key === 'Escape' || ev.key === 'Esc';
  }

  // The one Escape of the page, most specific first; Enter adds the point
  // under the crosshair and Backspace removes the last while measuring.
  L.DomEvent.on(document, 'keydown', function (e) {
    if (e.defaultPrevented) {
      return;
    }
    if (isEscape(e)) {
      if (tools.escape()) {
        e.preventDefault();
      } else if (panel.isOpen() && ctx.isNarrow()) {
        panel.setOpen(false);
        panel.focusToggle();
        e.preventDefault();
      } else if (tools.getFullscreen().exitFallback()) {
        e.preventDefault();
      }
      return;
    }
    if (tools.isMeasuring() && document.activeElement === container) {
      if (e.key === 'Enter') {
        tools.addPoint(map.getCenter());
        e.preventDefault();
      } else if (e.key === 'Backspace' || e.key === 'Delete') {
        tools.undo();
        e.preventDefault();
      }
    }
  });

  function featureName(layer) {
    var props = (layer.feature && layer.feature.properties) || {};
    var popup = props.popup && typeof props.popup === 'object' ? props.popup : {};
    return Dom.text(props.label || popup.title || props.tooltip || ctx.t('ui.map.feature'));
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
    if (!layer.getPopup() || tools.isMeasuring()) {
      return;
    }
    source = layer;
    layer.openPopup();
  }

  function makeFocusable(layer) {
    var path = layer.getElement();
    if (!path || path.getAttribute('tabindex') === '0') {
      return;
    }
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', ctx.t('ui.map.feature_details', {name: featureName(layer)}));
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

  // The popup the keyboard opened takes the focus; closed, it gives it back.
  function onOpen(e) {
    var node = e.popup.getElement();
    var content = node && node.querySelector('.leaflet-popup-content');
    if (source === this && content) {
      content.setAttribute('tabindex', '-1');
      content.focus({preventScroll: true});
    }
  }

  function onClose(e) {
    if (source !== this) {
      return;
    }
    source = null;
    var node = e.popup.getElement();
    var active = document.activeElement;
    var path = this.getElement();
    if (path && (!active || active === document.body || (node && node.contains(active)))) {
      path.focus({preventScroll: true});
    }
  }

  Object.keys(ctx.layers).forEach(function (id) {
    ctx.layers[id].eachLayer(function (layer) {
      if (!layer.getPopup || !layer.getElement || !layer.options ||
          !ctx.drawOrder.isFocusable(layer.options.pane)) {
        return;
      }
      // A layer switched off and on gets a new SVG element: decorate it again.
      layer.on('add', function () {
        makeFocusable(layer);
      });
      layer.on('popupopen', onOpen, layer);
      layer.on('popupclose', onClose, layer);
      makeFocusable(layer);
    });
  });

  // Every popup is a dialog named by its title.
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
      node.setAttribute('aria-label', ctx.t('ui.map.details'));
    }
  });

  // Escape closes an open popup (Leaflet does so only while the map itself
  // has the focus) and an expanded layer list, and gives the focus back.
  L.DomEvent.on(container, 'keydown', function (ev) {
    if (!isEscape(ev)) {
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
    [panel.getBody(), ctx.t('ui.panel.body')],
    [ctx.legend.getBody(), ctx.t('ui.legend.entries')]
  ].forEach(function (item) {
    item[0].setAttribute('tabindex', '0');
    item[0].setAttribute('role', 'region');
    item[0].setAttribute('aria-label', item[1]);
  });

  // The controls come before the map's features in the tab order (they are
  // drawn over the map wherever they sit in the page), right after the panel.
  var controls = container.querySelector('.leaflet-control-container');
  var mapPane = map.getPane('mapPane');
  if (controls && mapPane && mapPane.parentNode === container) {
    container.insertBefore(controls, mapPane);
  }
};
