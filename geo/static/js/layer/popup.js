/*
 * A feature's popup: one plain sentence and the one number that matters up
 * front; method, projection, source and licence behind "Details".  Built from
 * the data with textContent only.  Shared with the folium face
 * (geo/face/foliummap.py), so both show the same popup.
 */
L.Syunik.Popup = (function () {
  var Dom = L.Syunik.Dom;

  function plain(value) {
    return Dom.text(value);
  }

  // Label/value pairs as a definition list: two columns on wide screens,
  // stacked on phones (layer/popup.css).  `text` writes a label or value
  // (core/text.js: catalogue keys in the reader's language); plain data
  // when not given (the folium face's popups are written in Python).
  function list(rows, className, text) {
    text = text || plain;
    var node = Dom.el('dl', {'class': className});
    (Array.isArray(rows) ? rows : []).forEach(function (row) {
      var label, value;
      if (Array.isArray(row)) {
        label = row[0];
        value = row[1];
      } else if (row && typeof row === 'object') {
        label = row.label;
        value = row.value;
      } else {
        return;
      }
      var item = Dom.el('div', {'class': 'feature-popup-row'});
      var shown = value === null || value === undefined ? '' : text(value);
      item.appendChild(Dom.el('dt', null, text(label)));
      item.appendChild(Dom.el('dd', null, shown === '' ? '\u2014' : shown));
      node.appendChild(item);
    });
    return node;
  }

  // The popup's DOM; onToggle runs when Details opens or closes; `details`
  // names the toggle (the reader's language's word); `text` as for list().
  // The title is the name in the reader's language (popup.name) where the
  // data has one, else the name as data (popup.title).
  function build(popup, onToggle, detailsLabel, text) {
    text = text || plain;
    var root = Dom.el('div', {'class': 'feature-popup'});
    var title = popup.name !== undefined && popup.name !== null ? text(popup.name) : '';
    title = title || (popup.title === undefined || popup.title === null ? '' : Dom.text(popup.title));
    if (title !== '') {
      root.appendChild(Dom.el('strong', {'class': 'feature-popup-title'}, title));
    }
    var lead = popup.lead ? text(popup.lead) : '';
    if (lead) {
      root.appendChild(Dom.el('p', {'class': 'feature-popup-lead'}, lead));
    }
    if (Array.isArray(popup.figure) && popup.figure.length === 2) {
      var figure = Dom.el('p', {'class': 'feature-popup-figure'});
      figure.appendChild(Dom.el('span', {'class': 'feature-popup-figure-label'}, text(popup.figure[0]) + ': '));
      figure.appendChild(Dom.el('strong', {'class': 'feature-popup-figure-value'}, text(popup.figure[1])));
      root.appendChild(figure);
    }
    if (Array.isArray(popup.rows) && popup.rows.length) {
      root.appendChild(list(popup.rows, 'feature-popup-rows', text));
    }
    if (Array.isArray(popup.details) && popup.details.length) {
      var details = Dom.el('details', {'class': 'feature-popup-details'});
      details.appendChild(Dom.el('summary', null, detailsLabel));
      details.appendChild(list(popup.details, 'feature-popup-rows', text));
      details.addEventListener('toggle', onToggle);
      root.appendChild(details);
    }
    return root;
  }

  // A content function for layer.bindPopup(): a new popup each time it
  // opens; when Details opens or closes, the same one re-measured (height
  // cap, scroll bar) and panned on screen with popup.update().
  function content(popup, detailsLabel, text) {
    var node = null;
    var keep = false;
    return function (source) {
      if (!keep || !node) {
        node = build(popup, function () {
          var open = source && source.getPopup ? source.getPopup() : null;
          if (!open || !open.isOpen() || !node) {
            return;
          }
          var active = document.activeElement;
          keep = true;
          open.update();
          keep = false;
          if (active && active !== document.activeElement && node.contains(active)) {
            active.focus({preventScroll: true});
          }
        }, detailsLabel, text);
      }
      return node;
    };
  }

  // Popup options for the screen and the side panel: popups are auto-panned
  // clear of the panel, of the left-hand buttons and of the title bar.
  function options(ctx) {
    var narrow = ctx.isNarrow();
    var left = narrow ? 66 : 60;
    if (!narrow && ctx.panel && ctx.panel.isOpen()) {
      left += ctx.panel.width();
    }
    var top = 16;
    var mapTop = ctx.container.getBoundingClientRect().top;
    // below the title bar; on a phone also below the language menu and the
    // story's button, which share the popup's width in the other top corner
    var above = narrow ? '.map-title, .language-menu, .story-toggle' : '.map-title';
    Array.prototype.forEach.call(ctx.container.querySelectorAll(above), function (node) {
      if (node.offsetParent !== null) {
        top = Math.max(top, node.getBoundingClientRect().bottom - mapTop + 8);
      }
    });
    // the panel and the buttons are on the right in a right-to-left language
    var rtl = ctx.i18n && ctx.i18n.dir === 'rtl';
    return {
      maxWidth: narrow ? Math.max(200, Math.min(340, window.innerWidth - 150)) : 340,
      minWidth: narrow ? 200 : 260,
      autoPanPaddingTopLeft: [rtl ? 16 : left, Math.round(top)],
      autoPanPaddingBottomRight: [rtl ? left : 16, 16],
      // at most 60 % of the map's height with the frame and tip (about 60 px)
      maxHeight: Math.max(160, Math.floor(ctx.map.getSize().y * 0.6) - 60),
      className: 'feature-popup-wrap'
    };
  }

  // Apply the current options to every bound popup (ctx.popupBindings).
  function refresh(ctx) {
    var opts = options(ctx);
    ctx.popupBindings.forEach(function (binding) {
      var popup = binding.layer.getPopup();
      if (popup) {
        L.setOptions(popup, opts);
      }
    });
  }

  // Unbind every popup while measuring; bind them again after.
  function setEnabled(ctx, enabled) {
    ctx.popupBindings.forEach(function (binding) {
      if (enabled) {
        if (!binding.layer.getPopup()) {
          binding.layer.bindPopup(binding.content, options(ctx));
        }
      } else {
        binding.layer.unbindPopup();
      }
    });
  }

  return {list: list, build: build, content: content, options: options, refresh: refresh,
    setEnabled: setEnabled};
}());
