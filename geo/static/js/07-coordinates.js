  /* ------------------------------------------------------------------ */
  /* Scale and coordinates (bottom left)                                 */
  /* ------------------------------------------------------------------ */

  var coordsBox = el('div', {id: 'coords', 'class': 'leaflet-control coords'});
  var CoordsControl = L.Control.extend({
    options: {position: 'bottomleft'},
    onAdd: function () {
      isolate(coordsBox);
      return coordsBox;
    }
  });
  new CoordsControl().addTo(map);
  coordsBox.textContent = formatLatLng(map.getCenter());
  coordsBox.title = 'Coordinates under the pointer (WGS84)';
  map.on('mousemove click', function (e) {
    coordsBox.textContent = formatLatLng(e.latlng);
  });
  L.control.scale({metric: true, imperial: false, position: 'bottomleft', maxWidth: 140}).addTo(map);

