"""The page's model: the one document every face draws from, as pure data.

:func:`page_data` turns the layers and their display geometry into the JSON
document the page's script reads (format: ``geo/data/page.schema.json``):
each layer with its features' popups, tooltips, labels, styles and panes, the
views, the panel's text and the credits. It computes no geometry: the caller
passes the display (:func:`display_of`, which may use the content-addressed
cache), so each face cleans the layers once, at the resolution it needs:

- the standalone page (:mod:`geo.page.html`) and the folium map: simplified
  within :data:`geo.display.geometry.MAX_ERROR_M`;
- the report figure (:mod:`geo.face.export`): cleaned, at full resolution;
- the GeoPackage needs no display geometry, only :func:`panel_data`.

The shaded relief, when the layers folder has one, is the document's
``terrain`` key (:func:`page_terrain`): its PNG, bounds, pane and texts.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from geo.display import geometry as display
from geo.display.cache import cached
from geo.display.geometry import Display
from geo.errors import SourceError
from geo.layerfiles.geojson import LAYERS, Feature
from geo.layerfiles.terrain import Terrain
from geo.page import astext, i18n, panel, panes, texts
from geo.page import names as names_module
from geo.page.codec import DISPLAY_QUANTISATION_M, DISPLAY_QUANTUM, QUANTUM, encode_geometry
from geo.page.labels import page_labels
from geo.page.popups import ROUTE_ID, feature_name, popup
from geo.page.style import load_style
from geo.page.views import view_bounds
from geo.sources import packages
from geo.version import LEAFLET_VERSION, __version__

#: Points named on hover only: their names are long and they sit beside towns.
UNLABELLED_KINDS = ("tripoint", "border_crossing")


def display_of(
    layers: dict[str, list[Feature]],
    max_error_m: float | None = display.MAX_ERROR_M,
    cache_dir: Path | None = None,
) -> Display:
    """Return the display geometry of the layers, through the cache when one is given.

    Parameters
    ----------
    layers
        Full-resolution layers as read by :func:`geo.layerfiles.geojson.read_layer_files`.
    max_error_m
        Display simplification budget in metres; None for the cleaned geometry
        at full resolution.
    cache_dir
        Folder of the content-addressed cache (:mod:`geo.display.cache`); None
        computes it every time.
    """
    if cache_dir is None:
        return display.display_layers(layers, max_error_m)
    return cached(
        layers, max_error_m, cache_dir, lambda: display.display_layers(layers, max_error_m)
    )


def _tooltip(feature: Feature) -> texts.Text:
    """Return a feature's hover name, with its area (whole km²) or length (0.1 km), as a text.

    The name is the popup's (:func:`geo.page.popups.feature_name`), so the page writes
    it in the reader's language; in English it reads ``Syunik — 4,506 km²``.
    """
    p = feature.properties
    name = feature_name(p)
    if "area_km2" in p:
        area = texts.key("ui.unit.km2", value=texts.number(float(p["area_km2"]), 0))
        return texts.key("ui.tooltip.area", name=name, area=area)
    if "length_km" in p:
        length = texts.key("ui.unit.km", value=texts.number(float(p["length_km"]), 1))
        return texts.key("ui.tooltip.length", name=name, length=length)
    return name


def dated_properties(feature: Feature) -> dict[str, Any]:
    """Return what the story needs to draw a feature as it stood at a date.

    ``status`` (now), ``date_from`` / ``date_to`` where the feature has them, and
    ``status_history`` as ``[{"date", "status"}, ...]`` in date order (the notes and
    sources stay in the popup).
    """
    p = feature.properties
    if "status_history" not in p:
        return {}
    out: dict[str, Any] = {"status": str(p["status"])}
    for key in ("date_from", "date_to"):
        if key in p:
            out[key] = str(p[key])
    out["status_history"] = [
        {"date": str(e["date"]), "status": str(e["status"])} for e in p["status_history"]
    ]
    return out


def panel_data(annotations: Path | None = None) -> dict[str, Any]:
    """Return the panel's text (``geo/data/annotations.toml``) with the line on how to cite.

    Parameters
    ----------
    annotations
        Panel text file; the shipped ``geo/data/annotations.toml`` when None.
    """
    notes = panel.load(annotations)
    return {**notes, "cite": panel.how_to_cite(notes, __version__), "version": __version__}


#: The panel's words that the catalogues hold (panel.section.<id>.title, panel.timeline.<key>.text,
#: panel.source.<id>.publisher …) or the script writes from ISO dates, by list.
_WORDS = {
    "sections": ("title", "body"),
    "timeline": ("text", "date_text"),
    "sources": ("citation", "publisher"),
    "corrections": ("heading", "was", "now", "date_text"),  # panel.correction.<id>.*
    "terrain": ("text",),  # panel.terrain.<id>.text.<n>
}


def page_panel(panel_text: dict[str, Any]) -> dict[str, Any]:
    """Return the panel as the page carries it: structure only, its words in the catalogues.

    The texts (title, intro, notes, sections, timeline, publishers) are the catalogue's
    ``panel.*`` keys in every language, and dates are written by the script from ISO, so
    the page holds no second English copy. ``cite`` (the English line) stays for the
    figure's footer; works' titles stay in their own language. Members the script does
    not write yet (the history's story, corrections …) pass as they are.
    """
    out: dict[str, Any] = dict(panel_text)
    for key in ("title", "intro", "as_of_text"):
        out.pop(key, None)
    for group, words in _WORDS.items():
        if group in panel_text:
            out[group] = [{k: v for k, v in e.items() if k not in words} for e in panel_text[group]]
    if "story" in panel_text:  # panel.story.<id>.heading and .body.<n>
        chapter_words = ("heading", "body", "date_text", "date_to_text")
        out["story"] = {
            **panel_text["story"],
            "chapters": [
                {k: v for k, v in c.items() if k not in chapter_words}
                for c in panel_text["story"]["chapters"]
            ],
        }
    if "staleness" in panel_text:  # panel.staleness.text.<n>
        out["staleness"] = {k: v for k, v in panel_text["staleness"].items() if k != "text"}
    for key in ("names", "multimodal"):
        if key in panel_text:
            out[key] = {k: v for k, v in panel_text[key].items() if k != "text"}
    return out


def display_error_m(shown: Display) -> float:
    """Return how far the page's outlines may lie from the cleaned source, metres.

    The simplification's measured error plus the most that rounding to the page's grid
    (:data:`geo.page.codec.DISPLAY_QUANTUM`) moves a vertex; 0 at full resolution, which
    keeps the finer grid of :data:`geo.page.codec.QUANTUM`. With the simplification
    starting at 0.8 of its 25 m budget, the sum stays within the budget
    (``tests/test_map.py`` checks it on the built page).
    """
    return shown.max_error_m + DISPLAY_QUANTISATION_M if shown.max_error_m > 0 else 0.0


def _quantum(shown: Display) -> int:
    return DISPLAY_QUANTUM if shown.max_error_m > 0 else QUANTUM


def _credits(shown: Display, terrain_text: str | None = None) -> texts.Text:
    """Return the credits line: sources, licences, what the display changed, the relief's cell.

    A text of :mod:`geo.page.texts`, so the page writes it in the reader's language: the
    sources' credits and licences are ``source.<package>.attribution|license`` (from
    ``sources.toml``), our words ``ui.credits.*``; the relief's line ``terrain.resolution_text``.
    """
    english = i18n.english_catalogue()
    resolution = (
        texts.key("ui.credits.simplified", m=texts.number(display_error_m(shown), 0))
        if shown.max_error_m > 0
        else texts.key("ui.credits.full_resolution")
    )
    parts: list[texts.Text] = [
        texts.joined(
            [texts.key(f"source.{p.id}.attribution"), texts.key(f"source.{p.id}.license")], " — "
        )
        for p in packages.packages().values()
    ]
    parts += [
        texts.key("ui.credits.places"),
        f"Leaflet {LEAFLET_VERSION} (BSD-2-Clause)",
        resolution,
        cleaning_text(shown.cleaning),
    ]
    if terrain_text is not None:
        same = english.get("terrain.resolution_text") == terrain_text
        parts.append(texts.key("terrain.resolution_text") if same else terrain_text)
    return texts.joined(parts, "; ")


def _figure(value: float) -> texts.Text:
    """Return a number with as many decimals as ``:g`` writes (``0.1``, ``1``)."""
    shown = f"{value:g}"
    return texts.number(value, len(shown.split(".")[1]) if "." in shown else 0)


def cleaning_text(cleaning: display.Cleaning) -> texts.Text:
    """Return what the display's cleaning changed, with its numbers (``ui.credits.cleaned``).

    In English it reads as :meth:`geo.display.geometry.Cleaning.summary`.
    """
    return texts.key(
        "ui.credits.cleaned",
        pockets=texts.number(cleaning.small_pockets + cleaning.border_pockets, 0),
        small=texts.number(cleaning.small_pockets, 0),
        min_area=_figure(display.MIN_AREA_M2 / 1e6),
        notches=texts.number(cleaning.border_pockets, 0),
        notch_max=_figure(display.POCKET_MAX_AREA_M2 / 1e6),
        notch_area=texts.number(cleaning.border_pocket_area_m2 / 1e6, 1),
        dropped=texts.number(cleaning.parts_dropped, 0),
        bridged=texts.number(cleaning.gaps_bridged, 0),
    )


def _layer_entries(
    layers: dict[str, list[Feature]], shown: dict[str, list[Any]], quantum: int = QUANTUM
) -> list[dict[str, Any]]:
    """Return the page's layer definitions, in draw order, with encoded display geometry."""
    style = load_style()
    draw_order = panes.load_panes()
    route = next(f.geometry for f in layers["corridor"] if f.properties.get("id") == ROUTE_ID)
    out = []
    for spec in LAYERS:
        layer_pane = panes.pane_of(spec.name, None, draw_order)
        features = []
        for feature, geom in zip(layers[spec.name], shown[spec.name], strict=True):
            props: dict[str, Any] = {"popup": popup(feature, route), "tooltip": _tooltip(feature)}
            fid = feature.properties.get("id")
            if spec.name == "places" and feature.properties["kind"] not in UNLABELLED_KINDS:
                props["label"] = str(feature.properties["name"])
                props["name_id"] = str(fid)  # its name in each language: i18n.names
                rank = feature.properties.get("label_rank")
                props["label_rank"] = rank if rank in (0, 1, 2) else 2
            by_status = style.layers[spec.name]["status"].get(
                str(feature.properties.get("status")), {}
            )
            if fid in style.features or by_status:
                props["style"] = {**by_status, **style.features.get(str(fid), {})}
            if (pane := panes.pane_of(spec.name, fid, draw_order)) != layer_pane:
                props["pane"] = pane
            props |= dated_properties(feature)
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": encode_geometry(geom, quantum),
                }
            )
        conf = style.layers[spec.name]
        geometry = {"Point": "point"}.get(
            spec.geometry_types[0], "line" if "LineString" in spec.geometry_types[0] else "polygon"
        )
        out.append(
            {
                "id": spec.name,
                "title": spec.title,
                "visible": conf["visible"],
                "minimap": conf["minimap"],
                "geometry": geometry,
                "pane": layer_pane,
                "style": conf["style"],
                "legend": conf["legend"],
                **({"status_styles": conf["status"]} if conf["status"] else {}),
                "geojson": {"type": "FeatureCollection", "features": features},
            }
        )
    return out


