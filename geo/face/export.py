"""Exports for other tools: one GeoPackage for QGIS, and a static figure for reports.

Both come out byte-identical from the same layers. What would make them vary
is pinned: the GeoPackage's timestamps (GDAL's ``OGR_CURRENT_DATE``) and the
PDF's creation date are the "as of" date of the panel text; the PNG carries no
date. The figure is drawn in UTM zone 38N, so its scale bar is true, with the
styles and legend of ``geo/data/style.toml`` (the page's own), full-resolution
geometry, the page's shaded relief (resampled from its Web Mercator image onto
the figure's UTM grid) just above the country fills, a north arrow pointing to
true north, the "as of" date and the credits.
"""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
import textwrap
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pyogrio
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from matplotlib.text import Text

from geo import __version__
from geo.crs import UTM38N, WGS84, transformer
from geo.errors import OutputError
from geo.face.frames import to_frame
from geo.face.sizes import DEFAULT_PX
from geo.io import png
from geo.io.atomic import write_bytes_atomic
from geo.io.files import refuse_overwriting_inputs
from geo.layerfiles import geojson
from geo.layerfiles.shipped import layers_folder
from geo.layerfiles.terrain import read_terrain
from geo.page import i18n, model, texts
from geo.page.style import load_style
from geo.steps import terrain

#: Figure size in inches and resolution: 1920 × 1440 pixels, the default size
#: (``export --size`` gives others, at the same resolution: see geo/face/sizes.py).
FIGSIZE_IN = (12.0, 9.0)
DPI = 160

#: Margin around the corridor in the figure, in metres (UTM 38N), when the page
#: has no first view.
MARGIN_M = 9_000.0

#: Margin around the page's first view (the route and the anchors of the
#: country and river names), in metres, so the names drawn round their anchors
#: stay on the map.
FIRST_VIEW_MARGIN_M = 3_000.0

#: Gap between the map's frame and what is drawn inside it, in points.
INSET_PT = 8.0

#: The relief is resampled (bilinearly) onto the figure's UTM grid at this step,
#: in metres, and drawn without further smoothing: its own cells are about 1 km,
#: the figure's pixels about 35 m, and a finer step only grows the files.
RELIEF_STEP_M = 120.0

#: Leaflet sizes are CSS pixels (1/96 in); matplotlib's are points (1/72 in).
PT_PER_PX = 0.75

FORMATS = ("gpkg", "png", "pdf")

_FAMILY = {
    "Point": "points",
    "MultiPoint": "points",
    "LineString": "lines",
    "MultiLineString": "lines",
    "Polygon": "polygons",
    "MultiPolygon": "polygons",
}


# ---------------------------------------------------------------- inputs


def _as_of(data: dict[str, Any]) -> str:
    """Return the panel's "as of" date (ISO), else its newest timeline date."""
    panel = data.get("panel", {})
    as_of = panel.get("as_of")
    if isinstance(as_of, str) and as_of:
        return as_of
    dates = [str(t.get("date", "")) for t in panel.get("timeline", []) if t.get("date")]
    return max(dates) if dates else "2025-01-01"


def _cite(data: dict[str, Any]) -> str:
    """Return the page's line on how to cite and reuse the map, or an empty string."""
    cite = data.get("panel", {}).get("cite")
    return cite if isinstance(cite, str) else ""


def _as_of_datetime(iso: str) -> dt.datetime:
    parts = [int(p) for p in iso.split("-")[:3]]
    parts += [1] * (3 - len(parts))
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


def _inputs(
    layers_dir: str | Path | None, *, cleaned: bool = False, lang: str = "en"
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, Any]]:
    """Read the layers (checked) and what of the page's model the export needs.

    Without ``cleaned`` (the GeoPackage): the layer files' full-resolution
    geometry and the panel (its "as of" date and how to cite); no display
    geometry is computed. With ``cleaned`` (the figure): the layers cleaned
    once for display, at full resolution (source artefacts removed, not
    simplified; see :func:`geo.display.geometry.display_layers`), and the
    page's whole model (styles, legends, labels, credits, the relief) built from that
    same display.
    """
    folder = layers_folder(layers_dir)
    layers = geojson.read_layer_files(folder)
    frames = {name: to_frame(features) for name, features in layers.items()}
    if not cleaned:
        return frames, {"panel": model.panel_data()}
    relief = read_terrain(folder)
    shown = model.display_of(layers, max_error_m=None)
    for name, geoms in shown.geometries.items():
        frames[name] = frames[name].set_geometry(gpd.GeoSeries(geoms, crs=WGS84))
    return frames, model.page_data(layers, shown=shown, terrain=relief, lang=lang)


# ---------------------------------------------------------------- GeoPackage


