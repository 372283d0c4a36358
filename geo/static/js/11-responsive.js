  /* ------------------------------------------------------------------ */
  /* Responsive behaviour                                                */
  /* ------------------------------------------------------------------ */

  // On wide screens the expanded layer control (top right) and the stack
  // legend + minimap + attribution (bottom right) share the right edge.
  // When they would overlap, shorten the legend (it scrolls), and if that
  // is not enough, hide the minimap.
  function layoutRightColumn() {
    legendBody.style.maxHeight = '';
    var wasSqueezed = miniBox.classList.contains('is-squeezed');
    miniBox.classList.remove('is-squeezed');
    if (!isNarrow()) {
      var layersBottom = layerControl.getContainer().getBoundingClientRect().bottom;
      var overlap = layersBottom + 10 - miniBox.getBoundingClientRect().top;
      if (overlap > 0 && legendDetails.open) {
        var current = legendBody.getBoundingClientRect().height;
        var target = Math.max(72, current - overlap);
        legendBody.style.maxHeight = Math.floor(target) + 'px';
        overlap -= current - target;
      }
      if (overlap > 0) {
        miniBox.classList.add('is-squeezed');
      }
    }
    if (wasSqueezed && !miniBox.classList.contains('is-squeezed')) {
      miniMap.invalidateSize();
      syncMiniMap();
    }
  }

  legendDetails.addEventListener('toggle', layoutRightColumn);
  map.on('resize overlayadd overlayremove baselayerchange', layoutRightColumn);

  function onMediaChange() {
    container.classList.toggle('is-narrow', isNarrow());
    if (isNarrow() && panelOpen) {
      // the panel would cover the whole map on a small screen
      setPanelOpen(false);
    }
    refreshPopupOptions();
    layoutRightColumn();
    miniMap.invalidateSize();
    syncMiniMap();
  }
  if (narrowMedia.addEventListener) {
    narrowMedia.addEventListener('change', onMediaChange);
  } else if (narrowMedia.addListener) {
    narrowMedia.addListener(onMediaChange);
  }
  container.classList.toggle('is-narrow', isNarrow());

  // Printing: show the legend expanded, restore afterwards.
  var legendWasOpen = legendDetails.open;
  window.addEventListener('beforeprint', function () {
    legendWasOpen = legendDetails.open;
    legendDetails.open = true;
    map.invalidateSize();
  });
  window.addEventListener('afterprint', function () {
    legendDetails.open = legendWasOpen;
    map.invalidateSize();
  });

  // On narrow screens the attribution is a single line; tap to expand it.
  var attributionNode = map.attributionControl.getContainer();
  L.DomEvent.on(attributionNode, 'click', function () {
    attributionNode.classList.toggle('is-expanded');
    layoutRightColumn();
  });
  layoutRightColumn();