def page_data(
    layers: dict[str, list[Feature]],
    annotations: Path | None = None,
    max_error_m: float | None = display.MAX_ERROR_M,
    extra_layers: list[dict[str, Any]] | None = None,
    display_cache: Path | None = None,
    *,
    shown: Display | None = None,
    terrain: Terrain | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Assemble the JSON document the page's script reads (no I/O but the data files).

    Parameters
    ----------
    layers
        Full-resolution layers as read by :func:`geo.layerfiles.geojson.read_layer_files`.
    annotations
        Panel text file; the shipped ``geo/data/annotations.toml`` when None.
    max_error_m, display_cache
        The display budget (metres) and cache folder, used only when ``shown``
        is None (see :func:`display_of`).
    extra_layers
        Layer definitions drawn above ours, in the page's format (the user's own
        files, see :func:`geo.sources.userdata.user_layers`).
    shown
        The layers' display geometry, computed once by the caller; None
        computes it here with :func:`display_of`.
    terrain
        The shaded relief (:func:`geo.layerfiles.terrain.read_terrain`); the
        document has no ``terrain`` key when None.
    lang
        The language the page opens in when its link names none (see
        :mod:`geo.page.i18n`); every language's words are in the page.

    Raises
    ------
    LanguageError
        If ``lang`` is not one of the page's languages.
    """
    i18n.language(lang)
    if shown is None:
        shown = display_of(layers, max_error_m, display_cache)
    style = load_style()
    labels = page_labels(layers)
    panel_text = panel_data(annotations)
    draw_order = panes.load_panes()
    extra: dict[str, Any] = {}
    if terrain is not None:
        extra["terrain"] = page_terrain(
            terrain, style.terrain, panes.pane_of("terrain", None, draw_order)
        )
    terrain_text = str(style.terrain["resolution_text"]) if terrain is not None else None
    return {
        "title": panel_text["title"],
        "background": style.background,
        **view_bounds(layers, style, labels),
        "labels": labels,
        "controls": style.controls,
        "online": style.online,
        "label_style": style.labels,
        "display_max_error_m": round(display_error_m(shown), 1),
        "layers": _layer_entries(layers, shown.geometries, _quantum(shown))
        + list(extra_layers or []),
        "panel": page_panel(panel_text),
        "credits": _credits(shown, terrain_text),
        "tiles": style.tiles,
        "panes": panes.page_panes(draw_order),
        "i18n": i18n.page_i18n(layers, annotations, lang, style.fonts),
        "map_text": astext.account(layers, names_module.page_names()),
        **extra,
    }


def page_terrain(terrain: Terrain, texts: dict[str, Any], pane: str | None) -> dict[str, Any]:
    """Return the relief as the page reads it: the PNG in base64, its bounds and texts.

    Parameters
    ----------
    terrain
        The relief layer (its PNG's rows even in Web Mercator between ``bounds``).
    texts
        ``[terrain]`` of ``style.toml``: title, attribution, resolution_text, alt, visible.
    pane
        The pane it draws in (``panes.toml``).

    Returns
    -------
    dict
        ``png_base64``, ``bounds`` (``[[south, west], [north, east]]``, degrees),
        ``pane``, ``visible``, ``title``, ``attribution``, ``resolution_text``, ``alt``.

    Raises
    ------
    SourceError
        If no pane of ``panes.toml`` claims the layer ``terrain``.
    """
    if pane is None:
        raise SourceError(f"{panes.PANES_FILE}: no pane lists the layer terrain")
    return {
        "png_base64": base64.b64encode(terrain.png).decode("ascii"),
        "bounds": terrain.bounds,
        "pane": pane,
        "visible": bool(texts["visible"]),
        "title": str(texts["title"]),
        "attribution": str(texts["attribution"]),
        "resolution_text": str(texts["resolution_text"]),
        "alt": str(texts["alt"]),
    }
