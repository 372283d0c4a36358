  /* ------------------------------------------------------------------ */
  /* Tools: measurement, fit to corridor, fullscreen                    */
  /* ------------------------------------------------------------------ */

  function makeButton(id, label, iconName, onClick, toggle) {
    var button = el('button', {
      type: 'button', id: id, 'class': 'map-btn', 'aria-label': label, title: label
    });
    if (toggle) {
      button.setAttribute('aria-pressed', 'false');
    }
    button.appendChild(icon(iconName));
    button.addEventListener('click', function (ev) {
      stop(ev);
      onClick(ev);
    });
    return button;
  }

  function textButton(label, onClick, extraClass) {
    var button = el('button', {type: 'button', 'class': 'measure-action ' + (extraClass || '')}, label);
    button.addEventListener('click', function (ev) {
      stop(ev);
      onClick(ev);
    });
    return button;
  }

  /* --------------------------- measuring ---------------------------- */

  var measurePane = map.createPane('measurePane');
  measurePane.style.zIndex = '620';
  measurePane.style.pointerEvents = 'none';

  var INK = '#1a1a1a';
  var measureStyle = {pane: 'measurePane', interactive: false};
  var measureFill = L.polygon([], Object.assign({
    stroke: false, fillColor: INK, fillOpacity: 0.14
  }, measureStyle));
  var measureHalo = L.polyline([], Object.assign({
    color: '#ffffff', weight: 6, opacity: 0.85, lineCap: 'round', lineJoin: 'round'
  }, measureStyle));
  var measureLine = L.polyline([], Object.assign({
    color: INK, weight: 2.5, opacity: 1, lineCap: 'round', lineJoin: 'round'
  }, measureStyle));
  var measurePreview = L.polyline([], Object.assign({
    color: INK, weight: 2, opacity: 0.75, dashArray: '5 6'
  }, measureStyle));
  var measureVertices = L.layerGroup();
  var measureGroup = L.layerGroup([measureFill, measureHalo, measureLine, measurePreview, measureVertices]);

  var measure = {
    mode: null,      // 'distance' | 'area' while points are being added
    shown: null,     // mode of the result currently displayed
    points: [],
    cursor: null
  };

  var resultBox = el('div', {'class': 'measure-result', id: 'measure-result', hidden: true});
  var resultTitle = el('div', {'class': 'measure-title'});
  var resultValue = el('div', {'class': 'measure-value', role: 'status', 'aria-live': 'polite'});
  var resultMain = el('span', {'class': 'measure-main'});
  var resultExtra = el('span', {'class': 'measure-extra'});
  resultValue.appendChild(resultMain);
  resultValue.appendChild(resultExtra);
  var resultPreview = el('div', {'class': 'measure-preview', 'aria-hidden': 'true'});
  var resultHint = el('p', {'class': 'measure-hint'});
  var resultActions = el('div', {'class': 'measure-actions'});
  var btnAddCentre = textButton('Add centre point', function () {
    addMeasurePoint(map.getCenter());
  });
  btnAddCentre.title = 'Add the point under the crosshair in the centre of the map (Enter on the focused map)';
  var btnUndo = textButton('Undo', function () {
    measure.points.pop();
    updateMeasure();
  });
  btnUndo.title = 'Remove the last point';
  var btnFinish = textButton('Finish', function () {
    finishMeasure();
  }, 'is-primary');
  var btnClear = textButton('Clear', function () {
    clearMeasure();
  });
  resultActions.appendChild(btnAddCentre);
  resultActions.appendChild(btnUndo);
  resultActions.appendChild(btnFinish);
  resultActions.appendChild(btnClear);
  resultBox.appendChild(resultTitle);
  resultBox.appendChild(resultValue);
  resultBox.appendChild(resultPreview);
  resultBox.appendChild(resultHint);
  resultBox.appendChild(resultActions);
  isolate(resultBox);

  var crosshair = el('div', {'class': 'measure-crosshair', 'aria-hidden': 'true'});
  container.appendChild(crosshair);

  function measureSummary(points, mode) {
    if (mode === 'area') {
      if (points.length < 3) {
        return null;
      }
      var areaKm2 = ellipsoidAreaKm2(points);
      var perimeterKm = pathLengthKm(points, true);
      return {
        main: 'Area ' + formatKm2(areaKm2),
        extra: 'Perimeter ' + formatKm(perimeterKm),
        km: perimeterKm,
        km2: areaKm2
      };
    }
    if (points.length < 2) {
      return null;
    }
    var lengthKm = pathLengthKm(points, false);
    return {main: 'Total ' + formatKm(lengthKm), extra: '', km: lengthKm, km2: null};
  }

  function redrawMeasure() {
    var pts = measure.points;
    var mode = measure.mode || measure.shown;
    var active = !!measure.mode;
    var closed = mode === 'area' && !active && pts.length > 2;
    var linePts = closed ? pts.concat([pts[0]]) : pts.slice();
    measureLine.setLatLngs(linePts);
    measureHalo.setLatLngs(linePts);
    measureFill.setLatLngs(mode === 'area' && pts.length > 2 ? pts : []);
    if (active && measure.cursor && pts.length) {
      var preview = [pts[pts.length - 1], measure.cursor];
      if (mode === 'area' && pts.length > 1) {
        preview.push(pts[0]);
      }
      measurePreview.setLatLngs(preview);
    } else {
      measurePreview.setLatLngs([]);
    }
    measureVertices.clearLayers();
    pts.forEach(function (p, i) {
      L.circleMarker(p, Object.assign({
        radius: i === 0 ? 5 : 4, color: INK, weight: 2, fillColor: '#ffffff', fillOpacity: 1
      }, measureStyle)).addTo(measureVertices);
    });
  }

  function setOrRemove(node, name, value) {
    if (value === null) {
      node.removeAttribute(name);
    } else {
      node.setAttribute(name, value);
    }
  }

  function updateMeasure() {
    var mode = measure.mode || measure.shown;
    var active = !!measure.mode;
    resultBox.hidden = !mode;
    container.classList.toggle('is-measuring', active);
    measureButtons.distance.setAttribute('aria-pressed', String(measure.mode === 'distance'));
    measureButtons.area.setAttribute('aria-pressed', String(measure.mode === 'area'));
    if (!mode) {
      return;
    }
    resultTitle.textContent = mode === 'area' ? 'Measure area' : 'Measure distance';
    var pts = measure.points;
    var summary = measureSummary(pts, mode);
    var needed = mode === 'area' ? 3 : 2;
    resultExtra.textContent = summary && summary.extra ? summary.extra : '';
    // The unrounded figures, machine-readable (the text is rounded for reading).
    setOrRemove(resultValue, 'data-km', summary ? String(summary.km) : null);
    setOrRemove(resultValue, 'data-km2', summary && summary.km2 !== null ? String(summary.km2) : null);
    if (summary) {
      resultMain.textContent = summary.main;
    } else {
      resultMain.textContent = active
        ? (pts.length ? 'Add ' + (needed - pts.length) + ' more point' + (needed - pts.length > 1 ? 's' : '') : 'No points yet')
        : 'Not enough points';
    }
    var preview = active && measure.cursor && pts.length ? measureSummary(pts.concat([measure.cursor]), mode) : null;
    resultPreview.textContent = preview ? 'With pointer: ' + preview.main.replace(/^(Total|Area) /, '') : '';
    resultHint.textContent = active
      ? 'Click the map to add points. Double-click, press Esc or use Finish to stop.'
      : pts.length + ' point' + (pts.length === 1 ? '' : 's') + '. Geodesic values (WGS84' +
        (mode === 'area' ? '; area on the ellipsoid via the authalic sphere' : '') + ').';
    btnAddCentre.hidden = !active;
    btnFinish.hidden = !active;
    btnUndo.hidden = !active;
    btnUndo.disabled = !pts.length;
    redrawMeasure();
  }

  function addMeasurePoint(latlng) {
    if (!measure.mode) {
      return;
    }
    var pts = measure.points;
    if (pts.length) {
      // ignore the second click of a double-click (same spot)
      var a = map.latLngToContainerPoint(pts[pts.length - 1]);
      var b = map.latLngToContainerPoint(latlng);
      if (a.distanceTo(b) < 3) {
        return;
      }
    }
    pts.push(L.latLng(latlng.lat, latlng.lng));
    updateMeasure();
  }

  function setPopupsEnabled(enabled) {
    popupBindings.forEach(function (binding) {
      if (enabled) {
        if (!binding.layer.getPopup()) {
          binding.layer.bindPopup(binding.content, popupOptions());
        }
      } else {
        binding.layer.unbindPopup();
      }
    });
  }

  function startMeasure(mode) {
    if (measure.mode) {
      finishMeasure();
    }
    map.closePopup();
    measure.mode = mode;
    measure.shown = mode;
    measure.points = [];
    measure.cursor = null;
    setPopupsEnabled(false);
    map.doubleClickZoom.disable();
    if (!map.hasLayer(measureGroup)) {
      measureGroup.addTo(map);
    }
    updateMeasure();
  }

  function finishMeasure() {
    if (!measure.mode) {
      return;
    }
    measure.mode = null;
    measure.cursor = null;
    setPopupsEnabled(true);
    map.doubleClickZoom.enable();
    updateMeasure();
  }

  function clearMeasure() {
    var hadFocus = resultBox.contains(document.activeElement);
    var lastMode = measure.mode || measure.shown;
    finishMeasure();
    measure.shown = null;
    measure.points = [];
    measureGroup.remove();
    updateMeasure();
    if (hadFocus && lastMode) {
      measureButtons[lastMode].focus();
    }
  }

  function toggleMeasure(mode) {
    if (measure.mode === mode) {
      finishMeasure();
    } else {
      startMeasure(mode);
    }
  }

  map.on('click', function (e) {
    if (measure.mode) {
      addMeasurePoint(e.latlng);
    }
  });
  map.on('mousemove', function (e) {
    if (measure.mode && measure.points.length) {
      measure.cursor = e.latlng;
      updateMeasure();
    }
  });
  map.on('dblclick', function (e) {
    if (measure.mode) {
      L.DomEvent.stop(e);
      finishMeasure();
    }
  });
  container.addEventListener('mouseleave', function () {
    if (measure.mode && measure.cursor) {
      measure.cursor = null;
      updateMeasure();
    }
  });

  /* ------------------------------ buttons ---------------------------- */

  var measureButtons = {
    distance: makeButton('btn-measure-distance', 'Measure distance', 'distance', function () {
      toggleMeasure('distance');
    }, true),
    area: makeButton('btn-measure-area', 'Measure area', 'area', function () {
      toggleMeasure('area');
    }, true)
  };

  var btnFit = makeButton('btn-fit-corridor', 'Fit map to the corridor', 'corridor', function () {
    map.fitBounds(corridorBounds, fitOptions(corridorBounds));
  });

  /* ---------------------------- fullscreen --------------------------- */

  var btnFullscreen = makeButton('btn-fullscreen', 'Full screen', 'fullscreen', toggleFullscreen, true);

  function fullscreenElement() {
    return document.fullscreenElement || document.webkitFullscreenElement || null;
  }

  function isFullscreen() {
    return fullscreenElement() === container || container.classList.contains('map-fullscreen-fallback');
  }

  function refreshFullscreenButton() {
    var on = isFullscreen();
    btnFullscreen.setAttribute('aria-pressed', String(on));
    var label = on ? 'Exit full screen' : 'Full screen';
    btnFullscreen.setAttribute('aria-label', label);
    btnFullscreen.title = label;
    while (btnFullscreen.firstChild) {
      btnFullscreen.removeChild(btnFullscreen.firstChild);
    }
    btnFullscreen.appendChild(icon(on ? 'exitFullscreen' : 'fullscreen'));
    map.invalidateSize();
    if (miniMap) {
      miniMap.invalidateSize();
    }
  }

  function setFallbackFullscreen(on) {
    container.classList.toggle('map-fullscreen-fallback', on);
    document.documentElement.classList.toggle('map-fullscreen-fallback-active', on);
    refreshFullscreenButton();
  }

  function toggleFullscreen() {
    if (container.classList.contains('map-fullscreen-fallback')) {
      setFallbackFullscreen(false);
      return;
    }
    if (fullscreenElement()) {
      var exit = document.exitFullscreen || document.webkitExitFullscreen;
      var done = exit.call(document);
      if (done && typeof done.catch === 'function') {
        done.catch(function (err) {
          console.warn('map.js: could not leave full screen', err);
        });
      }
      return;
    }
    var request = container.requestFullscreen || container.webkitRequestFullscreen;
    var enabled = document.fullscreenEnabled || document.webkitFullscreenEnabled;
    if (!request || !enabled) {
      setFallbackFullscreen(true);
      return;
    }
    var result = request.call(container);
    if (result && typeof result.catch === 'function') {
      result.catch(function (err) {
        console.warn('map.js: Fullscreen API refused, using the CSS fallback', err);
        setFallbackFullscreen(true);
      });
    }
  }

  document.addEventListener('fullscreenchange', refreshFullscreenButton);
  document.addEventListener('webkitfullscreenchange', refreshFullscreenButton);

  var ToolsControl = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var box = el('div', {'class': 'map-toolbar map-tools', role: 'group', 'aria-label': 'Map tools'});
      box.appendChild(measureButtons.distance);
      box.appendChild(measureButtons.area);
      box.appendChild(btnFit);
      box.appendChild(btnFullscreen);
      var wrap = el('div', {'class': 'leaflet-control map-tools-wrap'});
      wrap.appendChild(box);
      wrap.appendChild(resultBox); // right next to the tools, and next in tab order
      isolate(wrap);
      return wrap;
    }
  });
  new ToolsControl().addTo(map);

  /* ----------------------------- keyboard ---------------------------- */

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented) {
      return;
    }
    var key = e.key;
    if (key === 'Escape' || key === 'Esc') {
      if (measure.mode) {
        finishMeasure();
        e.preventDefault();
      } else if (measure.shown) {
        clearMeasure();
        e.preventDefault();
      } else if (panelOpen && isNarrow()) {
        setPanelOpen(false);
        panelToggle.focus();
        e.preventDefault();
      } else if (container.classList.contains('map-fullscreen-fallback')) {
        setFallbackFullscreen(false);
        e.preventDefault();
      }
      return;
    }
    if (measure.mode && document.activeElement === container) {
      if (key === 'Enter') {
        addMeasurePoint(map.getCenter());
        e.preventDefault();
      } else if (key === 'Backspace' || key === 'Delete') {
        measure.points.pop();
        updateMeasure();
        e.preventDefault();
      }
    }
  });

