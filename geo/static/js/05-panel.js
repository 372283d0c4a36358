  /* ------------------------------------------------------------------ */
  /* Information panel                                                   */
  /* ------------------------------------------------------------------ */

  function appendParagraphs(parent, value, className) {
    text(value).split(/\n\s*\n/).forEach(function (chunk) {
      var t = chunk.trim();
      if (t) {
        parent.appendChild(el('p', className ? {'class': className} : null, t));
      }
    });
  }

  function sourceLine(source) {
    var small = el('small', {'class': 'panel-source'});
    small.appendChild(el('span', {'class': 'panel-source-label'}, 'Source: '));
    small.appendChild(document.createTextNode(text(source)));
    return small;
  }

  var panel = el('aside', {id: 'panel', 'class': 'panel', 'aria-labelledby': 'panel-title'});
  var panelHeader = el('div', {'class': 'panel-header'});
  var panelHeading = el('h2', {id: 'panel-title', 'class': 'panel-title', tabindex: '-1'},
    text(panelData.title || data.title || 'About this map'));
  var panelClose = el('button', {
    type: 'button', 'class': 'panel-close', 'aria-label': 'Close information panel',
    title: 'Close panel', 'aria-controls': 'panel'
  });
  panelClose.appendChild(icon('close'));
  panelHeader.appendChild(panelHeading);
  panelHeader.appendChild(panelClose);
  panel.appendChild(panelHeader);

  var panelBody = el('div', {'class': 'panel-body'});
  if (panelData.intro) {
    appendParagraphs(panelBody, panelData.intro, 'panel-intro');
  }
  (Array.isArray(panelData.sections) ? panelData.sections : []).forEach(function (section) {
    if (!section || typeof section !== 'object') {
      return;
    }
    var sec = el('section', {'class': 'panel-section'});
    if (section.id !== undefined && section.id !== null) {
      sec.id = 'panel-section-' + String(section.id).replace(/[^A-Za-z0-9_-]/g, '_');
    }
    if (section.title) {
      sec.appendChild(el('h3', null, section.title));
    }
    if (section.body) {
      appendParagraphs(sec, section.body);
    }
    if (section.source) {
      sec.appendChild(sourceLine(section.source));
    }
    panelBody.appendChild(sec);
  });
  var timeline = Array.isArray(panelData.timeline) ? panelData.timeline : [];
  if (timeline.length) {
    var tlSection = el('section', {'class': 'panel-section panel-timeline', id: 'panel-timeline'});
    tlSection.appendChild(el('h3', null, 'Timeline'));
    var list = el('ol', {'class': 'timeline'});
    timeline.forEach(function (item) {
      if (!item || typeof item !== 'object') {
        return;
      }
      var li = el('li', {'class': 'timeline-item'});
      var date = text(item.date);
      var time = el('time', {'class': 'timeline-date'}, date);
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
        time.setAttribute('datetime', date);
      }
      li.appendChild(time);
      if (item.text) {
        li.appendChild(el('p', {'class': 'timeline-text'}, item.text));
      }
      if (item.source) {
        li.appendChild(sourceLine(item.source));
      }
      list.appendChild(li);
    });
    tlSection.appendChild(list);
    panelBody.appendChild(tlSection);
  }
  if (data.credits) {
    var credits = el('section', {'class': 'panel-section panel-credits', id: 'panel-credits'});
    credits.appendChild(el('h3', null, 'Sources and licences'));
    appendParagraphs(credits, data.credits);
    panelBody.appendChild(credits);
  }
  panel.appendChild(panelBody);
  isolate(panel);
  // First in the container so it comes first in the tab order.
  container.insertBefore(panel, container.firstChild);

  var panelToggle = el('button', {
    type: 'button', id: 'panel-toggle', 'class': 'map-btn',
    'aria-controls': 'panel', 'aria-expanded': 'false', 'aria-label': 'Information panel'
  });
  panelToggle.appendChild(icon('info'));

  var panelOpen = false;

  function setPanelOpen(open, moveFocus) {
    panelOpen = !!open;
    panel.classList.toggle('is-open', panelOpen);
    container.classList.toggle('panel-open', panelOpen);
    panelToggle.setAttribute('aria-expanded', String(panelOpen));
    panelToggle.title = panelOpen ? 'Hide information panel' : 'Show information panel';
    refreshPopupOptions();
    if (panelOpen && moveFocus) {
      panelHeading.focus({preventScroll: true});
    } else if (!panelOpen && panel.contains(document.activeElement)) {
      panelToggle.focus();
    }
  }

  panelToggle.addEventListener('click', function (ev) {
    stop(ev);
    setPanelOpen(!panelOpen, !panelOpen && isNarrow());
  });
  panelClose.addEventListener('click', function (ev) {
    stop(ev);
    setPanelOpen(false);
    panelToggle.focus();
  });

  var PanelToggleControl = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var box = el('div', {'class': 'leaflet-control map-toolbar map-toolbar-panel'});
      box.appendChild(panelToggle);
      isolate(box);
      return box;
    }
  });
  new PanelToggleControl().addTo(map);
  L.control.zoom({position: 'topleft', zoomInTitle: 'Zoom in', zoomOutTitle: 'Zoom out'}).addTo(map);
  setPanelOpen(!isNarrow(), false);