def gpkg_layers(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """Split the layers so that each holds one family of geometry (GeoPackage rule).

    A layer of several families is split into one layer per family, named
    after the feature's ``id`` when a family has one feature (the corridor
    becomes ``corridor_centreline`` and ``corridor_band``), else
    ``<layer>_<points|lines|polygons>``. Columns no feature of a split layer
    fills are dropped.
    """
    out: dict[str, gpd.GeoDataFrame] = {}
    for name, frame in frames.items():
        families = frame.geometry.geom_type.map(_FAMILY)
        if families.nunique() <= 1:
            out[name] = frame
            continue
        for family in dict.fromkeys(families):
            part = frame[families == family]
            ids = part["id"].dropna().tolist() if "id" in part else []
            key = str(ids[0]) if len(part) == 1 and ids else f"{name}_{family}"
            keep = [c for c in part.columns if c == "geometry" or part[c].notna().any()]
            out[key] = part[keep].reset_index(drop=True)
    return out


def gpkg_bytes(frames: dict[str, gpd.GeoDataFrame], as_of: dt.datetime, cite: str = "") -> bytes:
    """Return a GeoPackage of the layers, its timestamps pinned to ``as_of``.

    ``cite`` (how to cite and reuse the layers) becomes every layer's description.
    """
    stamp = as_of.strftime("%Y-%m-%dT%H:%M:%SZ")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "layers.gpkg"
            for name, frame in gpkg_layers(frames).items():
                kinds = set(frame.geometry.geom_type)
                mixed = len(kinds) > 1  # a Polygon and a MultiPolygon: write both as multi
                frame.to_file(
                    path,
                    layer=name,
                    driver="GPKG",
                    engine="pyogrio",
                    promote_to_multi=mixed,
                    DESCRIPTION=cite,
                )
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


# ---------------------------------------------------------------- figure


def _rgba(color: Any, opacity: Any = 1.0) -> tuple[float, float, float, float] | str:
    if not isinstance(color, str):
        return "none"
    try:
        return mpl.colors.to_rgba(color, float(opacity))
    except ValueError:
        return "none"


def _dashes(dash: Any, width_pt: float) -> Any:
    """Turn a Leaflet dashArray ("8 6", CSS px) into a matplotlib line style."""
    if not isinstance(dash, str) or not dash.strip():
        return "solid"
    try:
        seq = [float(v) * PT_PER_PX / max(width_pt, 0.1) for v in dash.replace(",", " ").split()]
    except ValueError:
        return "solid"
    return (0, tuple(seq)) if seq and len(seq) % 2 == 0 else "solid"


def _draw(ax: Any, geom: Any, style: dict[str, Any], zorder: float) -> None:
    """Draw one UTM geometry with Leaflet path options mapped to matplotlib's."""
    series = gpd.GeoSeries([geom], crs=UTM38N)
    width = float(style.get("weight", 1.0)) * PT_PER_PX
    edge = _rgba(style.get("color"), style.get("opacity", 1.0))
    kind = geom.geom_type
    if kind in ("Point", "MultiPoint"):
        radius_pt = float(style.get("radius", 5)) * PT_PER_PX
        series.plot(
            ax=ax,
            markersize=(2 * radius_pt) ** 2,
            facecolor=_rgba(style.get("fillColor", style.get("color")), 1.0),
            edgecolor=edge,
            linewidth=width,
            zorder=zorder,
        )
    elif kind in ("Polygon", "MultiPolygon"):
        fill = style.get("fill", True) is not False
        series.plot(
            ax=ax,
            facecolor=_rgba(style.get("fillColor"), style.get("fillOpacity", 0.2))
            if fill
            else "none",
            edgecolor=edge,
            linewidth=width,
            linestyle=_dashes(style.get("dashArray"), width),
            zorder=zorder,
        )
    else:
        series.plot(
            ax=ax,
            color=edge,
            linewidth=width,
            linestyle=_dashes(style.get("dashArray"), width),
            zorder=zorder,
        )


def relief_utm(shown: dict[str, Any], extent: tuple[float, ...], step_m: float) -> np.ndarray:
    """Resample the page's relief image onto a UTM 38N grid over ``extent``.

    Parameters
    ----------
    shown
        The page's ``terrain`` (its PNG in base64 and its bounds, degrees).
    extent
        (x0, x1, y0, y1) of the grid, metres (UTM 38N).
    step_m
        The grid's cell size, metres.

    Returns
    -------
    numpy.ndarray
        RGBA 0-1, rows north to south, for ``imshow(..., extent=extent, origin="upper")``.
    """
    x0, x1, y0, y1 = extent
    cols, rows = max(2, round((x1 - x0) / step_m)), max(2, round((y1 - y0) / step_m))
    x = x0 + (np.arange(cols) + 0.5) * (x1 - x0) / cols
    y = y1 - (np.arange(rows) + 0.5) * (y1 - y0) / rows
    grid_x, grid_y = np.meshgrid(x, y)
    lon, lat = transformer(UTM38N, WGS84).transform(grid_x, grid_y)
    rgba = png.decode_rgba(base64.b64decode(shown["png_base64"]))
    return terrain.sample_overlay(rgba, shown["bounds"], np.asarray(lon), np.asarray(lat))


def _relief_zorder(data: dict[str, Any]) -> float:
    """Return the relief's zorder: above every layer whose pane lies below its pane."""
    depth = {p["name"]: p["z_index"] for p in data.get("panes", [])}
    below = depth.get(data["terrain"]["pane"], 0)
    orders = [
        order
        for order, layer in enumerate(data["layers"])
        if depth.get(layer.get("pane"), below + 1) < below
    ]
    return 10 + max(orders, default=-1) + 0.5


def _legend_handle(entry: dict[str, Any], layer_style: dict[str, Any]) -> Any:
    color = entry.get("color") or layer_style.get("color", "#555555")
    fill = entry.get("fill") or color
    label = str(entry.get("label", ""))
    geometry = str(entry.get("geometry", "line"))
    if geometry == "polygon":
        alpha = max(0.25, min(1.0, float(layer_style.get("fillOpacity", 0.35))))
        return Patch(facecolor=_rgba(fill, alpha), edgecolor=color, label=label)
    if geometry == "point":
        return Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=7,
            markerfacecolor=fill,
            markeredgecolor=color,
            label=label,
        )
    width = max(1.5, float(layer_style.get("weight", 2)) * PT_PER_PX)
    return Line2D(
        [],
        [],
        color=color,
        linewidth=width,
        linestyle=_dashes(entry.get("dash"), width),
        label=label,
    )


