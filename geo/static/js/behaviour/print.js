/*
 * Print: one landscape page.  The page's title, a one-line summary and the
 * "as of" date head the printed page (and are the page's h1 for screen
 * readers); the credits follow the map.  While printing, the map takes the
 * printed size and is fitted to the route (in the story, to the chapter's
 * view, whose heading and text control/Story.js puts under the header); afterwards the reader's view comes
 * back.  L.Syunik.print(ctx) returns {isPrinting}.
 */
L.Syunik.print = function (ctx) {
  var Dom = L.Syunik.Dom;
  var el = Dom.el;
  var map = ctx.map;
  var container = ctx.container;
  var panelData = ctx.panelData;
  var data = ctx.data;
  var PAD = 24;
  var saved = null;

  function firstSentence(value) {
    var t = Dom.text(value).replace(/\s+/g, ' ').trim();
    var m = /^(.+?[.!?])(\s|$)/.exec(t);
    return m ? m[1] : t;
  }

  var header = el('header', {'class': 'print-header', id: 'print-header'});
  header.appendChild(el('h1', {'class': 'print-title'}, Dom.text(ctx.title)));
  var intro = ctx.i18n.has('panel.intro') ? ctx.t('panel.intro') : panelData.intro;
  if (intro) {
    header.appendChild(el('p', {'class': 'print-summary'}, firstSentence(intro)));
  }
  if (typeof panelData.as_of === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(panelData.as_of)) {
    var asOf = el('p', {'class': 'print-as-of'});
    var parts = ctx.t('ui.panel.as_of').split('{date}');
    asOf.appendChild(document.createTextNode(parts[0]));
    asOf.appendChild(el('time', {datetime: panelData.as_of}, ctx.i18n.date(panelData.as_of)));
    asOf.appendChild(document.createTextNode(parts.slice(1).join('')));
    header.appendChild(asOf);
  }
  container.parentNode.insertBefore(header, container);

  var credits = el('footer', {'class': 'print-credits', id: 'print-credits'});
  if (ctx.credits) {
    credits.appendChild(el('p', null, ctx.t('ui.print.credits', {credits: ctx.credits})));
  }
  container.parentNode.insertBefore(credits, container.nextSibling);

  // The printed map frames what the first view frames: the route with the
  // anchors of the names of the countries and the Aras around it, so the page
  // names them as the screen does (the route alone leaves them off the page).
  function printBounds() {
    var route = ctx.layers.corridor;
    var b = route && route.getBounds ? route.getBounds() : null;
    var bounds = L.latLngBounds(ctx.views.first.getSouthWest(), ctx.views.first.getNorthEast());
    if (b && b.isValid()) {
      bounds.extend(b);
    }
    return bounds;
  }

  function before() {
    if (saved) {
      return;
    }
    saved = {center: map.getCenter(), zoom: map.getZoom()};
    map.closePopup();
    document.documentElement.classList.add('is-printing');
    map.invalidateSize({pan: false, animate: false});
    // the route keeps clear of the legend, on whichever side the reader's
    // direction puts it (the left in Persian)
    var legendBox = ctx.legend.getContainer().getBoundingClientRect();
    var mapBox = container.getBoundingClientRect();
    var legendLeft = legendBox.left + legendBox.right < mapBox.left + mapBox.right;
    map.fitBounds((ctx.story && ctx.story.bounds()) || printBounds(), {
      animate: false,
      paddingTopLeft: [PAD + (legendLeft ? legendBox.width : 0), PAD],
      paddingBottomRight: [PAD + (legendLeft ? 0 : legendBox.width), PAD]
    });
    // the names are placed for the printed size now, not a frame later: the
    // page may be printed before the next frame
    if (ctx.labels) {
      ctx.labels.place();
    }
  }

  function after() {
    if (!saved) {
      return;
    }
    var view = saved;
    document.documentElement.classList.remove('is-printing');
    map.invalidateSize({pan: false, animate: false});
    map.setView(view.center, view.zoom, {animate: false});
    saved = null;
  }

  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  // Browsers without before/afterprint still switch the print media query.
  var media = window.matchMedia('print');
  var onMedia = function (ev) {
    if (ev.matches) {
      before();
    } else {
      after();
    }
  };
  if (media.addEventListener) {
    media.addEventListener('change', onMedia);
  } else if (media.addListener) {
    media.addListener(onMedia);
  }

  return {
    isPrinting: function () {
      return !!saved;
    }
  };
};
