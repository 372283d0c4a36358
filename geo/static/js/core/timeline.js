/*
 * How a dated feature stood at a date: the story draws the connections and
 * the history layer as they stood at a chapter's date.
 *
 * Dates are ISO, YYYY, YYYY-MM or YYYY-MM-DD; a missing month or day counts
 * as 0, so "2023-03" comes before "2023-03-15" and after "2023-02-28" (as
 * geo/page/panel.py date_key).  A feature's status at a date is that of the
 * last entry of its status_history on or before the date; before the first
 * entry, or after its date_to, it did not exist (null).  A feature without a
 * status_history always stands as it is drawn now.  Pure: no map, no DOM
 * (tests/js/timeline.test.mjs).
 */
L.Syunik.Timeline = (function () {
  var ISO_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  var NOW = {};

  // A sortable key of an ISO date, or null.
  function key(value) {
    var m = typeof value === 'string' ? ISO_RE.exec(value) : null;
    if (!m) {
      return null;
    }
    return m[1] + '-' + (m[2] || '00') + '-' + (m[3] || '00');
  }

  // The status of feature properties `props` at `date`: a string, null when
  // the feature did not exist then, or Timeline.NOW when it has no history.
  function statusAt(props, date) {
    var history = props && Array.isArray(props.status_history) ? props.status_history : null;
    var at = key(date);
    if (!history || !history.length || at === null) {
      return NOW;
    }
    var end = key(props.date_to);
    if (end !== null && at > end) {
      return null;
    }
    var status = null;
    history.forEach(function (entry) {
      var k = entry && key(entry.date);
      if (k !== null && k <= at && typeof entry.status === 'string') {
        status = entry.status;
      }
    });
    return status;
  }

  // The path options of a feature at a date: the layer's style, the status
  // style of that date, and the feature's own style on top, less what its
  // status style of now put there (props.style holds both).  No dash unless
  // one of them sets it.  null when the feature is not drawn at that date.
  function styleAt(layerStyle, statusStyles, props, date) {
    var status = statusAt(props, date);
    if (status === null) {
      return null;
    }
    var mine = props && props.style && typeof props.style === 'object' ? props.style : {};
    var styles = statusStyles && typeof statusStyles === 'object' ? statusStyles : {};
    function of(name) {
      var s = typeof name === 'string' && Object.prototype.hasOwnProperty.call(styles, name)
        ? styles[name] : null;
      return s && typeof s === 'object' ? s : {};
    }
    var out = Object.assign({dashArray: null}, layerStyle || {});
    if (status === NOW) {
      return Object.assign(out, mine);
    }
    var now = of(props.status);
    Object.assign(out, of(status));
    Object.keys(mine).forEach(function (name) {
      if (!(Object.prototype.hasOwnProperty.call(now, name) && now[name] === mine[name])) {
        out[name] = mine[name];
      }
    });
    return out;
  }

  // The legend's key at a date: one entry per status (and per point or line)
  // among `items` ([{props, geometry: 'point'|'line'|'polygon'}]) drawn at that
  // date, in the order of `statusStyles`, then of first use: {status,
  // geometry, style} with the layer's colour and the status style of that date
  // (not the features' own colours: the key tells the statuses apart).  A
  // feature without a history counts with its status of now.
  function keyAt(items, layerStyle, statusStyles, date) {
    var styles = statusStyles && typeof statusStyles === 'object' ? statusStyles : {};
    var order = Object.keys(styles);
    var seen = {};
    var out = [];
    (Array.isArray(items) ? items : []).forEach(function (item) {
      var props = (item && item.props) || {};
      var status = statusAt(props, date);
      if (status === NOW) {
        status = typeof props.status === 'string' ? props.status : null;
      }
      if (status === null) {
        return;
      }
      var geometry = item.geometry === 'point' ? 'point' : item.geometry === 'polygon' ? 'polygon' : 'line';
      var id = status + '\u0000' + geometry;
      if (seen[id]) {
        return;
      }
      seen[id] = true;
      var own = Object.prototype.hasOwnProperty.call(styles, status) && styles[status] &&
        typeof styles[status] === 'object' ? styles[status] : {};
      out.push({status: status, geometry: geometry,
        style: Object.assign({dashArray: null}, layerStyle || {}, own)});
    });
    function rank(entry) {
      var i = order.indexOf(entry.status);
      return i < 0 ? order.length : i;
    }
    return out.map(function (entry, i) {
      return {entry: entry, i: i};
    }).sort(function (a, b) {
      return rank(a.entry) - rank(b.entry) || a.i - b.i;
    }).map(function (x) {
      return x.entry;
    });
  }

  return {key: key, statusAt: statusAt, styleAt: styleAt, keyAt: keyAt, NOW: NOW};
}());