def _data_box(frames: dict[str, gpd.GeoDataFrame], data: dict[str, Any]) -> tuple[float, ...]:
    """Return (x0, y0, x1, y1) in UTM 38N that the figure must show.

    The page's first view (the route with the anchors of the names of the countries
    and the Aras) with a margin, or the corridor with a wider one when the page has none.
    """
    x0, y0, x1, y1 = frames["corridor"].to_crs(UTM38N).total_bounds
    first = data.get("first_view_bounds")
    if not (isinstance(first, list) and len(first) == 2):
        return x0 - MARGIN_M, y0 - MARGIN_M, x1 + MARGIN_M, y1 + MARGIN_M
    (south, west), (north, east) = first
    lons = np.linspace(float(west), float(east), 9)
    lats = np.linspace(float(south), float(north), 9)
    grid_lon, grid_lat = np.meshgrid(lons, lats)
    xs, ys = transformer(WGS84, UTM38N).transform(grid_lon.ravel(), grid_lat.ravel())
    margin = FIRST_VIEW_MARGIN_M
    return (
        min(x0, float(np.min(xs))) - margin,
        min(y0, float(np.min(ys))) - margin,
        max(x1, float(np.max(xs))) + margin,
        max(y1, float(np.max(ys))) + margin,
    )


def _extent(
    box: tuple[float, ...], axes_px: tuple[float, float], reserved_px: float = 0.0
) -> tuple[float, ...]:
    """Return (x0, x1, y0, y1) in UTM 38N of axes ``axes_px`` (w, h) that show ``box``.

    ``box`` (x0, y0, x1, y1) fits the axes less ``reserved_px`` on the right (where
    the legend is), so nothing of it lies under the legend.
    """
    x0, y0, x1, y1 = box
    free_w = max(axes_px[0] - reserved_px, axes_px[0] * 0.4)
    m_per_px = max((x1 - x0) / free_w, (y1 - y0) / axes_px[1])
    width, height = axes_px[0] * m_per_px, axes_px[1] * m_per_px
    left = x0 - (free_w * m_per_px - (x1 - x0)) / 2
    cy = (y0 + y1) / 2
    return left, left + width, cy - height / 2, cy + height / 2


def _scale_bar(ax: Any, extent: tuple[float, ...], words: _Words) -> None:
    """Draw a two-part scale bar of a round length (true in UTM 38N) at lower left.

    Its figures and unit are in the figure's language (``words``).
    """
    x0, x1, y0, y1 = extent
    target = (x1 - x0) / 5
    length = max(v for v in (1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5) if v <= target)
    left, bottom, height = x0 + 0.03 * (x1 - x0), y0 + 0.04 * (y1 - y0), 0.008 * (y1 - y0)
    for i, face in enumerate(("#1a1a1a", "#ffffff", "#1a1a1a", "#ffffff")):
        ax.add_patch(
            Rectangle(
                (left + i * length / 4, bottom),
                length / 4,
                height,
                facecolor=face,
                edgecolor="#1a1a1a",
                linewidth=0.8,
                zorder=50,
            )
        )
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for x, text in (
        (left, texts.number_text(0, words.own)),
        (left + length / 2, texts.number_text(length / 2e3, words.own)),
        (left + length, words("ui.unit.km", "{value} km", value=length / 1e3)),
    ):
        ax.text(
            x,
            bottom + 2.2 * height,
            text,
            ha="center",
            va="bottom",
            fontsize=9,
            zorder=51,
            path_effects=halo,
        )


