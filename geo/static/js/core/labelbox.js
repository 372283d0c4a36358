/*
 * Where a name goes: the box maths of the names on the map, in pixels.
 * Pure (tests/js/labelbox.test.mjs); layer/labels.js measures the names and
 * the obstacles and applies the result.
 *
 * A label is {at: {x, y}, w, h, sides: [...], gap, kind, dotLayer}.  Each side
 * is a name ('right', 'below', ...) and may carry its own gap in px after a
 * colon ('below:30').  Boxes are {x0, y0, x1, y1}.
 */
L.Syunik.LabelBox = (function () {
  var GAP_PX = 2;
  var CLEAR_PX = 4;

  // Offsets of a name's top-left corner from its anchor, per side.
  function sideOffset(sideSpec, w, h, defaultGap) {
    var parts = sideSpec.split(':');
    var side = parts[0];
    var gap = parts.length > 1 ? Number(parts[1]) : defaultGap;
    switch (side) {
      case 'right': return [gap, -h / 2];
      case 'left': return [-gap - w, -h / 2];
      case 'above': return [-w / 2, -gap - h];
      case 'below': return [-w / 2, gap];
      case 'aboveRight': return [gap * 0.7, -gap * 0.7 - h];
      case 'belowRight': return [gap * 0.7, gap * 0.7];
      case 'aboveLeft': return [-gap * 0.7 - w, -gap * 0.7 - h];
      case 'belowLeft': return [-gap * 0.7 - w, gap * 0.7];
      case 'up': return [-w / 2, -h / 2 - h];
      case 'down': return [-w / 2, h / 2];
      case 'shiftLeft': return [-w * 0.85, -h / 2];
      case 'shiftRight': return [-w * 0.15, -h / 2];
      case 'upLeft': return [-w * 0.85, -h / 2 - h];
      case 'upRight': return [-w * 0.15, -h / 2 - h];
      case 'downLeft': return [-w * 0.85, h / 2];
      case 'downRight': return [-w * 0.15, h / 2];
      // centre
      default: return [-w / 2, -h / 2];
    }
  }

  // How far to move a box starting at `start` (length `length`) to bring it
  // inside [0, limit] with a margin, by at most half its length.
  function slide(start, length, limit) {
    var margin = GAP_PX + 2;
    var shift = start < margin ? margin - start
      : start + length > limit - margin ? limit - margin - start - length : 0;
    return Math.abs(shift) <= length / 2 ? shift : 0;
  }

  function overlap(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  // Distance in px from a box to a point (0 inside).
  function distance(box, p) {
    var dx = Math.max(box.x0 - p.x, 0, p.x - box.x1);
    var dy = Math.max(box.y0 - p.y, 0, p.y - box.y1);
    return Math.sqrt(dx * dx + dy * dy);
  }

  // Whether a place's name in `box` reads as another dot's: that dot is not
  // farther from the name than the place's own anchor, by CLEAR_PX.
  function nearerOther(label, box, dots) {
    var own = distance(box, label.at);
    return dots.some(function (dot) {
      var b = dot.box;
      return dot.layer !== label.dotLayer &&
        distance(box, {x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2}) < own + CLEAR_PX;
    });
  }

  // The first side of `label` where its box lies inside the map (size {x, y})
  // and overlaps no box of `placed`, no dot of `dots` ({layer, box}) but its
  // own, a place's name sits nearer its own anchor than any other dot, and
  // (first pass) no point of `line`: {side, off, box}, or null.
  function choose(label, size, placed, dots, line) {
    line = line || [];
    var outside = label.at.x < -label.w || label.at.y < -label.h ||
      label.at.x > size.x + label.w || label.at.y > size.y + label.h;
    if (outside) {
      return null;
    }
    for (var pass = line.length ? 0 : 1; pass < 2; pass += 1) {
      for (var i = 0; i < label.sides.length; i += 1) {
        var off = sideOffset(label.sides[i], label.w, label.h, label.gap);
        if (label.kind !== 'place') {
          // names of areas, rivers and the route may slide inside the map
          off = [off[0] + slide(label.at.x + off[0], label.w, size.x),
            off[1] + slide(label.at.y + off[1], label.h, size.y)];
        }
        var box = {
          x0: label.at.x + off[0] - GAP_PX, y0: label.at.y + off[1] - GAP_PX,
          x1: label.at.x + off[0] + label.w + GAP_PX, y1: label.at.y + off[1] + label.h + GAP_PX
        };
        var inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= size.x && box.y1 <= size.y;
        var free = inside && !placed.some(function (other) { return overlap(box, other); }) &&
          !dots.some(function (dot) { return dot.layer !== label.dotLayer && overlap(box, dot.box); }) &&
          (label.kind !== 'place' || !nearerOther(label, box, dots)) &&
          (pass > 0 || !line.some(function (pt) {
            return pt.x > box.x0 && pt.x < box.x1 && pt.y > box.y0 && pt.y < box.y1;
          }));
        if (free) {
          return {side: label.sides[i], off: off, box: box};
        }
      }
    }
    return null;
  }

  return {GAP_PX: GAP_PX, sideOffset: sideOffset, slide: slide, overlap: overlap, distance: distance, choose: choose};
}());
