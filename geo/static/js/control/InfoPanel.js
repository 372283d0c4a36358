/*
 * The information panel: the text of geo/data/annotations.toml beside the
 * map (an <aside>, first in the tab order), and its toggle button, top left.
 *
 *   L.control.infoPanel({panel: data.panel, title, credits, i18n}).addTo(map)
 *
 * Every word is the reader's language's (i18n, core/i18n.js): the panel's
 * text by its catalogue key (panel.intro, panel.section.<id>.body,
 * panel.timeline.<key>.text …), dates by the language's patterns.  The titles
 * of cited works stay in their own language, as <cite lang>.
 * Fires 'infopaneltoggle' {open} on the map when it opens or closes.
 */
L.Control.InfoPanel = L.Control.extend({
  options: {
    position: 'topleft',
    // data.panel: title, as_of, intro, sections, timeline, sources, cite
    panel: {},
    // fallback title
    title: '',
    // data.credits
    credits: '',
    // the page data, for the Data section (control/PanelData.js)
    data: null,
    // the page's layers, their geometry decoded
    layers: [],
    // core/i18n.js
    i18n: null,
    // the reader's date (a Date); the clock when null
    now: null
  },

  onAdd: function (map) {
    var Dom = L.Syunik.Dom;
    var panelData = this.options.panel && typeof this.options.panel === 'object' ? this.options.panel : {};
    var t = this.options.i18n.t;
    this._open = false;
    this._aside = Dom.el('aside', {id: 'panel', 'class': 'panel', 'aria-labelledby': 'panel-title'});
    var header = Dom.el('div', {'class': 'panel-header'});
    this._heading = Dom.el('h2', {id: 'panel-title', 'class': 'panel-title', tabindex: '-1'},
      Dom.text(this.options.title || t('ui.panel.about')));
    var close = Dom.el('button', {
      type: 'button', 'class': 'panel-close', 'aria-label': t('ui.panel.close'),
      title: t('ui.panel.close_title'), 'aria-controls': 'panel'
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
      'aria-controls': 'panel', 'aria-expanded': 'false', 'aria-label': t('ui.panel.toggle')
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
    this._toggle.title = this.options.i18n.t(this._open ? 'ui.panel.hide' : 'ui.panel.show');
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
    var i18n = this.options.i18n;
    var t = i18n.t;
    var body = el('div', {'class': 'panel-body'});

    // The catalogue's text of a key, else the data's (a page built with
    // another --annotations file has its own keys in English).
    function words(key, fallback) {
      return i18n.has(key) ? t(key) : text(fallback);
    }

    // The sentences of a list keyed <key>.1, <key>.2 … (else the data's list).
    function sentences(key, fallback) {
      var out = [];
      for (var n = 1; i18n.has(key + '.' + n); n += 1) {
        out.push(t(key + '.' + n, {as_of: i18n.date(text(panelData.as_of))}));
      }
      return out.length ? out : (Array.isArray(fallback) ? fallback.map(text) : []);
    }

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
        t('ui.panel.source_label', {n: numbers.length}) + ' '));
      // each number a link to its source (control/PanelNav.js moves there without the fragment)
      numbers.forEach(function (n, i) {
        if (i) {
          small.appendChild(document.createTextNode(t('ui.panel.separator')));
        }
        small.appendChild(L.Syunik.PanelNav.ref(n, i18n));
      });
      return small;
    }

    function sourceItem(source) {
      var li = el('li', {'class': 'panel-source-item', value: String(source.n),
        id: 'panel-source-' + source.n, tabindex: '-1'});
      li.appendChild(Dom.citation(source, i18n));
      var url = text(source.url);
      if (/^https:\/\/[^\s"<>]+$/.test(url)) {
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('a', {href: url, rel: 'noopener noreferrer', target: '_blank',
          'class': 'panel-source-url', dir: 'ltr'}, url.replace(/^https:\/\//, '')));
      }
      if (source.primary === true) {
        li.appendChild(el('span', {'class': 'panel-source-primary'}, ' ' + t('ui.panel.primary_source')));
      }
      li.appendChild(document.createTextNode(' '));
      li.appendChild(L.Syunik.PanelNav.back(source.n, i18n));
      return li;
    }

    var stale = panelData.staleness;
    if (stale && L.Control.InfoPanel.isStale(stale.after, this.options.now || new Date())) {
      var notice = el('div', {'class': 'panel-stale', id: 'panel-stale', role: 'note'});
      sentences('panel.staleness.text', stale.text).forEach(function (sentence) {
        notice.appendChild(el('p', null, sentence.replace('{as_of}', i18n.date(text(panelData.as_of)))));
      });
      body.appendChild(notice);
    }
    if (panelData.as_of) {
      var asOf = el('p', {'class': 'panel-asof', id: 'panel-asof'});
      var asOfParts = t('ui.panel.as_of').split('{date}');
      var asOfTime = el('time', null, i18n.date(text(panelData.as_of)));
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text(panelData.as_of))) {
        asOfTime.setAttribute('datetime', text(panelData.as_of));
      }
      asOf.appendChild(document.createTextNode(asOfParts[0]));
      asOf.appendChild(asOfTime);
      asOf.appendChild(document.createTextNode(asOfParts.slice(1).join('')));
      body.appendChild(asOf);
    }
    if (panelData.intro || i18n.has('panel.intro')) {
      paragraphs(body, words('panel.intro', panelData.intro), 'panel-intro');
    }
    (Array.isArray(panelData.sections) ? panelData.sections : []).forEach(function (section) {
      if (!section || typeof section !== 'object') {
        return;
      }
      var sec = el('section', {'class': 'panel-section'});
      if (section.id !== undefined && section.id !== null) {
        sec.id = 'panel-section-' + String(section.id).replace(/[^A-Za-z0-9_-]/g, '_');
      }
      var key = 'panel.section.' + text(section.id);
      if (section.title || i18n.has(key + '.title')) {
        sec.appendChild(el('h3', null, words(key + '.title', section.title)));
      }
      if (section.body || i18n.has(key + '.body')) {
        paragraphs(sec, words(key + '.body', section.body));
      }
      sec.appendChild(refsLine(section.refs));
      body.appendChild(sec);
    });
    // What the route is called, and what the one line stands for.
    ['names', 'multimodal'].forEach(function (key) {
      var note = panelData[key];
      if (note && typeof note === 'object') {
        var p = el('p', {'class': 'panel-note panel-note-' + key}, words('panel.' + key, note.text));
        p.appendChild(document.createTextNode(' '));
        p.appendChild(refsLine(note.refs));
        body.appendChild(p);
      }
    });
    var ground = Array.isArray(panelData.terrain) ? panelData.terrain : [];
    if (ground.length) {
      var terrainSection = el('section', {'class': 'panel-section panel-terrain', id: 'panel-terrain'});
      terrainSection.appendChild(el('h3', null, t('ui.panel.terrain')));
      ground.forEach(function (note) {
        if (note && typeof note === 'object') {
          var id = text(note.id);
          var p = el('p', {'class': 'panel-terrain-note', id: 'panel-terrain-' + id.replace(/[^A-Za-z0-9_-]/g, '_')},
            sentences('panel.terrain.' + id + '.text', note.text).join(' '));
          p.appendChild(document.createTextNode(' '));
          p.appendChild(refsLine(note.refs));
          terrainSection.appendChild(p);
        }
      });
      body.appendChild(terrainSection);
    }
    var timeline = Array.isArray(panelData.timeline) ? panelData.timeline : [];
    if (timeline.length) {
      var tlSection = el('section', {'class': 'panel-section panel-timeline', id: 'panel-timeline'});
      tlSection.appendChild(el('h3', null, t('ui.panel.timeline')));
      var list = el('ol', {'class': 'timeline'});
      timeline.forEach(function (item) {
        if (!item || typeof item !== 'object') {
          return;
        }
        var li = el('li', {'class': 'timeline-item'});
        var date = text(item.date);
        var time = el('time', {'class': 'timeline-date'}, i18n.date(date));
        if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) {
          time.setAttribute('datetime', date);
        }
        li.appendChild(time);
        var entry = words('panel.timeline.' + text(item.key) + '.text', item.text);
        if (entry) {
          li.appendChild(el('p', {'class': 'timeline-text'}, entry));
        }
        li.appendChild(refsLine(item.refs));
        list.appendChild(li);
      });
      tlSection.appendChild(list);
      body.appendChild(tlSection);
    }
    var corrections = Array.isArray(panelData.corrections) ? panelData.corrections : [];
    if (corrections.length) {
      var fixSection = el('section', {'class': 'panel-section panel-corrections', id: 'panel-corrections'});
      fixSection.appendChild(el('h3', null, t('ui.panel.corrections')));
      var fixList = el('ol', {'class': 'panel-correction-list'});
      corrections.forEach(function (item) {
        if (!item || typeof item !== 'object') {
          return;
        }
        var key = 'panel.correction.' + text(item.id);
        var li = el('li', {'class': 'panel-correction'});
        var head = el('p', {'class': 'panel-correction-head'});
        head.appendChild(Dom.time(item.date, i18n.date(text(item.date))));
        head.appendChild(document.createTextNode(' '));
        head.appendChild(el('strong', null, words(key + '.heading', item.heading)));
        li.appendChild(head);
        [['was', 'ui.panel.was'], ['now', 'ui.panel.now']].forEach(function (pair) {
          var p = el('p', {'class': 'panel-correction-' + pair[0]});
          p.appendChild(el('span', {'class': 'panel-correction-label'}, t(pair[1]) + ' '));
          p.appendChild(document.createTextNode(sentences(key + '.' + pair[0], item[pair[0]]).join(' ')));
          li.appendChild(p);
        });
        li.appendChild(refsLine(item.refs));
        fixList.appendChild(li);
      });
      fixSection.appendChild(fixList);
      body.appendChild(fixSection);
    }
    var cited = Array.isArray(panelData.sources) ? panelData.sources : [];
    if (cited.length) {
      var srcSection = el('section', {'class': 'panel-section panel-sources', id: 'panel-sources'});
      srcSection.appendChild(el('h3', null, t('ui.panel.sources')));
      var srcList = el('ol', {'class': 'panel-source-list'});
      cited.forEach(function (source) {
        if (source && typeof source === 'object') {
          srcList.appendChild(sourceItem(source));
        }
      });
      srcSection.appendChild(srcList);
      body.appendChild(srcSection);
    }
    if (panelData.cite || panelData.version) {
      var citeSection = el('section', {'class': 'panel-section panel-cite', id: 'panel-cite'});
      citeSection.appendChild(el('h3', null, t('ui.panel.cite')));
      paragraphs(citeSection, panelData.version ? t('ui.cite.text', {
        version: text(panelData.version), date: i18n.date(text(panelData.as_of))
      }) : panelData.cite);
      body.appendChild(citeSection);
    }
    // control/PanelData.js: the downloads and the map as text
    if (this.options.data) {
      body.appendChild(L.Syunik.PanelData.section(this.options.data, this.options.layers, i18n));
    }
    if (this.options.credits) {
      var credits = el('section', {'class': 'panel-section panel-credits', id: 'panel-credits'});
      credits.appendChild(el('h3', null, t('ui.panel.credits')));
      paragraphs(credits, this.options.credits);
      body.appendChild(credits);
    }
    L.Syunik.PanelNav.contents(body, panelData, i18n);
    return body;
  }
});

// Whether a page opened on `now` (a Date) is past `after` (YYYY-MM-DD), by
// the reader's own calendar day.
L.Control.InfoPanel.isStale = function (after, now) {
  if (typeof after !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(after) || !now ||
      typeof now.getFullYear !== 'function' || isNaN(now.getTime())) {
    return false;
  }
  var pad = function (v) { return (v < 10 ? '0' : '') + v; };
  return now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate()) > after;
};

L.control.infoPanel = function (options) {
  return new L.Control.InfoPanel(options);
};