def _north_arrow(ax: Any, extent: tuple[float, ...], letter: str = "N") -> None:
    """Draw an arrow to true north (UTM grid north differs by the meridian convergence)."""
    x0, x1, y0, y1 = extent
    to_wgs = transformer(UTM38N, WGS84)
    to_utm = transformer(WGS84, UTM38N)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    lon, lat = to_wgs.transform(cx, cy)
    nx, ny = to_utm.transform(lon, lat + 0.01)
    angle = np.arctan2(nx - cx, ny - cy)  # radians east of grid north
    size = 0.07 * (y1 - y0)
    bx, by = x1 - 0.05 * (x1 - x0), y1 - 0.16 * (y1 - y0)
    dx, dy = size * np.sin(angle), size * np.cos(angle)
    ax.add_patch(
        FancyArrow(
            bx,
            by,
            dx,
            dy,
            width=0.12 * size,
            head_width=0.4 * size,
            head_length=0.35 * size,
            length_includes_head=True,
            facecolor="#1a1a1a",
            edgecolor="white",
            linewidth=0.8,
            zorder=50,
        )
    )
    ax.text(
        bx + dx * 1.15,
        by + dy * 1.15,
        letter,
        ha="center",
        va="bottom",
        fontsize=13,
        fontweight="bold",
        zorder=51,
        path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
    )


class _Words:
    """The figure's words in the page's default language, English where untranslated."""

    def __init__(self, data: dict[str, Any]) -> None:
        i18n_data = data.get("i18n", {})
        self.lang = str(i18n_data.get("default", "en"))
        catalogues = i18n.unpack(i18n_data.get("catalogues", {}))
        self.english: dict[str, str] = catalogues.get("en", {})
        self.own: dict[str, str] = {**self.english, **catalogues.get(self.lang, {})}
        self.names: dict[str, dict[str, str]] = i18n_data.get("names", {})

    def __call__(self, key: str, default: str = "", **values: object) -> str:
        # numbers as the page writes them (the language's digits), marked as it marks them
        local = {
            name: texts.number_text(value, self.own)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else value
            for name, value in values.items()
        }
        text = i18n.bidi_marked(i18n.render(self.own.get(key, default), **local), self.lang)
        # matplotlib (libraqm) takes a text's direction from its first letter: a Persian
        # text that starts with a Latin word (TRIPP) would be laid out left to right
        return "\u200f" + text if i18n.direction(self.lang) == "rtl" and text else text

    def name(self, fid: Any, default: str) -> str:
        """Return a feature's name in the figure's language (its label in English)."""
        if self.lang == "en":
            return default
        return self.names.get(str(fid), {}).get(self.lang, default)

    def credits(self, data: dict[str, Any]) -> str:
        """Return the page's credits written in the figure's language."""
        return texts.render(data.get("credits", ""), self.own, self.names, self.lang)

    def cite(self, data: dict[str, Any]) -> str:
        """Return how to cite and reuse the figure, in its language."""
        if "ui.cite.text" not in self.own:
            return _cite(data)
        return self("ui.cite.text", version=__version__, date=self.date(_as_of(data)))

    def date(self, iso: str) -> str:
        """Write an ISO date in the figure's language."""
        return i18n.date_text(iso, self.own) if "date.day_month_year" in self.own else iso


def figure_font(texts: list[str], where: object = "figure") -> str:
    """Return the first family of style.toml's ``[fonts] figure`` with every glyph of ``texts``.

    Raises
    ------
    OutputError
        If none has them all; the message names the first missing characters.
    """
    from matplotlib import font_manager, ft2font  # noqa: PLC0415

    wanted = {ch for text in texts for ch in text if not ch.isspace()}
    missing: set[str] = wanted
    for family in load_style().fonts.get("figure", ["DejaVu Sans"]):
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        charmap = ft2font.FT2Font(path).get_charmap()
        missing = {ch for ch in wanted if ord(ch) not in charmap}
        if not missing:
            return str(family)
    shown = "".join(sorted(missing)[:10])
    raise OutputError(f"{where}: no font of style.toml [fonts] figure has the glyphs {shown!r}")


def _face(
    text: str, style: Literal["normal", "italic"] = "normal", weight: str = "normal"
) -> dict[str, str]:
    """Return ``style`` and ``weight`` for ``text``, or normal where that face lacks a glyph.

    The figure's family (rcParams) has every glyph in its regular face
    (:func:`figure_font`); its bold or italic face may not (DejaVu Sans Oblique
    has no Arabic letters), and matplotlib would then draw empty boxes.
    """
    from matplotlib import font_manager, ft2font  # noqa: PLC0415

    path = font_manager.findfont(
        font_manager.FontProperties(family=mpl.rcParams["font.family"], style=style, weight=weight)
    )
    charmap = ft2font.FT2Font(path).get_charmap()
    if all(ord(ch) in charmap for ch in text if not ch.isspace()):
        return {"fontstyle": style, "fontweight": weight}
    return {"fontstyle": "normal", "fontweight": "normal"}


