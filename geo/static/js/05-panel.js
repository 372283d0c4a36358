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

  // Sources are listed once, numbered by first citation; entries refer to them
  // by number ("Sources: 1, 3").
  function refsLine(refs) {
    var numbers = (Array.isArray(refs) ? refs : []).filter(function (n) {
      return typeof n === 'number' && isFinite(n);
    });
    var small = el('small', {'class': 'panel-source'});
    if (!numbers.length) {
      return small;
    }
    small.appendChild(el('span', {'class': 'panel-source-label'},
      numbers.length > 1 ? 'Sources: ' : 'Source: '));
    small.appendChild(document.createTextNode(numbers.join(', ')));
    return small;
  }

  function sourceItem(source) {
    var li = el('li', {'class': 'panel-source-item', value: String(source.n)});
    li.appendChild(document.createTextNode(text(source.citation)));
    var url = text(source.url);
    if (/^https:\/\/[^\s"<>]+$/.test(url)) {
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('a', {href: url, rel: 'noopener noreferrer', target: '_blank',
        'class': 'panel-source-url'}, url.replace(/^https:\/\//, '')));
    }
    if (source.primary === true) {
      li.appendChild(el('span', {'class': 'panel-source-primary'}, ' (primary source)'));
    }
    return li;
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
  if (panelData.as_of_text) {
    var asOf = el('p', {'class': 'panel-asof', id: 'panel-asof'}, 'Facts as of ');
    var asOfTime = el('time', null, panelData.as_of_text);
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text(panelData.as_of))) {
      asOfTime.setAttribute('datetime', text(panelData.as_of));
    }
    asOf.appendChild(asOfTime);
    panelBody.appendChild(asOf);
  }
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
    sec.appendChild(refsLine(section.refs));
    panelBody.appendChild(sec);
  });
  // What the route is called, and what the one line stands for.
  ['names', 'multimodal'].forEach(function (key) {
    var note = panelData[key];
    if (note && typeof note === 'object' && note.text) {
      var p = el('p', {'class': 'panel-note panel-note-' + key}, note.text);
      p.appendChild(document.createTextNode(' '));
      p.appendChild(refsLine(note.refs));
      panelBody.appendChild(p);
    }
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
      var time = el('time', {'class': 'timeline-date'}, text(item.date_text || item.date));
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
        time.setAttribute('datetime', date);
      }
      li.appendChild(time);
      if (item.text) {
        li.appendChild(el('p', {'class': 'timeline-text'}, item.text));
      }
      li.appendChild(refsLine(item.refs));
      list.appendChild(li);
    });
    tlSection.appendChild(list);
    panelBody.appendChild(tlSection);
  }
  var cited = Array.isArray(panelData.sources) ? panelData.sources : [];
  if (cited.length) {
    var srcSection = el('section', {'class': 'panel-section panel-sources', id: 'panel-sources'});
    srcSection.appendChild(el('h3', null, 'Sources'));
    var srcList = el('ol', {'class': 'panel-source-list'});
    cited.forEach(function (source) {
      if (source && typeof source === 'object') {
        srcList.appendChild(sourceItem(source));
      }
    });
    srcSection.appendChild(srcList);
    panelBody.appendChild(srcSection);
  }
  if (panelData.cite) {
    var citeSection = el('section', {'class': 'panel-section panel-cite', id: 'panel-cite'});
    citeSection.appendChild(el('h3', null, 'How to cite and reuse'));
    appendParagraphs(citeSection, panelData.cite);
    panelBody.appendChild(citeSection);
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

