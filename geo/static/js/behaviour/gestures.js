/*
 * Cooperative gestures in a frame: when the page is embedded (an <iframe> in
 * an article), the wheel and one finger scroll the article, not the map.
 * The map zooms with Ctrl/Cmd + wheel at once, or with the plain wheel once
 * the reader has clicked the map (until the pointer leaves it); on touch two
 * fingers pan and zoom it.  A short hint in the reader's language says so.
 * Outside a frame nothing changes.
 *
 * L.Syunik.gestures(ctx) returns {framed, isActive, hint} (hint: the element).
 * L.Syunik.gestures.decide(state) is the pure rule (tests/js/gestures.test.mjs).
 */
L.Syunik.gestures = function (ctx) {
  var Gestures = L.Syunik.gestures;
  var map = ctx.map;
  var container = ctx.container;
  var framed = Gestures.isFramed(window);
  if (!framed) {
    return {framed: false, isActive: function () { return true; }, hint: null};
  }
  var mac = /Mac|iPhone|iPad/.test(window.navigator.platform || '');
  var hint = L.Syunik.Dom.el('div', {'class': 'gesture-hint', 'aria-hidden': 'true', dir: ctx.i18n.dir});
  var words = L.Syunik.Dom.el('span', {'class': 'gesture-hint-text'});
  hint.appendChild(words);
  container.appendChild(hint);
  container.classList.add('is-cooperative');
  var active = false;
  var hideTimer = null;
  var HINT_MS = 1800;

  function show(key) {
    words.textContent = ctx.t(key);
    hint.classList.add('is-shown');
    if (hideTimer) {
      window.clearTimeout(hideTimer);
    }
    hideTimer = window.setTimeout(function () {
      hint.classList.remove('is-shown');
      hideTimer = null;
    }, HINT_MS);
  }

  function hide() {
    hint.classList.remove('is-shown');
  }

  // Over a control or the panel the wheel is theirs (they scroll or ignore it).
  function overControl(target) {
    return !!(target && target.closest &&
      target.closest('.leaflet-control-container, .panel, .leaflet-popup'));
  }

  // Before Leaflet's own wheel handler (on the container, bubbling) sees it:
  // a wheel the map should not take goes on to the page, unprevented.
  container.addEventListener('wheel', function (event) {
    if (overControl(event.target)) {
      return;
    }
    var what = Gestures.decide({active: active, ctrl: event.ctrlKey, meta: event.metaKey});
    if (what === 'scroll') {
      event.stopPropagation();
      show(mac ? 'ui.gestures.wheel_mac' : 'ui.gestures.wheel');
    } else {
      hide();
    }
  }, {capture: true, passive: true});

  // A click on the map (not on a control) lets the plain wheel zoom it.
  container.addEventListener('pointerdown', function (event) {
    if (event.pointerType === 'mouse' && !overControl(event.target)) {
      active = true;
      map.dragging.enable();
      container.classList.add('is-gesture-active');
      hide();
    }
  }, true);
  function sleep() {
    active = false;
    container.classList.remove('is-gesture-active');
  }
  container.addEventListener('mouseleave', sleep);
  window.addEventListener('blur', sleep);

  // Touch: one finger scrolls the page (touch-action in gestures.css, and no
  // dragging); two fingers move and zoom the map.  Pointer events come before
  // the touch events, and this listener (capturing) before Leaflet's.
  var fingers = {};
  var count = 0;
  var moved = false;
  container.addEventListener('pointerdown', function (event) {
    if (event.pointerType !== 'touch' || overControl(event.target)) {
      return;
    }
    if (!fingers[event.pointerId]) {
      fingers[event.pointerId] = true;
      count += 1;
    }
    if (count >= 2) {
      map.dragging.enable();
      hide();
    } else {
      moved = false;
      map.dragging.disable();
    }
  }, true);
  function lift(event) {
    if (fingers[event.pointerId]) {
      delete fingers[event.pointerId];
      count -= 1;
    }
  }
  window.addEventListener('pointerup', lift, true);
  window.addEventListener('pointercancel', lift, true);
  container.addEventListener('touchmove', function (event) {
    if (overControl(event.target)) {
      return;
    }
    if (event.touches.length >= 2) {
      // the map takes this gesture: keep the page from scrolling with it
      if (event.cancelable) {
        event.preventDefault();
      }
    } else if (!moved) {
      moved = true;
      show('ui.gestures.touch');
    }
  }, {capture: true, passive: false});

  return {
    framed: true,
    isActive: function () { return active; },
    hint: hint
  };
};

// True when the page is shown inside another page (a frame we may not read).
L.Syunik.gestures.isFramed = function (win) {
  try {
    return win.self !== win.top;
  } catch (error) {
    return true;
  }
};

// What a wheel over the map does in a frame: 'zoom' with Ctrl or Cmd held or
// after a click on the map, 'scroll' (the page's) otherwise.
L.Syunik.gestures.decide = function (state) {
  return state && (state.active || state.ctrl || state.meta) ? 'zoom' : 'scroll';
};