def draw_figure(
    frames: dict[str, gpd.GeoDataFrame],
    data: dict[str, Any],
    size_px: tuple[int, int] = DEFAULT_PX,
) -> Figure:
    """Draw the route region from layers (GeoDataFrames) and the page's data.

    Parameters
    ----------
    frames
        Layers in EPSG:4326 by name (see :func:`geo.face.frames.read_layers`).
    data
        The page's model (:func:`geo.page.model.page_data`): styles, legends, labels,
        credits and the "as of" date.
    size_px
        Width and height of the figure in pixels at :data:`DPI` (see
        :mod:`geo.face.sizes`); 1920 × 1440 by default.

    Returns
    -------
    matplotlib.figure.Figure
        ``size_px`` at ``DPI``, drawn in UTM zone 38N, in the language of
        ``data["i18n"]["default"]`` (names, legend, title, "as of" and credits),
        framing the page's first view with its names: the countries, the Aras and
        the route's label ("illustrative"), on the map itself.

    Raises
    ------
    OutputError
        If no font of ``[fonts] figure`` has every glyph of the figure's text.
    """
    words = _Words(data)
    texts = _figure_texts(frames, data, words)
    with mpl.rc_context({"font.family": [figure_font(list(texts.values()))]}):
        return _draw_figure(frames, data, words, texts, size_px)


def _name_labels(data: dict[str, Any], words: _Words) -> list[dict[str, Any]]:
    """Return the page's names of its first view (countries, the Aras, the route), in order.

    Each is the page's label (``geo/data/labels.csv``) with ``shown``: its text in
    the figure's language, as the page writes it (country names in capitals).
    """
    out = []
    for label in data.get("labels", []):
        if not label.get("first_view") or label.get("kind") not in ("country", "water", "route"):
            continue
        params = label.get("params") or {}
        text = words(f"label.{label['id']}", str(label.get("text", "")), **params)
        shown = text.upper() if label["kind"] == "country" else text
        out.append({**label, "shown": shown})
    return out


def _figure_texts(
    frames: dict[str, gpd.GeoDataFrame], data: dict[str, Any], words: _Words
) -> dict[str, str]:
    """Return every text the figure draws, by a key of our own."""
    texts = {
        "title": words("panel.title", str(data.get("title", ""))),
        "subtitle": words("ui.figure.subtitle", date=words.date(_as_of(data))),
        "legend": words("ui.legend.title", "Legend"),
        "north": words("ui.figure.north", "N"),
        "credits": " ".join(
            filter(
                None, [words.cite(data), words("ui.figure.credits", credits=words.credits(data))]
            )
        ),
    }
    for label in _name_labels(data, words):
        texts[f"label.{label['id']}"] = label["shown"]
    if isinstance(data.get("terrain"), dict):  # the relief's legend line, as the page has it
        texts["relief"] = words("terrain.title", str(data["terrain"].get("title", "")))
    for layer in data["layers"]:
        for n, entry in enumerate(layer.get("legend", []), start=1):
            key = f"legend.{layer['id']}.{n}"
            texts[key] = words(key, str(entry.get("label", "")))
        frame = frames.get(layer["id"])
        if frame is None:
            continue
        features = layer["geojson"]["features"]
        ids = list(frame["id"]) if "id" in frame.columns else [None] * len(frame)
        if len(features) == len(ids):
            for fid, feature in zip(ids, features, strict=True):
                label = feature.get("properties", {}).get("label")
                if isinstance(label, str):
                    texts[f"place.{layer['id']}.{fid}"] = words.name(fid, label)
    return texts


def _legend_handles(data: dict[str, Any], texts: dict[str, str]) -> list[Any]:
    """Return the legend's entries, top-most layer first, as on the page."""
    handles: list[Any] = []
    shown = data.get("terrain")
    if shown is not None and shown.get("visible", True):
        shadow = terrain.ReliefParams()
        red, green, blue = (c / 255 for c in shadow.shadow_rgb)
        tone = (red, green, blue, shadow.shadow_max_alpha * 0.7)
        handles.append(Patch(facecolor=tone, label=texts.get("relief", str(shown["title"]))))
    for layer in data["layers"]:
        if not layer.get("visible", True):
            continue
        layer_style = dict(layer.get("style", {}))
        handles += [
            _legend_handle({**e, "label": texts[f"legend.{layer['id']}.{n}"]}, layer_style)
            for n, e in enumerate(layer.get("legend", []), start=1)
        ]
    handles.reverse()
    return handles


def _fit_legend(ax: Any, handles: list[Any], title: str, font_pt: float, renderer: Any) -> Any:
    """Add the legend at lower right in one column, or two when one is too tall.

    Returns the legend, or None (and no legend) when even two columns would take
    more than the map's height or half its width: the map's own names then carry it.
    """
    box = ax.get_window_extent(renderer)
    for ncol in (1, 2):
        legend = ax.legend(
            handles=handles,
            loc="lower right",
            fontsize=font_pt,
            framealpha=0.92,
            title=title,
            title_fontsize=font_pt + 1,
            ncols=ncol,
            borderaxespad=0.6,
        )
        got = legend.get_window_extent(renderer)
        if got.height <= box.height * 0.96 and got.width <= box.width * 0.5:
            legend.set_zorder(60)
            return legend
        legend.remove()
    return None


