/*
 * Shareable views: the URL fragment keeps the language, the view and the
 * layers that are on, the relief among them (ctx.overlays; core/fragment.js),
 * the story's chapter (ctx.story; #story=3 alone opens it with its own view)
 * and any other key it holds.  Written with history.replaceState whenever
 * the view or a layer changes, and read on load and when the fragment
 * changes, so a reload or a copied link opens the same view.  A fragment that
 * is not a view is ignored.  A new language (the menu, or a fragment edited
 * by hand) is written into the fragment and the page is built again from it,
 * so the view and every other key stay.  L.Syunik.hash(ctx) returns
 * {setLanguage}.
 */
L.Syunik.hash = function (ctx) {
  var Fragment = L.Syunik.Fragment;
  var map = ctx.map;
  var layers = ctx.overlays || ctx.layers;
  var applying = false;

  function apply(state, chapter) {
    if (ctx.story && chapter !== ctx.story.current()) {
      if (chapter) {
        ctx.story.open(chapter, {view: !state});
      } else {
        ctx.story.leave();
      }
    }
    if (!state) {
      return;
    }
    if (state.layers) {
      Object.keys(layers).forEach(function (id) {
        var want = state.layers.indexOf(id) >= 0;
        if (want && !map.hasLayer(layers[id])) {
          map.addLayer(layers[id]);
        } else if (!want && map.hasLayer(layers[id])) {
          map.removeLayer(layers[id]);
        }
      });
    }
    map.setView(L.latLng(state.center[0], state.center[1]), state.zoom, {animate: false});
  }

  function fragment(lang) {
    var c = map.getCenter();
    return Fragment.write({
      lang: lang, zoom: map.getZoom(), center: [c.lat, c.lng],
      layers: Object.keys(layers).filter(function (id) { return map.hasLayer(layers[id]); }),
      story: ctx.story ? ctx.story.current() : null
    }, window.location.hash);
  }

  function write() {
    if (applying || (ctx.print && ctx.print.isPrinting())) {
      return;
    }
    var hash = fragment(ctx.i18n.lang);
    if (window.location.hash !== hash && window.history && window.history.replaceState) {
      try {
        window.history.replaceState(window.history.state, '', hash);
      } catch (err) {
        console.warn('map.js: cannot keep the view in the address', err);
      }
    }
  }

  // The page again in another language, at the same view.
  function setLanguage(code) {
    if (code === ctx.i18n.lang) {
      return;
    }
    try {
      window.history.replaceState(window.history.state, '', fragment(code));
    } catch (err) {
      window.location.hash = fragment(code);
    }
    window.location.reload();
  }

  function read() {
    var lang = Fragment.language(window.location.hash);
    if (lang && lang !== ctx.i18n.lang && ctx.i18n.languages.some(function (e) { return e.code === lang; })) {
      window.location.reload();
      return true;
    }
    var state = Fragment.parse(window.location.hash,
      {minZoom: map.getMinZoom(), maxZoom: map.getMaxZoom()});
    var chapter = Fragment.story(window.location.hash);
    if (!state && !chapter && !(ctx.story && ctx.story.current())) {
      return false;
    }
    applying = true;
    try {
      apply(state, chapter);
    } catch (err) {
      console.warn('map.js: ignoring the view in the address', err);
    } finally {
      applying = false;
    }
    return true;
  }

  read();
  if (ctx.story && ctx.story.current()) {
    write();
  }
  map.on('moveend storychange', write);
  Object.keys(layers).forEach(function (id) {
    layers[id].on('add remove', write);
  });
  window.addEventListener('hashchange', read);
  return {setLanguage: setLanguage};
};
