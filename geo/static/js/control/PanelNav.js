/*
 * Moving inside the information panel without touching the URL fragment
 * (it holds the view, the layers, the language and the story):
 *
 *   L.Syunik.PanelNav.contents(body, panelData, i18n)  the contents list, at the top of the body
 *   L.Syunik.PanelNav.ref(n, i18n)                     a source number, a link to the source
 *   L.Syunik.PanelNav.back(n, i18n)                    a source's link back to where it was cited
 *
 * The links have real targets (#panel-source-3), so they read and work as
 * links, but a click never follows them: it scrolls the panel to the target
 * and moves focus there, and location.hash stays as it was.  A target that
 * is hidden behind a disclosure button (the map as text) is opened first.
 */
L.Syunik.PanelNav = (function () {
  var count = 0;
  // source number: id of its first citation
  var first = {};
  // source number: id of the citation the reader followed last
  var cameFrom = {};

  // Scroll the panel's body (not the page or the map) to the target, then focus it.
  function jump(target) {
    if (!target) {
      return;
    }
    if (target.hidden) {
      var opener = document.querySelector('[aria-controls="' + target.id + '"][aria-expanded="false"]');
      if (opener) {
        // it opens the target and moves focus into it
        opener.click();
        return;
      }
    }
    var scroller = target.closest('.panel-body');
    if (scroller) {
      scroller.scrollTop += target.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
    }
    if (!target.hasAttribute('tabindex')) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus({preventScroll: true});
  }

  // A link to the element with id `target` (a function for one known only at the click).
  function link(target, label, attrs) {
    var name = typeof target === 'function' ? target() : target;
    var a = L.Syunik.Dom.el('a', Object.assign({href: '#' + name}, attrs || {}), label);
    L.DomEvent.on(a, 'click', function (ev) {
      ev.preventDefault();
      var id = typeof target === 'function' ? target() : target;
      if (a.onJump) {
        a.onJump();
      }
      jump(document.getElementById(id));
    });
    return a;
  }

  function ref(n, i18n) {
    count += 1;
    var id = 'panel-cite-' + count;
    first[n] = first[n] || id;
    var a = link('panel-source-' + n, i18n.digits(n), {id: id, 'class': 'panel-ref', 'data-ref': String(n)});
    a.onJump = function () {
      cameFrom[n] = id;
    };
    return a;
  }

  function back(n, i18n) {
    var label = i18n.t('ui.panel.back');
    return link(function () {
      return cameFrom[n] || first[n] || 'panel-title';
    }, '\u21a9', {'class': 'panel-ref-back', 'aria-label': label, title: label});
  }

  function contents(body, panelData, i18n) {
    var el = L.Syunik.Dom.el;
    var t = i18n.t;
    var nav = el('nav', {'class': 'panel-contents', 'aria-labelledby': 'panel-contents-title'});
    nav.appendChild(el('h3', {id: 'panel-contents-title', 'class': 'panel-contents-title'}, t('ui.panel.contents')));
    var list = el('ul', {'class': 'panel-contents-list'});
    function entry(target, label) {
      var li = el('li');
      li.appendChild(link(target, label));
      list.appendChild(li);
    }
    var items = body.querySelectorAll('.timeline > li');
    var timeline = Array.isArray(panelData.timeline) ? panelData.timeline : [];
    if (items.length && timeline.length) {
      var newest = items[items.length - 1];
      newest.id = 'panel-latest';
      entry('panel-latest', t('ui.panel.latest', {date: i18n.date(String(timeline[timeline.length - 1].date))}));
    }
    Array.prototype.forEach.call(body.children, function (section) {
      var heading = section.id && section.tagName === 'SECTION' ? section.querySelector('h3') : null;
      if (heading) {
        entry(section.id, heading.textContent);
        if (section.querySelector('#map-as-text')) {
          entry('map-as-text', t('ui.astext.title'));
        }
      }
    });
    nav.appendChild(list);
    // first but for the notice that the facts may be stale and the "as of" line
    var next = body.firstChild;
    while (next && (next.id === 'panel-stale' || next.id === 'panel-asof')) {
      next = next.nextSibling;
    }
    body.insertBefore(nav, next);
    // a section another unit adds to the panel later (the embed code) gets its entry too
    if (window.MutationObserver) {
      new window.MutationObserver(function (records) {
        records.forEach(function (record) {
          Array.prototype.forEach.call(record.addedNodes, function (node) {
            var heading = node.id && node.tagName === 'SECTION' ? node.querySelector('h3') : null;
            if (heading) {
              entry(node.id, heading.textContent);
            }
          });
        });
      }).observe(body, {childList: true});
    }
    return nav;
  }

  return {contents: contents, ref: ref, back: back, jump: jump};
}());
