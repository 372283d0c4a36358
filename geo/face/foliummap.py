"""The map as a ``folium.Map``: the page's layers, styles and legend, for notebooks.

Layers, styles, legend entries, popups and tooltips come from
:func:`geo.page.model.page_data`, so both faces share one style definition
(``geo/data/style.toml``) and show the same display geometry. Text from the
data is put in with ``textContent`` (popups, tooltips, legend) or HTML-escaped
(layer names, credits), never as markup.

Online (the default) the map offers the ``style.toml`` tiles as base layers,
off at first, and folium's own Fullscreen, MousePosition and MiniMap plugins
(the minimap drawn with our layers, not tiles), which folium loads from CDNs.

With ``offline=True`` the saved page makes no network request. Only assets
from PyPI packages are inlined: Leaflet and its images from the pinned
``XStatic-Leaflet``. What has no PyPI source is replaced or left out:

- folium's jQuery, Bootstrap, Font Awesome and awesome-markers: left out (no
  element used here needs them);
- online tiles: left out (the background is our own land over a water colour);
- Fullscreen plugin: replaced by a small button of our own;
- MousePosition plugin: replaced by a small coordinate box of our own;
- MiniMap plugin: left out.

The legend is our own element in both modes. Element ids are folium's (random).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.plugins import Fullscreen, MiniMap, MousePosition
from folium.template import Template

from geo.face.frames import page_layer_features
from geo.layerfiles import geojson
from geo.layerfiles.shipped import layers_folder
from geo.page import model
from geo.page.html import assets

_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def _text(value: Any) -> str:
    """Escape text for HTML that may also sit in a JavaScript template literal."""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


class _TextHelpers(MacroElement):
    """Define ``geoTextPopup``: a popup built from {title, rows} with ``textContent``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        function geoTextPopup(popup) {
            var root = document.createElement('div');
            var title = document.createElement('strong');
            title.textContent = String(popup.title === undefined ? '' : popup.title);
            root.appendChild(title);
            var table = document.createElement('table');
            (Array.isArray(popup.rows) ? popup.rows : []).forEach(function (row) {
                var tr = document.createElement('tr');
                var th = document.createElement('th');
                var td = document.createElement('td');
                th.textContent = String(row[0]);
                td.textContent = row[1] === null || row[1] === '' ? '\u2014' : String(row[1]);
                th.style.textAlign = 'left';
                th.style.paddingRight = '0.6em';
                tr.appendChild(th);
                tr.appendChild(td);
                table.appendChild(tr);
            });
            root.appendChild(table);
            return root;
        }
        function geoTextTip(tip) {
            var span = document.createElement('span');
            span.textContent = String(tip);
            return span;
        }
        {% endmacro %}
        """
    )


class _TextGeoJson(Layer):
    """One page layer as ``L.geoJSON``; popups and tooltips as text, styles from the data."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }}, {
            style: function (f) {
                return Object.assign({}, {{ this.style|tojson }}, (f.properties || {}).style || {});
            },
            pointToLayer: function (f, latlng) {
                return L.circleMarker(latlng, Object.assign(
                    {radius: 6}, {{ this.style|tojson }}, (f.properties || {}).style || {}));
            },
            onEachFeature: function (f, layer) {
                var p = f.properties || {};
                if (p.popup) {
                    layer.bindPopup(function () { return geoTextPopup(p.popup); },
                                    {maxWidth: 360});
                }
                var tip = p.tooltip || (p.popup && p.popup.title);
                if (tip) {
                    layer.bindTooltip(function () { return geoTextTip(tip); }, {sticky: true});
                }
            }
        });
        {% endmacro %}
        """
    )

    def __init__(self, layer: dict[str, Any]) -> None:
        super().__init__(
            name=_text(layer.get("title", layer["id"])),
            overlay=True,
            control=True,
            show=bool(layer.get("visible", True)),
        )
        self._name = "GeoText"
        self.style = dict(layer.get("style", {}))
        self.data = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {
                        k: v
                        for k, v in feature.get("properties", {}).items()
                        if k in ("popup", "tooltip", "style")
                    },
                    "geometry": feature["geometry"],
                }
                for feature in page_layer_features(layer)
            ],
        }


class _Legend(MacroElement):
    """The legend: a Leaflet control built from the layers' entries with ``textContent``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, entries) {
            var Legend = L.Control.extend({
                options: {position: 'bottomright'},
                onAdd: function () {
                    var box = L.DomUtil.create('div', 'leaflet-control geo-legend');
                    box.style.cssText = 'background:rgba(255,255,255,.92);padding:6px 8px;' +
                        'border-radius:4px;font:12px/1.4 sans-serif;max-width:320px';
                    var head = document.createElement('strong');
                    head.textContent = 'Legend';
                    box.appendChild(head);
                    var ns = 'http://www.w3.org/2000/svg';
                    entries.forEach(function (e) {
                        var row = document.createElement('div');
                        var svg = document.createElementNS(ns, 'svg');
                        svg.setAttribute('width', '26');
                        svg.setAttribute('height', '14');
                        svg.style.verticalAlign = 'middle';
                        svg.style.marginRight = '6px';
                        var shape;
                        if (e.geometry === 'polygon') {
                            shape = document.createElementNS(ns, 'rect');
                            shape.setAttribute('x', '2'); shape.setAttribute('y', '2');
                            shape.setAttribute('width', '22'); shape.setAttribute('height', '10');
                            shape.setAttribute('fill', e.fill || 'none');
                        } else if (e.geometry === 'point') {
                            shape = document.createElementNS(ns, 'circle');
                            shape.setAttribute('cx', '13'); shape.setAttribute('cy', '7');
                            shape.setAttribute('r', '5');
                            shape.setAttribute('fill', e.fill || e.color);
                        } else {
                            shape = document.createElementNS(ns, 'line');
                            shape.setAttribute('x1', '1'); shape.setAttribute('y1', '7');
                            shape.setAttribute('x2', '25'); shape.setAttribute('y2', '7');
                            shape.setAttribute('stroke-width', '3');
                        }
                        shape.setAttribute('stroke', e.color || '#555555');
                        if (e.dash) { shape.setAttribute('stroke-dasharray', e.dash); }
                        svg.appendChild(shape);
                        row.appendChild(svg);
                        row.appendChild(document.createTextNode(String(e.label)));
                        box.appendChild(row);
                    });
                    return box;
                }
            });
            new Legend().addTo(map);
        })({{ this._parent.get_name() }}, {{ this.entries|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, entries: list[dict[str, str]]) -> None:
        super().__init__()
        self._name = "GeoLegend"
        self.entries = entries


class _Credits(MacroElement):
    """Put the credits, HTML-escaped, in the map's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if ({{ this._parent.get_name() }}.attributionControl) {
            {{ this._parent.get_name() }}.attributionControl.setPrefix(false);
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        }
        {% endmacro %}
        """
    )

    def __init__(self, credits: str) -> None:
        super().__init__()
        self._name = "GeoCredits"
        self.text = _text(credits)


class _OfflineControls(MacroElement):
    """Our own small fullscreen button and cursor-coordinate box (offline stand-ins)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var Position = L.Control.extend({
                options: {position: 'bottomleft'},
                onAdd: function () {
                    var box = L.DomUtil.create('div', 'leaflet-control geo-position');
                    box.style.cssText = 'background:rgba(255,255,255,.85);padding:2px 6px;' +
                        'font:12px monospace';
                    box.textContent = '\u2014';
                    map.on('mousemove', function (e) {
                        box.textContent = e.latlng.lat.toFixed(5) + '\u00b0 N, ' +
                            e.latlng.lng.toFixed(5) + '\u00b0 E';
                    });
                    return box;
                }
            });
            var Full = L.Control.extend({
                options: {position: 'topleft'},
                onAdd: function () {
                    var bar = L.DomUtil.create('div', 'leaflet-bar leaflet-control');
                    var button = L.DomUtil.create('a', 'geo-fullscreen', bar);
                    button.href = '#';
                    button.setAttribute('role', 'button');
                    button.title = 'Full screen';
                    button.setAttribute('aria-label', 'Full screen');
                    button.textContent = '\u26f6';
                    L.DomEvent.disableClickPropagation(bar);
                    L.DomEvent.on(button, 'click', function (e) {
                        L.DomEvent.preventDefault(e);
                        var el = map.getContainer();
                        if (document.fullscreenElement) {
                            document.exitFullscreen();
                        } else if (el.requestFullscreen) {
                            el.requestFullscreen();
                        }
                    });
                    return bar;
                }
            });
            new Position().addTo(map);
            new Full().addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class _LayerMiniMap(MiniMap):
    """folium's MiniMap plugin drawn with our own layers instead of tiles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_layers = L.layerGroup([
            {%- for data, style in this.minimap_layers %}
            L.geoJSON({{ data|tojson }}, {style: {{ style|tojson }}, interactive: false}),
            {%- endfor %}
        ]);
        var {{ this.get_name() }} = new L.Control.MiniMap(
            {{ this.get_name() }}_layers, {{ this.options|tojavascript }});
        {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, layers: list[dict[str, Any]]) -> None:
        super().__init__(toggle_display=True, zoom_level_offset=-5)
        self.minimap_layers = [
            (
                {"type": "FeatureCollection", "features": page_layer_features(layer)},
                dict(layer.get("style", {})),
            )
            for layer in layers
            if layer.get("minimap")
        ]


