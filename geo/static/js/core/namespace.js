/*
 * The browser side of the standalone offline map, as units in the way
 * Leaflet built itself: geo/static/js/manifest.txt lists the files in order,
 * each file assigns one thing (a control class and its factory, or a small
 * namespace of helpers), and geo/page/html.py wraps them all in one closure
 * that ends by calling L.Syunik.start().  A unit uses no name but `L`, the
 * browser's globals and what it is given: the context object of app.js
 * (tests/test_js_units.py checks this).
 *
 * Security model: every string found in the data is untrusted plain text.
 * DOM is built with createElement + textContent only.  Leaflet APIs that
 * interpret strings as HTML (layer control names, attribution) only ever
 * receive strings passed through L.Syunik.Dom.escapeHtml(); popups and
 * tooltips receive DOM elements.  Colours and dash patterns are validated
 * (core/style.js) before they reach the renderer.  Nothing here loads
 * anything from the network, except the optional online tile layers, which
 * are off until the user selects one.
 *
 * Plain ES2017, no eval, no inline event handler attributes (strict CSP).
 */
L.Syunik = {};
