/*
 * The page in a frame (an <iframe> in an article, from 320 x 400 px up):
 * the panel starts closed and opens as a drawer (behaviour/embed.css), and
 * the tools' column folds into two or more columns when it would run into
 * the scale and coordinates at the bottom-left corner (at any size, framed
 * or not: a short window has the same problem).
 *
 * The panel ends with "Embed": a copy-and-paste <iframe> in a responsive
 * wrapper, for the page's address and the fragment of the view and language
 * the reader has now (brought up to date each time the panel opens).
 *
 * L.Syunik.embed(ctx) returns {framed, layout, snippet}.
 * L.Syunik.embed.columns(count, buttonPx, availablePx) and
 * L.Syunik.embed.snippet(src, title) are pure (tests/js/embed.test.mjs).
 */
L.Syunik.embed = function (ctx) {
  var map = ctx.map;
  var container = ctx.container;
  var framed = L.Syunik.gestures.isFramed(window);
  var GAP_PX = 10;
  container.classList.toggle('is-framed', framed);
  if (framed && ctx.panel.isOpen()) {
    ctx.panel.setOpen(false, false);
  }

  function visibleBox(node) {
    var r = node.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && node.offsetParent !== null ? r : null;
  }

  function layout() {
    var bar = container.querySelector('.map-tools');
    if (!bar) {
      return;
    }
    bar.classList.remove('is-folded');
    bar.style.gridTemplateRows = '';
    var top = visibleBox(bar);
    if (!top) {
      return;
    }
    // the highest thing under the column: the bottom-left controls, and the
    // credits line where it reaches under the column (phones: full width)
    var floor = container.getBoundingClientRect().bottom;
    var nodes = container.querySelectorAll('.leaflet-bottom .leaflet-control');
    Array.prototype.forEach.call(nodes, function (node) {
      var r = visibleBox(node);
      if (r && r.left < top.right && r.right > top.left) {
        floor = Math.min(floor, r.top);
      }
    });
    var buttons = Array.prototype.filter.call(bar.children, function (node) {
      return visibleBox(node) !== null;
    });
    if (!buttons.length) {
      return;
    }
    var buttonPx = buttons[0].getBoundingClientRect().height;
    var columns = L.Syunik.embed.columns(buttons.length, buttonPx, floor - GAP_PX - top.top);
    if (columns > 1) {
      bar.classList.add('is-folded');
      bar.style.gridTemplateRows = 'repeat(' + Math.ceil(buttons.length / columns) + ', auto)';
    }
  }

  map.on('resize', layout);
  layout();

  // The panel's "Embed" section, last.
  var Dom = L.Syunik.Dom;
  var section = Dom.el('section', {'class': 'panel-section panel-embed', id: 'panel-embed'});
  section.appendChild(Dom.el('h3', null, ctx.t('ui.embed.heading')));
  section.appendChild(Dom.el('p', null, ctx.t('ui.embed.text')));
  var code = Dom.el('textarea', {'class': 'panel-embed-code', readonly: 'readonly', rows: '6',
    spellcheck: 'false', dir: 'ltr', 'aria-label': ctx.t('ui.embed.code')});
  section.appendChild(code);
  ctx.panel.getBody().appendChild(section);
  function address() {
    var loc = window.location;
    var page = /^https?:$/.test(loc.protocol) ? loc.origin + loc.pathname : 'syunik_route.html';
    var hash = loc.hash && loc.hash.length > 1 ? loc.hash : '#lang=' + ctx.i18n.lang;
    return page + hash;
  }
  function snippet() {
    code.value = L.Syunik.embed.snippet(address(), ctx.t('ui.page.map_aria', {title: ctx.title}));
    return code.value;
  }
  map.on('infopaneltoggle', snippet);
  code.addEventListener('focus', function () {
    snippet();
    code.select();
  });
  snippet();
  return {framed: framed, layout: layout, snippet: snippet};
};

// The embed code: a wrapper that keeps the frame 16:10 and at least 400 px
// high, the frame filling it, with an accessible title.  `src` and `title`
// are escaped for an attribute.
L.Syunik.embed.snippet = function (src, title) {
  function attr(value) {
    return String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;')
      .replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  return '<div style="position:relative;width:100%;max-width:960px;aspect-ratio:16/10;min-height:400px">\n' +
    '  <iframe src="' + attr(src) + '" title="' + attr(title) + '"\n' +
    '    style="position:absolute;inset:0;width:100%;height:100%;border:0"\n' +
    '    loading="lazy" allowfullscreen></iframe>\n' +
    '</div>';
};

// How many columns `count` buttons of `buttonPx` need to fit in `availablePx`
// of height: 1 when they fit, else as few as fit (at least one row).
L.Syunik.embed.columns = function (count, buttonPx, availablePx) {
  if (!(count > 0) || !(buttonPx > 0)) {
    return 1;
  }
  var rows = Math.max(1, Math.floor((availablePx + 0.5) / buttonPx));
  return Math.max(1, Math.ceil(count / rows));
};
