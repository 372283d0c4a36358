  /* ------------------------------------------------------------------ */
  /* Print: one landscape page                                           */
  /* ------------------------------------------------------------------ */

  // The page's title, a one-line summary and the "as of" date head the
  // printed page (and are the page's h1 for screen readers); the credits
  // follow the map.  While printing, the map takes the printed size and is
  // fitted to the route; afterwards the reader's view comes back.

  function firstSentence(value) {
    var t = text(value).replace(/\s+/g, ' ').trim();
    var m = /^(.+?[.!?])(\s|$)/.exec(t);
    return m ? m[1] : t;
  }

  var printHeader = el('header', {'class': 'print-header', id: 'print-header'});
  printHeader.appendChild(el('h1', {'class': 'print-title'}, text(panelData.title || mapTitle)));
  if (panelData.intro) {
    printHeader.appendChild(el('p', {'class': 'print-summary'}, firstSentence(panelData.intro)));
  }
  if (typeof panelData.as_of === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(panelData.as_of)) {
    var asOf = el('p', {'class': 'print-as-of'}, 'Facts as of ');
    asOf.appendChild(el('time', {datetime: panelData.as_of}, text(panelData.as_of_text || panelData.as_of)));
    printHeader.appendChild(asOf);
  }
  container.parentNode.insertBefore(printHeader, container);

  var printCredits = el('footer', {'class': 'print-credits', id: 'print-credits'});
  if (data.credits) {
    printCredits.appendChild(el('p', null, 'Sources and licences: ' + text(data.credits)));
  }
  container.parentNode.insertBefore(printCredits, container.nextSibling);

  function routeBounds() {
    var route = leafletLayers.corridor;
    var b = route && route.getBounds ? route.getBounds() : null;
    return b && b.isValid() ? b : corridorBounds;
  }

  var printSaved = null;
  var PRINT_PAD = 24;

  function beforePrint() {
    if (printSaved) {
      return;
    }
    printSaved = {center: map.getCenter(), zoom: map.getZoom()};
    map.closePopup();
    document.documentElement.classList.add('is-printing');
    map.invalidateSize({pan: false, animate: false});
    var legendWidth = legendBox.getBoundingClientRect().width;
    map.fitBounds(routeBounds(), {
      animate: false,
      paddingTopLeft: [PRINT_PAD, PRINT_PAD],
      paddingBottomRight: [PRINT_PAD + legendWidth, PRINT_PAD]
    });
  }

  function afterPrint() {
    if (!printSaved) {
      return;
    }
    var saved = printSaved;
    document.documentElement.classList.remove('is-printing');
    map.invalidateSize({pan: false, animate: false});
    map.setView(saved.center, saved.zoom, {animate: false});
    printSaved = null;
  }

  function isPrinting() {
    return !!printSaved; // false before this file has run, too
  }

  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  // Browsers without before/afterprint still switch the print media query.
  var printMedia = window.matchMedia('print');
  var onPrintMedia = function (ev) {
    if (ev.matches) {
      beforePrint();
    } else {
      afterPrint();
    }
  };
  if (printMedia.addEventListener) {
    printMedia.addEventListener('change', onPrintMedia);
  } else if (printMedia.addListener) {
    printMedia.addListener(onPrintMedia);
  }