def _legend_entries(layers: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Return legend entries, top-most layer first, colours checked as #hex."""
    entries = []
    for layer in reversed(layers):
        for entry in layer.get("legend", []):
            item = {"label": str(entry.get("label", "")), "geometry": str(entry.get("geometry"))}
            for key in ("color", "fill"):
                value = entry.get(key)
                if isinstance(value, str) and _COLOR.match(value):
                    item[key] = value
            dash = entry.get("dash")
            if isinstance(dash, str) and re.fullmatch(r"[0-9. ,]+", dash):
                item["dash"] = dash
            entries.append(item)
    return entries


def _header(fmap: folium.Map) -> Element:
    root = fmap.get_root()
    assert isinstance(root, Figure)  # folium.Map always sits in a Figure
    return root.header


def _inline_leaflet(fmap: folium.Map) -> None:
    """Replace folium's CDN links by Leaflet inlined from the pinned XStatic-Leaflet."""
    fmap.default_js = []
    fmap.default_css = []
    styles, scripts = assets()
    header = _header(fmap)
    for asset in styles:
        if asset.name == "leaflet.css":
            header.add_child(Element(f"<style>{asset.text}</style>"), name="leaflet_css")
    for asset in scripts:
        if asset.name == "leaflet.js":
            header.add_child(Element(f"<script>{asset.text}</script>"), name="leaflet")


def map_from_page_data(data: dict[str, Any], *, offline: bool = False) -> folium.Map:
    """Build the folium map from the page's data (see :func:`geo.page.model.page_data`)."""
    fmap = folium.Map(location=None, tiles=None, control_scale=True, prefer_canvas=True)
    if offline:
        _inline_leaflet(fmap)
    background = data.get("background")
    if isinstance(background, str) and _COLOR.match(background):
        css = f"<style>.folium-map {{ background: {background}; }}</style>"
        _header(fmap).add_child(Element(css), name="geo_background")
    if not offline:
        for tile in data.get("tiles", []):
            folium.TileLayer(
                tiles=tile["url"],
                attr=_text(tile["attribution"]),
                name=_text(tile["name"]),
                max_zoom=int(tile["max_zoom"]),
                overlay=False,
                show=False,
            ).add_to(fmap)
    fmap.add_child(_TextHelpers())
    for layer in data["layers"]:
        fmap.add_child(_TextGeoJson(layer))
    fmap.add_child(_Legend(_legend_entries(data["layers"])))
    fmap.add_child(_Credits(str(data.get("credits", ""))))
    if offline:
        fmap.add_child(_OfflineControls())
    else:
        Fullscreen().add_to(fmap)
        MousePosition(separator=", ", num_digits=5, prefix="Lat, lon:").add_to(fmap)
        fmap.add_child(_LayerMiniMap(data["layers"]))
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(data["view_bounds"])
    return fmap


def folium_map(
    layers_dir: str | Path | None = None,
    *,
    offline: bool = False,
    add: Sequence[str | Path] = (),
) -> folium.Map:
    """Return the map as a ``folium.Map``, to show in Jupyter or extend.

    Parameters
    ----------
    layers_dir
        Folder of the layer files (see :func:`geo.layerfiles.shipped.layers_folder`).
    offline
        If True, inline Leaflet from XStatic-Leaflet and use no CDN or tiles:
        the saved page makes no network request (see the module's docstring
        for which controls are replaced or left out).
    add
        The user's own GeoJSON files, each a layer (as ``map --add``).

    Returns
    -------
    folium.Map
        With the layers, legend, layer control and credits.

    Raises
    ------
    LayerError, TopologyError
        If a layer file is missing or breaks the contract.
    UserDataError
        If an added file is bad.
    """
    layers = geojson.read_layer_files(layers_folder(layers_dir))
    extra = None
    if add:
        from geo.sources import userdata  # noqa: PLC0415

        extra = userdata.user_layers(list(add))
    return map_from_page_data(model.page_data(layers, extra_layers=extra), offline=offline)
