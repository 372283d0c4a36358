/*
 * The still preview of the first view (<svg id="map-preview">, drawn by
 * geo/page/preview.py) stays in the map's place until the live map is ready;
 * then it goes, so the map's own layers, names and controls are all there is.
 * Without JavaScript it stays, with the page's text.
 */
L.Syunik.removePreview = function () {
  var preview = document.getElementById('map-preview');
  if (preview && preview.parentNode) {
    preview.parentNode.removeChild(preview);
  }
};
