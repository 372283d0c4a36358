/*
 * The story: the chapters of data.panel.story, one at a time, top right.
 * Each opens its view, shows its layers and draws the dated lines (the
 * connections, the history layer) as they stood at its date
 * (core/timeline.js): a feature that did not exist yet is not drawn.
 * Leaving keeps the view and the layers; the lines return to their status
 * of now.  Keys: the arrows step the way the text runs, Escape leaves.
 *
 *   L.control.story({ctx: ctx}).addTo(map)
 *
 * Every word is the reader's language's (ctx.i18n): a chapter's by its
 * catalogue keys panel.story.<id>.heading and .body.<n>, dates by the
 * language's patterns.  Fires 'storychange' {n, date} on the map (n null when
 * left); behaviour/hash.js keeps n in the fragment (story=3).
 */
L.Control.Story = L.Control.extend({
  options: {position: 'topright', ctx: null},

  onAdd: function (map) {
    var Dom = L.Syunik.Dom;
    var ctx = this.options.ctx;
    var t = ctx.t;
    var story = ctx.panelData.story;
    this._chapters = (story && Array.isArray(story.chapters) ? story.chapters : []).filter(function (c) {
      return c && typeof c === 'object';
    });
    this._n = null;
    this._saved = {};
    var box = Dom.el('div', {'class': 'leaflet-control story'});
    this._toggle = Dom.el('button', {type: 'button', id: 'story-toggle', 'class': 'map-btn story-toggle',
      'aria-expanded': 'false', 'aria-controls': 'story-card'}, t('ui.story.open'));
    var card = this._card = Dom.el('section', {id: 'story-card', 'class': 'story-card',
      'aria-labelledby': 'story-heading'});
    card.hidden = true;
    var top = Dom.el('div', {'class': 'story-top'});
    this._count = Dom.el('span', {'class': 'story-count'});
    this._leave = Dom.el('button', {type: 'button', 'class': 'story-leave'}, t('ui.story.leave'));
    top.appendChild(this._count);
    top.appendChild(this._leave);
    this._text = Dom.el('div', {'class': 'story-text', 'aria-live': 'polite', tabindex: '0'});
    var nav = Dom.el('div', {'class': 'story-nav'});
    this._prev = Dom.el('button', {type: 'button', 'class': 'story-prev'}, t('ui.story.previous'));
    this._next = Dom.el('button', {type: 'button', 'class': 'story-next'}, t('ui.story.next'));
    this._list = Dom.el('select', {'class': 'story-list', 'aria-label': t('ui.story.chapters')});
    this._chapters.forEach(function (c, i) {
      this._list.appendChild(Dom.el('option', {value: String(i + 1)},
        ctx.i18n.digits(i + 1) + '. ' + ctx.i18n.date(Dom.text(c.date)) + ' \u2014 ' + this._words(c).heading));
    }, this);
    nav.appendChild(this._prev);
    nav.appendChild(this._list);
    nav.appendChild(this._next);
    card.appendChild(top);
    card.appendChild(this._text);
    card.appendChild(nav);
    box.appendChild(this._toggle);
    box.appendChild(card);
    this._printBlock = Dom.el('section', {'class': 'print-story', id: 'print-story'});
    var header = document.getElementById('print-header');
    map.getContainer().parentNode.insertBefore(this._printBlock, header ? header.nextSibling : map.getContainer());
    box.hidden = !this._chapters.length;
    L.DomEvent.on(this._toggle, 'click', this._onToggle, this);
    L.DomEvent.on(this._leave, 'click', this.leave, this);
    L.DomEvent.on(this._prev, 'click', this._step.bind(this, -1));
    L.DomEvent.on(this._next, 'click', this._step.bind(this, 1));
    L.DomEvent.on(this._list, 'change', this._onList, this);
    L.DomEvent.on(card, 'keydown', this._onKey, this);
    Dom.isolate(box);
    return box;
  },

  onRemove: function () {
    this.leave();
    L.DomEvent.off(this._toggle);
    L.DomEvent.off(this._leave);
    L.DomEvent.off(this._prev);
    L.DomEvent.off(this._next);
    L.DomEvent.off(this._list);
    L.DomEvent.off(this._card);
    L.Syunik.Dom.remove(this._printBlock);
  },

  count: function () {
    return this._chapters.length;
  },

  // The chapter shown (1, 2, ...), or null outside the story.
  current: function () {
    return this._n;
  },

  // The bounds of the chapter shown, or null.
  bounds: function () {
    return this._n ? this._boundsOf(this._chapters[this._n - 1]) : null;
  },

  // Open chapter n; {view: false} keeps the view (a fragment gives its own).
  open: function (n, options) {
    var chapter = this._chapters[n - 1];
    if (!chapter) {
      return this;
    }
    var ctx = this.options.ctx;
    var map = this._map;
    this._n = n;
    var want = Array.isArray(chapter.layers) ? chapter.layers : [];
    // The chapter switches our layers only; the reader's own (--add) stay as they are.
    Object.keys(ctx.layers).forEach(function (id) {
      if ((ctx.defs[id] || {}).user === true) {
        return;
      }
      var on = want.indexOf(id) >= 0;
      if (on && !map.hasLayer(ctx.layers[id])) {
        map.addLayer(ctx.layers[id]);
      } else if (!on && map.hasLayer(ctx.layers[id])) {
        map.removeLayer(ctx.layers[id]);
      }
    });
    this._drawAt(chapter.date);
    this._render(chapter);
    this._show(true);
    if (!options || options.view !== false) {
      ctx.views.fitClear(this._boundsOf(chapter), false);
    }
    map.fire('storychange', {n: n, date: chapter.date});
    return this;
  },

  // Leave the story: the view and the layers stay, the lines are drawn as now.
  leave: function () {
    if (!this._n) {
      return this;
    }
    this._n = null;
    this._drawAt(null);
    this._show(false);
    this._printBlock.textContent = '';
    if (this._card.contains(document.activeElement) || document.activeElement === document.body) {
      this._toggle.focus();
    }
    this._map.fire('storychange', {n: null, date: null});
    return this;
  },

  // A chapter's heading and sentences in the reader's language (else the data's).
  _words: function (chapter) {
    var i18n = this.options.ctx.i18n;
    var key = 'panel.story.' + L.Syunik.Dom.text(chapter.id);
    var body = [];
    for (var n = 1; i18n.has(key + '.body.' + n); n += 1) {
      body.push(i18n.t(key + '.body.' + n));
    }
    return {
      heading: i18n.has(key + '.heading') ? i18n.t(key + '.heading') : L.Syunik.Dom.text(chapter.heading),
      body: body.length ? body : (Array.isArray(chapter.body) ? chapter.body.map(L.Syunik.Dom.text) : [])
    };
  },

  _boundsOf: function (chapter) {
    var views = this.options.ctx.views;
    var named = {first_view: views.first, corridor: views.corridor, whole_corridor: views.whole,
      region: views.region};
    if (Array.isArray(chapter.bounds)) {
      var b = L.latLngBounds(chapter.bounds);
      if (b.isValid()) {
        return b;
      }
    }
    return named[chapter.view] || views.region;
  },

  _show: function (open) {
    this._card.hidden = !open;
    this._toggle.hidden = open;
    this._toggle.setAttribute('aria-expanded', String(open));
    this._map.getContainer().classList.toggle('story-open', open);
  },

  // Draw every dated feature as it stood at `date` (null: as now).
  _drawAt: function (date) {
    var ctx = this.options.ctx;
    var Style = L.Syunik.Style;
    var Timeline = L.Syunik.Timeline;
    Object.keys(ctx.layers).forEach(function (id) {
      var def = ctx.defs[id] || {};
      var geo = ctx.layers[id];
      if (!def.status_styles && !this._saved[id]) {
        return;
      }
      var saved = this._saved[id] = this._saved[id] || {style: geo.options.style, all: geo.getLayers()};
      var layerStyle = Style.pick(def.style);
      var statusStyles = {};
      Object.keys(def.status_styles || {}).forEach(function (s) {
        statusStyles[s] = Style.pick(def.status_styles[s]);
      });
      geo.options.style = date === null ? saved.style : function (feature) {
        var props = (feature && feature.properties) || {};
        var then = Timeline.styleAt(layerStyle, statusStyles, props, date);
        return Object.assign(saved.style(feature), then ? Style.pick(then) : {});
      };
      saved.all.forEach(function (layer) {
        var props = (layer.feature && layer.feature.properties) || {};
        var drawn = date === null || Timeline.statusAt(props, date) !== null;
        if (!drawn && geo.hasLayer(layer)) {
          geo.removeLayer(layer);
        } else if (drawn && !geo.hasLayer(layer)) {
          geo.addLayer(layer);
        }
        if (drawn) {
          geo.resetStyle(layer);
        }
      });
    }, this);
  },

  _render: function (chapter) {
    var Dom = L.Syunik.Dom;
    var ctx = this.options.ctx;
    var t = ctx.t;
    var n = this._n;
    var total = this._chapters.length;
    this._count.textContent = t('ui.story.count', {n: n, total: total});
    var i18n = ctx.i18n;
    var words = this._words(chapter);
    var parts = [];
    var date = Dom.el('p', {'class': 'story-date'});
    date.appendChild(Dom.time(chapter.date, i18n.date(Dom.text(chapter.date))));
    if (chapter.date_to) {
      date.appendChild(document.createTextNode(' \u2013 '));
      date.appendChild(Dom.time(chapter.date_to, i18n.date(Dom.text(chapter.date_to))));
    }
    parts.push(date);
    parts.push(Dom.el('h2', {id: 'story-heading', 'class': 'story-heading'}, words.heading));
    words.body.forEach(function (sentence) {
      parts.push(Dom.el('p', {'class': 'story-sentence'}, sentence));
    });
    var refs = Array.isArray(chapter.refs) ? chapter.refs : [];
    var byN = {};
    (Array.isArray(ctx.panelData.sources) ? ctx.panelData.sources : []).forEach(function (s) {
      if (s && typeof s.n === 'number') {
        byN[s.n] = s;
      }
    });
    var list = Dom.el('ol', {'class': 'story-sources', 'aria-label': t('ui.panel.sources')});
    refs.forEach(function (r) {
      if (byN[r]) {
        var li = Dom.el('li', {value: String(r)});
        li.appendChild(Dom.citation(byN[r], i18n));
        list.appendChild(li);
      }
    });
    parts.push(list);
    this._text.textContent = '';
    this._printBlock.textContent = '';
    parts.forEach(function (node) {
      this._text.appendChild(node);
      if (node !== list) {
        this._printBlock.appendChild(node.cloneNode(true));
      }
    }, this);
    this._printBlock.querySelector('h2').removeAttribute('id');
    var focused = document.activeElement;
    this._prev.disabled = n <= 1;
    this._next.disabled = n >= total;
    if (focused && focused.disabled) {
      (focused === this._prev ? this._next : this._prev).focus();
    }
    this._list.value = String(n);
  },

  _step: function (by) {
    var n = (this._n || 0) + by;
    if (n >= 1 && n <= this._chapters.length) {
      this.open(n);
    }
  },

  _onList: function () {
    this.open(Number(this._list.value));
  },

  _onToggle: function () {
    this.open(1);
    this._next.focus();
  },

  _onKey: function (ev) {
    if (ev.key === 'Escape') {
      L.DomEvent.stop(ev);
      this.leave();
    } else if ((ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') && ev.target !== this._list) {
      L.DomEvent.stop(ev);
      // the next chapter lies the way the text runs: to the left in Persian
      var rtl = document.documentElement.getAttribute('dir') === 'rtl';
      this._step((ev.key === 'ArrowRight') !== rtl ? 1 : -1);
    }
  }
});

L.control.story = function (options) {
  return new L.Control.Story(options);
};
