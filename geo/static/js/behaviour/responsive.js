/*
 * Responsive behaviour.  On wide screens the expanded layer control (top
 * right) and the stack legend + overview + attribution (bottom right) share
 * the right edge: when they would overlap, shorten the legend (it scrolls),
 * and if that is not enough, hide the overview.  On phones the panel closes
 * (it would cover the map) and the attribution is one line, tapped to expand.
 *
 * L.Syunik.responsive(ctx) returns {layout}.
 */
L.Syunik.responsive = function (ctx) {
  var map = ctx.map;
  var container = ctx.container;
  var legend = ctx.legend;
  var overview = ctx.overview;
  var legendBody = legend.getBody();

  function layout() {
    legendBody.style.maxHeight = '';
    var wasSqueezed = overview.isSqueezed();
    overview.setSqueezed(false);
    if (!ctx.isNarrow()) {
      var layersBottom = ctx.layerControl.getContainer().getBoundingClientRect().bottom;
      var overlap = layersBottom + 10 - overview.getBox().getBoundingClientRect().top;
      if (overlap > 0 && legend.isOpen()) {
        var current = legendBody.getBoundingClientRect().height;
        var target = Math.max(72, current - overlap);
        legendBody.style.maxHeight = Math.floor(target) + 'px';
        overlap -= current - target;
      }
      if (overlap > 0) {
        overview.setSqueezed(true);
      }
    }
    if (wasSqueezed && !overview.isSqueezed()) {
      overview.invalidate();
    }
  }

  map.on('legendtoggle', layout);
  map.on('resize overlayadd overlayremove baselayerchange', layout);

  function onMediaChange() {
    container.classList.toggle('is-narrow', ctx.isNarrow());
    if (ctx.isNarrow() && ctx.panel.isOpen()) {
      ctx.panel.setOpen(false);
    }
    L.Syunik.Popup.refresh(ctx);
    layout();
    overview.invalidate();
  }
  var media = ctx.narrowMedia;
  if (media.addEventListener) {
    media.addEventListener('change', onMediaChange);
  } else if (media.addListener) {
    media.addListener(onMediaChange);
  }
  container.classList.toggle('is-narrow', ctx.isNarrow());

  // Printing: show the legend expanded, restore afterwards.
  var legendWasOpen = legend.isOpen();
  window.addEventListener('beforeprint', function () {
    legendWasOpen = legend.isOpen();
    legend.setOpen(true);
    map.invalidateSize();
  });
  window.addEventListener('afterprint', function () {
    legend.setOpen(legendWasOpen);
    map.invalidateSize();
  });

  var attribution = map.attributionControl.getContainer();
  L.DomEvent.on(attribution, 'click', function () {
    attribution.classList.toggle('is-expanded');
    layout();
  });
  layout();
  return {layout: layout};
};
