  /* ------------------------------------------------------------------ */
  /* Views one button away: whole region, whole corridor                 */
  /* ------------------------------------------------------------------ */

  ICONS.region = [
    ['rect', {x: 3.5, y: 4.5, width: 17, height: 15, rx: 1.5}],
    ['path', {d: 'M7 15l3.5-4 3 2.5L17 9'}],
    ['circle', {cx: 12, cy: 12, r: 0.9, fill: 'currentColor'}]
  ];
  ICONS.wholeCorridor = [
    ['path', {d: 'M3 16.5L8 9.5L12 13L16 8.5L21 11'}],
    ['circle', {cx: 3, cy: 16.5, r: 1.6, fill: 'currentColor'}],
    ['circle', {cx: 21, cy: 11, r: 1.6, fill: 'currentColor'}],
    ['path', {d: 'M4 4.5h16', 'stroke-dasharray': '2 2'}]
  ];

  var btnRegion = makeButton('btn-fit-region', 'Show the whole region', 'region', function () {
    fitClear(viewBounds, true);
  });
  // Kars – Nakhchivan – TRIPP – Horadiz: offered only when the page has the
  // lines the route would join (a `connections` layer).
  var wholeCorridorBounds = toBounds(data.whole_corridor_bounds);
  var btnWholeCorridor = wholeCorridorBounds && Object.prototype.hasOwnProperty.call(leafletLayers, 'connections')
    ? makeButton('btn-fit-whole-corridor', 'Show the whole corridor, Kars to Horadiz', 'wholeCorridor', function () {
      fitClear(wholeCorridorBounds, true);
    })
    : null;
  (function addViewButtons() {
    var anchor = btnFit.parentNode ? btnFit : null;
    [btnWholeCorridor, btnRegion].forEach(function (button) {
      if (!button) {
        return;
      }
      if (anchor) {
        anchor.parentNode.insertBefore(button, anchor.nextSibling);
      }
    });
  })();
