"""The map as a ``folium.Map``: the page's layers, styles and legend, for notebooks.

Layers, styles, legend entries, popups and tooltips come from
:func:`geo.page.model.page_data`, so both faces share one style definition
(``geo/data/style.toml``) and show the same display geometry. The popup, the
legend, the coordinate box and the full-screen button are the page's own
script units (``geo/static/js``, see :func:`geo.page.html.map_script`) and
stylesheets, so both faces show the same popup (lead sentence, figure,
details). Text from the data is put in with ``textContent`` (popups,
tooltips, legend) or HTML-escaped (layer names, credits), never as markup.

Online (the default) the map offers the ``style.toml`` tiles as base layers,
off at first, and folium's own Fullscreen, MousePosition and MiniMap plugins
(the minimap drawn with our layers, not tiles), which folium loads from CDNs.

With ``offline=True`` the saved page makes no network request. Only assets
from PyPI packages are inlined: Leaflet and its images from the pinned
``XStatic-Leaflet``. What has no PyPI source is replaced or left out:

- folium's jQuery, Bootstrap, Font Awesome and awesome-markers: left out (no
  element used here needs them);
- online tiles: left out (the background is our own land over a water colour);
- Fullscreen plugin: replaced by the page's full-screen button;
- MousePosition plugin: replaced by the page's coordinate box;
- MiniMap plugin: left out.

The legend is the page's in both modes. Element ids are folium's (random).
"""

from __future__ import annotations

import html
import os
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
from geo.page import i18n, model, popups, texts
from geo.page.html import assets, map_script, unit_text

_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def _text(value: Any) -> str:
    """Escape text for HTML that may also sit in a JavaScript template literal."""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


#: The page's script units the folium face uses (besides every ``core/`` one).
_UNITS = ("layer/popup.js", "control/Legend.js", "control/Coordinates.js", "control/Fullscreen.js")

#: The page's stylesheets the folium face uses with the page's controls.
_UNIT_CSS = (
    "core/base.css",
    "layer/popup.css",
    "control/Legend.css",
    "control/Coordinates.css",
    "control/Fullscreen.css",
)


class _PageUnits(MacroElement):
    """The page's own script units (``geo/static/js``), defined on ``L`` but not started.

    The popup, the legend, the coordinates and the full-screen button of this
    face are the page's (``L.Syunik.Popup``, ``L.control.legend``, ...), so
    both faces show the same thing.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.units }}
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoPageUnits"
        self.units = map_script(start=False, only=_UNITS)
        self.css = "\n".join(unit_text(name) for name in _UNIT_CSS)


class _TextGeoJson(Layer):
    """One page layer as ``L.geoJSON``: the page's popups and tooltips, its checked styles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (S) {
            var style = function (f) {
                return Object.assign({}, S.Style.pick({{ this.style|tojson }}),
                                     S.Style.pick((f.properties || {}).style));
            };
            return L.geoJSON({{ this.data|tojson }}, {
                style: style,
                pointToLayer: function (f, latlng) {
                    return L.circleMarker(latlng, Object.assign({radius: 6}, style(f)));
                },
                onEachFeature: function (f, layer) {
                    var p = f.properties || {};
                    if (p.popup) {
                        layer.bindPopup(S.Popup.content(p.popup, {{ this.details|tojson }}),
                                        {maxWidth: 360, className: 'feature-popup-wrap'});
                    }
                    var tip = p.tooltip || (p.popup && p.popup.title);
                    if (tip) {
                        layer.bindTooltip(function () {
                            return S.Dom.el('span', {'class': 'feature-tooltip'}, String(tip));
                        }, {sticky: true});
                    }
                }
            });
        })(L.Syunik);
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
        # the popup toggle's word: this face is English (geo/data/i18n/ui.en.toml)
        self.details = i18n.english_catalogue()["ui.map.details"]
        self.data = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {
                        # this face is English: the popup's texts written in English
                        k: popups.rendered(v)
                        if k == "popup"
                        else texts.english(v)
                        if k == "tooltip"
                        else v
                        for k, v in feature.get("properties", {}).items()
                        if k in ("popup", "tooltip", "style")
                    },
                    "geometry": feature["geometry"],
                }
                for feature in page_layer_features(layer)
            ],
        }


class _Legend(MacroElement):
    """The page's legend control, one group per layer, top-most first."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.legend({className: 'geo-legend', id: null, groups: [
            {%- for layer, definition in this.groups %}
            {id: {{ definition.id|tojson }}, def: {{ definition|tojson }},
             layer: {{ layer.get_name() }}},
            {%- endfor %}
        ], i18n: L.Syunik.I18n.create({{ this.words|tojson }}, 'en')})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, groups: list[tuple[_TextGeoJson, dict[str, Any]]]) -> None:
        super().__init__()
        self._name = "GeoLegend"
        self.groups = groups
        self.words = english_words()


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
    """The page's full-screen button and coordinate box (offline stand-ins for the plugins)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var words = L.Syunik.I18n.create({{ this.words|tojson }}, 'en');
        L.control.coordinates({className: 'geo-position', i18n: words})
            .addTo({{ this._parent.get_name() }});
        L.control.fullscreenButton({className: 'geo-fullscreen', i18n: words})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoOfflineControls"
        self.words = english_words()


def english_words() -> dict[str, Any]:
    """Return this face's interface words for core/i18n.js (English: it has no language menu)."""
    words = {k: v for k, v in i18n.english_catalogue().items() if k.startswith(("ui.", "number."))}
    english = [{"code": "en", "dir": "ltr"}]
    return {"default": "en", "languages": english, "catalogues": {"en": words}}


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
    fmap.add_child(_PageUnits())
    drawn = []
    for layer in data["layers"]:
        geo_layer = _TextGeoJson(layer)
        fmap.add_child(geo_layer)
        legend = {key: layer.get(key) for key in ("id", "title", "style", "geometry", "legend")}
        drawn.append((geo_layer, legend))
    fmap.add_child(_Legend(list(reversed(drawn))))
    fmap.add_child(_Credits(texts.english(data.get("credits", ""))))
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
    add: str | Path | Sequence[str | Path] = (),
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
        The user's own GeoJSON files, each a layer (as ``map --add``); one
        path alone (``add="mine.geojson"``) is one file.

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
    files = [add] if isinstance(add, (str, os.PathLike)) else list(add)
    extra = None
    if files:
        from geo.sources import userdata  # noqa: PLC0415

        extra = userdata.user_layers(files)
    return map_from_page_data(model.page_data(layers, extra_layers=extra), offline=offline)
