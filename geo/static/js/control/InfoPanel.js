/*
 * The information panel: the text of geo/data/annotations.toml beside the
 * map (an <aside>, first in the tab order), and its toggle button, top left.
 *
 *   L.control.infoPanel({panel: data.panel, title, credits}).addTo(map)
 *
 * Fires 'infopaneltoggle' {open} on the map when it opens or closes.
 */
L.Control.InfoPanel = L.Control.extend({
  options: {
    position: 'topleft',
    panel: {},      // data.panel: title, as_of, intro, sections, timeline, sources, cite
    title: '',      // fallback title
    credits: ''     // data.credits
  },

  onAdd: function (map) {
    var Dom = L.Syunik.Dom;
    var panelData = this.options.panel && typeof this.options.panel === 'object' ? this.options.panel : {};
    this._open = false;
    this._aside = Dom.el('aside', {id: 'panel', 'class': 'panel', 'aria-labelledby': 'panel-title'});
    var header = Dom.el('div', {'class': 'panel-header'});
    this._heading = Dom.el('h2', {id: 'panel-title', 'class': 'panel-title', tabindex: '-1'},
      Dom.text(panelData.title || this.options.title || 'About this map'));
    var close = Dom.el('button', {
      type: 'button', 'class': 'panel-close', 'aria-label': 'Close information panel',
      title: 'Close panel', 'aria-controls': 'panel'
    });
    close.appendChild(Dom.icon('close'));
    header.appendChild(this._heading);
    header.appendChild(close);
    this._aside.appendChild(header);
    this._body = this._buildBody(panelData);
    this._aside.appendChild(this._body);
    Dom.isolate(this._aside);
    // First in the container so it comes first in the tab order.
    var container = map.getContainer();
    container.insertBefore(this._aside, container.firstChild);

    this._toggle = Dom.el('button', {
      type: 'button', id: 'panel-toggle', 'class': 'map-btn',
      'aria-controls': 'panel', 'aria-expanded': 'false', 'aria-label': 'Information panel'
    });
    this._toggle.appendChild(Dom.icon('info'));
    L.DomEvent.on(this._toggle, 'click', this._onToggle, this);
    L.DomEvent.on(close, 'click', this._onClose, this);
    this._close = close;
    var box = Dom.el('div', {'class': 'leaflet-control map-toolbar map-toolbar-panel'});
    box.appendChild(this._toggle);
    Dom.isolate(box);
    return box;
  },

  onRemove: function () {
    L.DomEvent.off(this._toggle, 'click', this._onToggle, this);
    L.DomEvent.off(this._close, 'click', this._onClose, this);
    L.Syunik.Dom.remove(this._aside);
    if (this._map) {
      this._map.getContainer().classList.remove('panel-open');
    }
  },

  isOpen: function () {
    return this._open;
  },

  width: function () {
    return this._aside ? this._aside.offsetWidth : 0;
  },

  getPanel: function () {
    return this._aside;
  },

  getBody: function () {
    return this._body;
  },

  focusToggle: function () {
    this._toggle.focus();
  },

  setOpen: function (open, moveFocus) {
    this._open = !!open;
    this._aside.classList.toggle('is-open', this._open);
    this._map.getContainer().classList.toggle('panel-open', this._open);
    this._toggle.setAttribute('aria-expanded', String(this._open));
    this._toggle.title = this._open ? 'Hide information panel' : 'Show information panel';
    this._map.fire('infopaneltoggle', {open: this._open});
    if (this._open && moveFocus) {
      this._heading.focus({preventScroll: true});
    } else if (!this._open && this._aside.contains(document.activeElement)) {
      this._toggle.focus();
    }
    return this;
  },

  _onToggle: function (ev) {
    L.DomEvent.stop(ev);
    this.setOpen(!this._open, !this._open && this.options.isNarrow && this.options.isNarrow());
  },

  _onClose: function (ev) {
    L.DomEvent.stop(ev);
    this.setOpen(false);
    this._toggle.focus();
  },

  _buildBody: function (panelData) {
    var Dom = L.Syunik.Dom;
    var el = Dom.el;
    var text = Dom.text;
    var body = el('div', {'class': 'panel-body'});

    function paragraphs(parent, value, className) {
      text(value).split(/\n\s*\n/).forEach(function (chunk) {
        var t = chunk.trim();
        if (t) {
          parent.appendChild(el('p', className ? {'class': className} : null, t));
        }
      });
    }

    // Sources are listed once, numbered by first citation; entries refer to
    // them by number ("Sources: 1, 3").
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

    if (panelData.as_of_text) {
      var asOf = el('p', {'class': 'panel-asof', id: 'panel-asof'}, 'Facts as of ');
      var asOfTime = el('time', null, panelData.as_of_text);
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text(panelData.as_of))) {
        asOfTime.setAttribute('datetime', text(panelData.as_of));
      }
      asOf.appendChild(asOfTime);
      body.appendChild(asOf);
    }
    if (panelData.intro) {
      paragraphs(body, panelData.intro, 'panel-intro');
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
        paragraphs(sec, section.body);
      }
      sec.appendChild(refsLine(section.refs));
      body.appendChild(sec);
    });
    // What the route is called, and what the one line stands for.
    ['names', 'multimodal'].forEach(function (key) {
      var note = panelData[key];
      if (note && typeof note === 'object' && note.text) {
        var p = el('p', {'class': 'panel-note panel-note-' + key}, note.text);
        p.appendChild(document.createTextNode(' '));
        p.appendChild(refsLine(note.refs));
        body.appendChild(p);
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
      body.appendChild(tlSection);
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
      body.appendChild(srcSection);
    }
    if (panelData.cite) {
      var citeSection = el('section', {'class': 'panel-section panel-cite', id: 'panel-cite'});
      citeSection.appendChild(el('h3', null, 'How to cite and reuse'));
      paragraphs(citeSection, panelData.cite);
      body.appendChild(citeSection);
    }
    if (this.options.credits) {
      var credits = el('section', {'class': 'panel-section panel-credits', id: 'panel-credits'});
      credits.appendChild(el('h3', null, 'Sources and licences'));
      paragraphs(credits, this.options.credits);
      body.appendChild(credits);
    }
    return body;
  }
});

L.control.infoPanel = function (options) {
  return new L.Control.InfoPanel(options);
};
