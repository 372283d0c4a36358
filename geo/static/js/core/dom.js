/*
 * DOM helpers: elements built with textContent only, the icons, and keeping
 * pointer events on our own boxes from reaching the map.
 */
L.Syunik.Dom = (function () {
  var SVG_NS = 'http://www.w3.org/2000/svg';

  function escapeHtml(value) {
    return String(value == null ? '' : value)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  function text(value) {
    return value == null ? '' : String(value);
  }

  // Create an HTML element.  attrs are set with setAttribute (never event
  // handler attributes); content is set with textContent.
  function el(tag, attrs, content) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (/^on/i.test(name)) {
          throw new Error('map.js: refusing to set event handler attribute ' + name);
        }
        if (attrs[name] !== undefined && attrs[name] !== null && attrs[name] !== false) {
          node.setAttribute(name, attrs[name] === true ? '' : String(attrs[name]));
        }
      });
    }
    if (content !== undefined && content !== null) {
      node.textContent = String(content);
    }
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, String(attrs[name]));
    });
    return node;
  }

  // Icons: 24x24 stroke icons drawn with currentColor.  Each spec entry is
  // [tagName, attributes].
  var ICONS = {
    info: [
      ['circle', {cx: 12, cy: 12, r: 9}],
      ['path', {d: 'M12 11v6'}],
      ['circle', {cx: 12, cy: 7.6, r: 0.6, fill: 'currentColor'}]
    ],
    distance: [
      ['path', {d: 'M4 18L9.5 9.5L14.5 14L20 5.5'}],
      ['circle', {cx: 4, cy: 18, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 9.5, cy: 9.5, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 14.5, cy: 14, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 20, cy: 5.5, r: 1.6, fill: 'currentColor'}]
    ],
    area: [
      ['path', {d: 'M5 18L6.5 6L17 4.5L19.5 15.5Z', fill: 'currentColor', 'fill-opacity': 0.18}],
      ['circle', {cx: 5, cy: 18, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 6.5, cy: 6, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 17, cy: 4.5, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 19.5, cy: 15.5, r: 1.6, fill: 'currentColor'}]
    ],
    corridor: [
      ['path', {d: 'M4 8.5V4h4.5M15.5 4H20v4.5M20 15.5V20h-4.5M8.5 20H4v-4.5'}],
      ['path', {d: 'M8 15.5l3-4.5 2.5 2.5L16.5 8.5', 'stroke-dasharray': '2.2 1.6'}]
    ],
    region: [
      ['rect', {x: 3.5, y: 4.5, width: 17, height: 15, rx: 1.5}],
      ['path', {d: 'M7 15l3.5-4 3 2.5L17 9'}],
      ['circle', {cx: 12, cy: 12, r: 0.9, fill: 'currentColor'}]
    ],
    wholeCorridor: [
      ['path', {d: 'M3 16.5L8 9.5L12 13L16 8.5L21 11'}],
      ['circle', {cx: 3, cy: 16.5, r: 1.6, fill: 'currentColor'}],
      ['circle', {cx: 21, cy: 11, r: 1.6, fill: 'currentColor'}],
      ['path', {d: 'M4 4.5h16', 'stroke-dasharray': '2 2'}]
    ],
    fullscreen: [
      ['path', {d: 'M14 4h6v6M20 4l-6.5 6.5M10 20H4v-6M4 20l6.5-6.5'}]
    ],
    exitFullscreen: [
      ['path', {d: 'M19.5 10.5h-6v-6M13.5 10.5L20 4M4.5 13.5h6v6M10.5 13.5L4 20'}]
    ],
    layers: [
      ['path', {d: 'M12 3.5L21 8.5L12 13.5L3 8.5Z', fill: 'currentColor', 'fill-opacity': 0.18}],
      ['path', {d: 'M3 12.5L12 17.5L21 12.5'}],
      ['path', {d: 'M3 16.5L12 21.5L21 16.5'}]
    ],
    close: [
      ['path', {d: 'M6 6l12 12M18 6L6 18'}]
    ]
  };

  function icon(name) {
    var svg = svgEl('svg', {
      viewBox: '0 0 24 24', width: 22, height: 22, 'aria-hidden': 'true', focusable: 'false',
      fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8,
      'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'class': 'map-icon'
    });
    ICONS[name].forEach(function (part) {
      svg.appendChild(svgEl(part[0], part[1]));
    });
    return svg;
  }

  // An icon button; returns the button and a function that removes its listener.
  function button(id, label, iconName, onClick, toggle) {
    var node = el('button', {
      type: 'button', id: id, 'class': 'map-btn', 'aria-label': label, title: label
    });
    if (toggle) {
      node.setAttribute('aria-pressed', 'false');
    }
    node.appendChild(icon(iconName));
    L.DomEvent.on(node, 'click', function (ev) {
      L.DomEvent.stop(ev);
      onClick(ev);
    });
    return node;
  }

  // Keep pointer / wheel events on our own UI from reaching the map.
  function isolate(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    L.DomEvent.on(node, 'mousemove', L.DomEvent.stopPropagation);
  }

  // A <time> with its ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when well formed.
  function time(iso, label) {
    var node = el('time', null, text(label || iso));
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text(iso))) {
      node.setAttribute('datetime', text(iso));
    }
    return node;
  }

  // A source for readers: the publisher (our words, catalogue key
  // panel.source.<id>.publisher), the work's own title in <cite lang> (or our
  // description of an untitled work, panel.source.<id>.description) and the
  // date in the reader's language (i18n, core/i18n.js); else the citation.
  function citation(source, i18n) {
    var span = el('span', {'class': 'citation'});
    if (!source.title) {
      span.textContent = text(source.citation);
      return span;
    }
    var key = 'panel.source.' + text(source.id) + '.publisher';
    var comma = i18n.t('ui.panel.separator');
    span.appendChild(document.createTextNode((i18n.has(key) ? i18n.t(key) : text(source.publisher)) + comma));
    var lang = /^[a-z]{2,3}$/.test(text(source.title_lang)) ? text(source.title_lang) : null;
    var described = 'panel.source.' + text(source.id) + '.description';
    // an untitled work is described in the reader's words, not cited by a title
    var cite = i18n.has(described) ? el('span', {'class': 'citation-description'}, i18n.t(described))
      : el('cite', {lang: lang}, text(source.title));
    if (!i18n.has(described) && lang !== i18n.lang) {
      cite.setAttribute('dir', 'auto');
    }
    span.appendChild(cite);
    span.appendChild(document.createTextNode(comma));
    // in the reader's direction, on its own: after a Latin title its digits would not be
    var when = time(source.date, i18n.date(text(source.date)));
    when.setAttribute('dir', i18n.dir);
    span.appendChild(when);
    return span;
  }

  function remove(node) {
    if (node && node.parentNode) {
      node.parentNode.removeChild(node);
    }
  }

  return {
    escapeHtml: escapeHtml, text: text, el: el, svgEl: svgEl, icon: icon, ICONS: ICONS,
    button: button, isolate: isolate, remove: remove, time: time, citation: citation
  };
}());