def _draw_names(
    ax: Any,
    data: dict[str, Any],
    words: _Words,
    frames: dict[str, gpd.GeoDataFrame],
    renderer: Any,
    placed: list[Any],
    scale: float,
) -> None:
    """Draw the names of the countries, the Aras and the route, as the page places them.

    The route's label goes below the line, framed in the route's colour, at the first
    gap that keeps it off the line and off the legend; every name's box joins ``placed``.
    """
    given = data.get("label_style")
    style: dict[str, Any] = given if isinstance(given, dict) else {}
    to_utm = transformer(WGS84, UTM38N)
    frame = ax.get_window_extent(renderer)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    route = frames["corridor"].to_crs(UTM38N).geometry
    line = [g for g in route if g.geom_type == "LineString"]
    line_px = ax.transData.transform(np.vstack([np.asarray(g.coords)[:, :2] for g in line]))
    for label in _name_labels(data, words):
        x, y = to_utm.transform(float(label["lon"]), float(label["lat"]))
        px, py = ax.transData.transform((x, y))
        if not (frame.x0 < px < frame.x1 and frame.y0 < py < frame.y1):
            continue
        kind = label["kind"]
        color = style.get(f"{kind}_color") or ("#6f695e" if kind == "country" else "#1a1a1a")
        if kind == "route":
            for gap in (22, 40, 60, 80, -22, -40):
                text = ax.annotate(
                    label["shown"],
                    (x, y),
                    xytext=(0, -gap * scale),
                    textcoords="offset points",
                    ha="center",
                    va="top" if gap > 0 else "bottom",
                    fontsize=11 * scale,
                    **_face(label["shown"], weight="bold"),
                    color=color,
                    zorder=45,
                    parse_math=False,
                    bbox={
                        "boxstyle": "round,pad=0.3",
                        "facecolor": "white",
                        "edgecolor": style.get("route_frame") or color,
                        "linewidth": 1.5,
                    },
                )
                box = text.get_window_extent(renderer).padded(4)
                on_line = box.count_contains(line_px) > 0
                if not on_line and _free(box, placed, frame):
                    break
                if gap != -40:
                    text.remove()
        else:
            # a river's name in italics under its point; a country's bold and centred
            water = kind == "water"
            text = ax.text(
                x,
                y,
                label["shown"],
                ha="center",
                va="top" if water else "center",
                **({} if water else {"multialignment": "center"}),
                fontsize=(10 if water else 13) * scale,
                **(
                    _face(label["shown"], style="italic")
                    if water
                    else _face(label["shown"], weight="bold")
                ),
                color=color,
                zorder=44 if water else 43,
                path_effects=halo,
                parse_math=False,
            )
        if kind != "route":
            _slide_inside(ax, text, renderer, frame)
        placed.append(text.get_window_extent(renderer))


def _slide_inside(ax: Any, text: Any, renderer: Any, frame: Any) -> None:
    """Move an area's or a river's name into the map, by at most half its size (as the page)."""
    box = text.get_window_extent(renderer)
    margin = 4.0

    def shift(start: float, end: float, low: float, high: float) -> float:
        move = low + margin - start if start < low + margin else 0.0
        move = high - margin - end if end > high - margin else move
        return move if abs(move) <= (end - start) / 2 else 0.0

    dx = shift(box.x0, box.x1, frame.x0, frame.x1)
    dy = shift(box.y0, box.y1, frame.y0, frame.y1)
    if dx or dy:
        px, py = ax.transData.transform(text.get_position())
        text.set_position(ax.transData.inverted().transform((px + dx, py + dy)))


def _draw_layers(
    ax: Any,
    frames: dict[str, gpd.GeoDataFrame],
    data: dict[str, Any],
    texts: dict[str, str],
    extent: tuple[float, ...],
) -> list[dict[str, Any]]:
    """Draw every visible layer in the page's order; return the places' names to place.

    Each name is ``{text, x, y, rank, radius_pt}`` (UTM 38N metres), for places in view.
    """
    x0, x1, y0, y1 = extent
    names = []
    for order, layer in enumerate(data["layers"]):
        frame = frames.get(layer["id"])
        if frame is None or not layer.get("visible", True):
            continue
        layer_style = dict(layer.get("style", {}))
        utm = frame.to_crs(UTM38N)
        page_features = layer["geojson"]["features"]
        if len(page_features) != len(utm):  # the page drew them otherwise: layer style only
            page_features = [{}] * len(utm)
        ids = list(utm["id"]) if "id" in utm.columns else [None] * len(utm)
        for fid, geom, feature in zip(ids, utm.geometry, page_features, strict=True):
            props = feature.get("properties", {})
            style = {**layer_style, **props.get("style", {})}
            _draw(ax, geom, style, zorder=10 + order)
            label = texts.get(f"place.{layer['id']}.{fid}", props.get("label"))
            if isinstance(label, str) and geom.geom_type == "Point":
                if x0 < geom.x < x1 and y0 < geom.y < y1:
                    rank = props.get("label_rank")
                    names.append(
                        {
                            "text": label,
                            "x": geom.x,
                            "y": geom.y,
                            "rank": rank if rank in (0, 1, 2) else 2,
                            "radius_pt": float(style.get("radius", 5)) * PT_PER_PX,
                        }
                    )
    return names


def _free(box: Any, placed: list[Any], frame: Any) -> bool:
    """Tell whether a display box lies inside ``frame`` and overlaps none of ``placed``."""
    inside = box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
    return inside and not any(box.overlaps(other) for other in placed)


