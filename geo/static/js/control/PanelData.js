/*
 * The panel's "Data" section: the page's data as files, made here in the
 * page (Blob URLs, no request), and the map as text.
 *
 *   L.Syunik.PanelData.section(data, layers, i18n)  the <section id="panel-data">
 *   L.Syunik.PanelData.files(data, layers, i18n)    [{name, type, label, make()}]
 *
 * Each layer is a GeoJSON file of the page's display geometry, which says
 * so and where the full-resolution layers and the GeoPackage are; the places
 * and the lines' stations are one CSV, made from the map as text's model
 * (data.map_text); the sources a numbered list; the citation one line.
 * The credits (ODbL and the other licences) and the citation travel inside
 * every file.  A file is made when its link is first pointed at, focused or
 * clicked.  The readers' own layers (--add, def.user) are not offered: they are theirs.
 */
L.Syunik.PanelData = (function () {
  function csvCell(value) {
    var s = value === undefined || value === null ? '' : String(value);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function citeLine(data, i18n) {
    var panel = data.panel || {};
    return panel.version ? i18n.t('ui.cite.text', {version: String(panel.version), date: i18n.date(String(panel.as_of))})
      : String(panel.cite || '');
  }

  function notice(data, i18n) {
    // data.credits is a text (core/text.js): written in the reader's language
    return {licence: L.Syunik.Text.render(data.credits, i18n), cite: citeLine(data, i18n)};
  }

  function layerFile(def, data, i18n) {
    var id = String(def.id);
    var title = i18n.has('layer.' + id) ? i18n.t('layer.' + id) : String(def.title || id);
    return {
      name: 'syunik-' + id + '.geojson', type: 'application/geo+json',
      label: i18n.t('ui.download.geojson', {layer: title, format: 'GeoJSON'}),
      make: function () {
        var features = ((def.geojson && def.geojson.features) || []).map(function (f) {
          var p = f.properties || {};
          var popup = p.popup && typeof p.popup === 'object' ? p.popup : {};
          // a popup's words are texts (core/text.js)
          var text = function (value) {
            return L.Syunik.Text.render(value, i18n);
          };
          var props = {name: text(popup.title) || text(p.label) || text(p.tooltip)};
          var lead = text(popup.lead);
          if (lead) {
            props.description = lead;
          }
          ['status', 'date_from', 'date_to'].forEach(function (key) {
            if (p[key] !== undefined) {
              props[key] = p[key];
            }
          });
          return {type: 'Feature', properties: props, geometry: f.geometry};
        });
        var meta = Object.assign({
          title: title,
          geometry: i18n.t('ui.download.geometry', {m: data.display_max_error_m, file: 'layers/' + id + '.geojson',
            command: 'syunik-map export --format gpkg', format: 'GeoPackage'})
        }, notice(data, i18n));
        return JSON.stringify({type: 'FeatureCollection', metadata: meta, features: features}) + '\n';
      }
    };
  }

  function placesFile(data, i18n) {
    var names = (data.i18n && data.i18n.names) || {};
    return {
      name: 'syunik-places-stations.csv', type: 'text/csv',
      label: i18n.t('ui.download.places', {format: 'CSV'}),
      make: function () {
        var licence = notice(data, i18n);
        var rows = [['type', 'id', 'name', 'name_en', 'latitude', 'longitude', 'line', 'licence']];
        function row(type, item, line) {
          var a = item.a || {};
          var at = a.at && Array.isArray(a.at.c) ? a.at.c : ['', ''];
          var own = a.name && names[a.name.n];
          rows.push([type, item.id, L.Syunik.MapText.arg(a.name, i18n), (own && own.en) || (a.name && a.name.f) || '',
            at[0], at[1], line, licence.licence + ' ' + licence.cite]);
        }
        (Array.isArray(data.map_text) ? data.map_text : []).forEach(function (group) {
          (group.items || []).forEach(function (item) {
            if (group.id === 'places') {
              row('place', item, '');
            }
            (Array.isArray(item.s) ? item.s : []).forEach(function (station) {
              row('station', station, item.id);
            });
          });
        });
        return rows.map(function (r) { return r.map(csvCell).join(','); }).join('\r\n') + '\r\n';
      }
    };
  }

  function textFile(name, label, lines, data, i18n) {
    return {
      name: name, type: 'text/plain', label: label,
      make: function () {
        var n = notice(data, i18n);
        return lines().concat(['', n.cite, '', n.licence]).join('\n') + '\n';
      }
    };
  }

  function files(data, layers, i18n) {
    var out = (Array.isArray(layers) ? layers : []).filter(function (def) {
      return def && def.geojson && def.user !== true;
    }).map(function (def) {
      return layerFile(def, data, i18n);
    });
    if (Array.isArray(data.map_text)) {
      out.push(placesFile(data, i18n));
    }
    var sources = data.panel && Array.isArray(data.panel.sources) ? data.panel.sources : [];
    out.push(textFile('syunik-sources.txt', i18n.t('ui.download.sources'), function () {
      return [i18n.t('ui.panel.sources'), ''].concat(sources.map(function (s) {
        var url = /^https:\/\/\S+$/.test(String(s.url || '')) ? ' ' + s.url : '';
        return i18n.digits(s.n) + '. ' + L.Syunik.Dom.citation(s, i18n).textContent + url;
      }));
    }, data, i18n));
    out.push(textFile('syunik-cite.txt', i18n.t('ui.download.cite'), function () {
      return [i18n.t('ui.panel.cite')];
    }, data, i18n));
    return out;
  }

  function link(file) {
    var a = L.Syunik.Dom.el('a', {href: 'data:,', download: file.name, type: file.type, 'class': 'panel-download'},
      file.label);
    var made = false;
    function make() {
      if (!made) {
        made = true;
        a.href = window.URL.createObjectURL(new window.Blob([file.make()], {type: file.type + ';charset=utf-8'}));
      }
    }
    L.DomEvent.on(a, 'pointerover focus click', make);
    return a;
  }

  function section(data, layers, i18n) {
    var el = L.Syunik.Dom.el;
    var t = i18n.t;
    var sec = el('section', {'class': 'panel-section panel-data', id: 'panel-data'});
    sec.appendChild(el('h3', null, t('ui.download.title')));
    sec.appendChild(el('p', null, t('ui.download.intro')));
    var list = el('ul', {'class': 'panel-download-list'});
    files(data, layers, i18n).forEach(function (file) {
      var li = el('li');
      li.appendChild(link(file));
      list.appendChild(li);
    });
    sec.appendChild(list);
    var text = document.getElementById('map-as-text');
    if (text && Array.isArray(data.map_text)) {
      L.Syunik.MapText.render(text, data.map_text, i18n, 4);
      text.hidden = true;
      var toggle = el('button', {type: 'button', 'class': 'panel-map-text-toggle', 'aria-expanded': 'false',
        'aria-controls': 'map-as-text'}, t('ui.astext.title'));
      L.DomEvent.on(toggle, 'click', function () {
        var open = text.hidden;
        text.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open) {
          L.Syunik.PanelNav.jump(document.getElementById('map-as-text-title'));
        }
      });
      sec.appendChild(toggle);
      sec.appendChild(text);
    }
    return sec;
  }

  return {section: section, files: files};
}());
