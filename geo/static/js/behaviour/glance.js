/*
 * Reading at a glance: a one-line title over the map (shown whenever the side
 * panel is not open beside it, always on phones), translucent fills over an
 * online base map, and a notice when tiles need a connection or fail.
 *
 * L.Syunik.glance(ctx).
 */
L.Syunik.glance = function (ctx) {
  var Dom = L.Syunik.Dom;
  var map = ctx.map;
  var container = ctx.container;
  var data = ctx.data;
  var layers = ctx.layers;
  var onlineBases = ctx.layerControl.onlineBases;

  var titleBar = Dom.el('h1', {'class': 'map-title', dir: ctx.i18n.dir}, Dom.text(ctx.title));
  container.appendChild(titleBar);
  Dom.isolate(titleBar);
  // A title longer than its box (a translation on a phone) is set a little smaller,
  // down to 10 px, rather than cut; the stylesheet's size is the first try.
  function fitTitle() {
    titleBar.style.fontSize = '';
    var size = parseFloat(window.getComputedStyle(titleBar).fontSize) || 14;
    while (titleBar.scrollWidth > titleBar.clientWidth && size > 10) {
      size -= 1;
      titleBar.style.fontSize = size + 'px';
    }
  }
  fitTitle();
  map.on('resize', fitTitle);
  // popups pan clear of it
  L.Syunik.Popup.refresh(ctx);

  // Over an online base map the fills turn translucent so it shows through.
  var online = data.online && typeof data.online === 'object' ? data.online : {};
  var onlineFill = typeof online.fill_opacity === 'number' && isFinite(online.fill_opacity)
    ? Math.max(0, Math.min(1, online.fill_opacity)) : 0.25;
  var onlineBaseOn = false;
  Object.keys(layers).forEach(function (id) {
    var geo = layers[id];
    var ownStyle = geo.options.style;
    if (typeof ownStyle !== 'function') {
      return;
    }
    geo.options.style = function (feature) {
      var st = ownStyle(feature);
      if (onlineBaseOn && st && st.fill !== false && typeof st.fillOpacity === 'number') {
        st.fillOpacity = Math.min(st.fillOpacity, onlineFill);
      }
      return st;
    };
  });

  // Tiles need a connection: say so, and say when they fail.
  var notice = Dom.el('div', {'class': 'tile-notice', role: 'status', 'aria-live': 'polite', hidden: true});
  container.appendChild(notice);
  Dom.isolate(notice);
  var failures = 0;
  function show(message) {
    notice.textContent = message;
    notice.hidden = !message;
  }
  onlineBases.forEach(function (tiles) {
    tiles.on('tileerror', function () {
      failures += 1;
      if (failures === 1 || notice.hidden) {
        show(ctx.t('ui.notice.tiles_failed'));
      }
    });
    tiles.on('tileload', function () {
      failures = 0;
      show('');
    });
  });
  map.on('baselayerchange', function (e) {
    onlineBaseOn = onlineBases.indexOf(e.layer) >= 0;
    failures = 0;
    container.classList.toggle('has-online-base', onlineBaseOn);
    show(onlineBaseOn && navigator.onLine === false
      ? ctx.t('ui.notice.offline') : '');
    Object.keys(layers).forEach(function (id) {
      if (layers[id].resetStyle) {
        layers[id].resetStyle();
      }
    });
  });
};