def _place_places(
    ax: Any, names: list[dict[str, Any]], renderer: Any, placed: list[Any], scale: float
) -> None:
    """Name the places, most important first, each right or left of its dot where free.

    A name with no free side is left out, as the page hides it (the dot stays).
    """
    frame = ax.get_window_extent(renderer)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    dots = []
    for name in names:
        px, py = ax.transData.transform((name["x"], name["y"]))
        r = name["radius_pt"] * DPI / 72 + 1
        dots.append(mpl.transforms.Bbox([[px - r, py - r], [px + r, py + r]]))
    for index in sorted(range(len(names)), key=lambda i: names[i]["rank"]):
        name = names[index]
        gap = name["radius_pt"] + 3
        others = placed + [d for i, d in enumerate(dots) if i != index]
        for dx, ha in ((gap, "left"), (-gap, "right")):
            text = ax.annotate(
                name["text"],
                (name["x"], name["y"]),
                xytext=(dx, 0),
                textcoords="offset points",
                ha=ha,
                va="center",
                fontsize=(10 if name["rank"] == 0 else 9) * scale,
                **_face(name["text"], weight="bold" if name["rank"] == 0 else "normal"),
                zorder=40,
                path_effects=halo,
                parse_math=False,
            )
            box = text.get_window_extent(renderer)
            if _free(box, others, frame):
                placed.append(box)
                break
            text.remove()


def _wrap(text: str, font_pt: float, width_px: float, fig: Figure, renderer: Any) -> list[str]:
    """Wrap ``text`` into lines that fit ``width_px`` at ``font_pt`` (measured, not guessed)."""
    chars = max(40, int(width_px / (font_pt * DPI / 72 * 0.5)))
    probe = Text(0, 0, "", fontsize=font_pt, parse_math=False)
    probe.set_figure(fig)
    while True:
        lines = textwrap.wrap(text, chars)
        widest = 0.0
        for line in lines:
            probe.set_text(line)
            widest = max(widest, probe.get_window_extent(renderer).width)
        if widest <= width_px or chars <= 40:
            return lines
        chars = max(40, int(chars * width_px / widest) - 1)


def _draw_header(
    fig: Figure, texts: dict[str, str], credits: list[str], layout: dict[str, float], rtl: bool
) -> None:
    """Write the title, the "as of" line and the credits (from the right edge in RTL)."""
    x, ha = (1 - layout["left"], "right") if rtl else (layout["left"], "left")
    height_in, pad_in = layout["height_in"], layout["pad_in"]
    title_pt, subtitle_pt = layout["title_pt"], layout["subtitle_pt"]
    title_y = 1 - (pad_in + title_pt * 0.7 / 72) / height_in
    subtitle_y = 1 - (pad_in + (title_pt * 1.35 + subtitle_pt * 0.8) / 72) / height_in
    fig.text(x, title_y, texts["title"], fontsize=title_pt, fontweight="bold", va="center", ha=ha)
    fig.text(
        x, subtitle_y, texts["subtitle"], fontsize=subtitle_pt, va="center", ha=ha, color="#333333"
    )
    fig.text(
        x,
        (layout["bottom_in"] - 0.06) / height_in,
        "\n".join(credits),
        fontsize=layout["credits_pt"],
        va="top",
        ha=ha,
        color="#333333",
    )


def _draw_figure(
    frames: dict[str, gpd.GeoDataFrame],
    data: dict[str, Any],
    words: _Words,
    texts: dict[str, str],
    size_px: tuple[int, int] = DEFAULT_PX,
) -> Figure:
    from matplotlib.backend_bases import FigureCanvasBase  # noqa: PLC0415
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415

    width_in, height_in = size_px[0] / DPI, size_px[1] / DPI
    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    # Smaller figures get smaller type, down to three quarters of the report's.
    area = size_px[0] * size_px[1] / (DEFAULT_PX[0] * DEFAULT_PX[1])
    scale = float(np.clip(np.sqrt(area), 0.75, 1.0))
    layout = {
        "left": 0.02,
        "height_in": height_in,
        "pad_in": 0.02 * min(width_in, height_in) + 0.05,
        "title_pt": 17 * scale,
        "subtitle_pt": 10 * scale,
        "credits_pt": 6.5 * scale,
    }
    # The header (title, "as of") and the credits take what they need; the map the rest.
    credits = _wrap(texts["credits"], layout["credits_pt"], size_px[0] * 0.96, fig, renderer)
    top_in = layout["pad_in"] + (layout["title_pt"] * 1.35 + layout["subtitle_pt"] * 1.6) / 72
    top_in += 0.06
    layout["bottom_in"] = layout["pad_in"] + len(credits) * layout["credits_pt"] * 1.3 / 72 + 0.08
    ax = fig.add_axes(
        (
            layout["left"],
            layout["bottom_in"] / height_in,
            1 - 2 * layout["left"],
            1 - (top_in + layout["bottom_in"]) / height_in,
        )
    )
    box = ax.get_window_extent(renderer)
    legend = _fit_legend(ax, _legend_handles(data, texts), texts["legend"], 8 * scale, renderer)
    reserved = legend.get_window_extent(renderer).width + INSET_PT * DPI / 72 if legend else 0.0
    extent = _extent(_data_box(frames, data), (box.width, box.height), reserved)
    x0, x1, y0, y1 = extent
    # The Agg canvas is for measuring only: with it, every plot call would redraw
    # the whole figure (draw_idle), so the layers are drawn on the plain canvas.
    FigureCanvasBase(fig)
    ax.set_facecolor(data.get("background", "white"))
    shown = data.get("terrain")
    if shown is not None and shown.get("visible", True):
        ax.imshow(
            relief_utm(shown, extent, RELIEF_STEP_M),
            extent=(x0, x1, y0, y1),
            origin="upper",
            interpolation="none",
            zorder=_relief_zorder(data),
        )
    places = _draw_layers(ax, frames, data, texts, extent)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    # Names are placed as the page places them: the map's names first, then the
    # places by rank, each clear of the legend and of the names already placed.
    renderer = FigureCanvasAgg(fig).get_renderer()
    placed = [legend.get_window_extent(renderer)] if legend else []
    _draw_names(ax, data, words, frames, renderer, placed, scale)
    _place_places(ax, places, renderer, placed, scale)
    FigureCanvasBase(fig)
    _scale_bar(ax, extent, words)
    _north_arrow(ax, extent, texts["north"])
    _draw_header(fig, texts, credits, layout, i18n.direction(words.lang) == "rtl")
    # Names and credits come from data: draw them literally, so "$5 and $10" is no
    # mathematics (and an unbalanced "$" no crash).
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    return fig


def figure(
    layers_dir: str | Path | None = None, *, size_px: tuple[int, int] = DEFAULT_PX
) -> Figure:
    """Return the report figure of the route region as a matplotlib Figure.

    Parameters
    ----------
    layers_dir
        Folder of the layer files (see :func:`geo.layerfiles.shipped.layers_folder`).
    size_px
        Width and height in pixels (see :mod:`geo.face.sizes`).

    Returns
    -------
    matplotlib.figure.Figure
        ``size_px`` (1920 × 1440 by default) at its DPI, in UTM zone 38N, with
        title, names of the countries, the Aras and the route, legend (where it
        fits), scale bar, north arrow, "as of" date and credits.

    Raises
    ------
    LayerError
        If a layer is missing or breaks the contract.
    """
    frames, data = _inputs(layers_dir, cleaned=True)
    return draw_figure(frames, data, size_px)


def figure_bytes(fig: Figure, fmt: str, as_of: dt.datetime, cite: str = "") -> bytes:
    """Return the figure as PNG or PDF bytes; the PDF's dates pinned to ``as_of``.

    ``cite`` (how to cite and reuse the figure) goes into the file's metadata.
    """
    buffer = BytesIO()
    if fmt == "pdf":
        metadata: dict[str, Any] = {"CreationDate": as_of, "ModDate": as_of, "Subject": cite}
    else:
        metadata = {"Software": None, "Description": cite}
    fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def export(
    fmt: str,
    output: str | Path,
    layers_dir: str | Path | None = None,
    lang: str = "en",
    size_px: tuple[int, int] = DEFAULT_PX,
) -> Path:
    """Write the layers as a GeoPackage (``gpkg``) or the figure (``png``, ``pdf``).

    Parameters
    ----------
    fmt
        One of :data:`FORMATS`.
    output
        The file to write, atomically; its folder must exist.
    layers_dir
        Folder of the layer files (see :func:`geo.layerfiles.shipped.layers_folder`).
    lang
        The figure's language (:data:`geo.page.names.LANGUAGES`); the GeoPackage
        carries every language's names whatever it is.
    size_px
        The figure's width and height in pixels (ignored for the GeoPackage).

    Returns
    -------
    pathlib.Path
        ``output``.

    Raises
    ------
    LayerError
        If a layer is missing or breaks the contract.
    OutputError
        If ``fmt`` is unknown or ``output`` cannot be written.
    LanguageError
        If ``lang`` is not one of the page's languages.
    """
    i18n.language(lang)
    output = Path(output)
    if fmt not in FORMATS:
        raise OutputError(f"{output}: unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if output.is_dir():
        raise OutputError(f"{output}: is a folder, expected a file path")
    if not output.parent.is_dir():  # found before the layers are read and drawn
        raise OutputError(f"{output}: its folder {output.parent} does not exist")
    refuse_overwriting_inputs(output, geojson.layer_paths(layers_folder(layers_dir)), OutputError)
    frames, data = _inputs(layers_dir, cleaned=fmt != "gpkg", lang=lang)
    as_of = _as_of_datetime(_as_of(data))
    if fmt == "gpkg":
        payload = gpkg_bytes(frames, as_of, _cite(data))
    else:
        cite = _Words(data).cite(data)
        payload = figure_bytes(draw_figure(frames, data, size_px), fmt, as_of, cite)
    write_bytes_atomic(output, payload)
    return output
