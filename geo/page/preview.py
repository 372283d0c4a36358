"""A still picture of the map's first view, drawn before the page data has arrived.

The page's data is most of the file, so a reader on a slow link would see nothing
until it has all arrived. :func:`preview_svg` draws the first view
(``first_view_bounds``) from the same display layers as a small inline SVG that the
page puts at the top of ``<main id="map">``: the countries' fills and outlines, the
route with its halo, the two tripoints, and the first view's names (the countries
and the route's label) in the page's default language. The map's script removes it
once the live map is ready (``behaviour/preview.js``); without JavaScript it stays.

The projection is Web Mercator, as the map's; the SVG's ``viewBox`` is the first
view's bounds and it is scaled to the map's box as Leaflet fits them (centred, whole),
with the countries drawn beyond them so a tall or wide screen is filled. Outlines
are simplified within 1.5 units of an 800-unit-wide view, and every number is rounded,
so the same layers give the same bytes.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from geo.layerfiles.geojson import Feature
from geo.page import i18n
from geo.page.codec import decode_geometry
from geo.page.popups import ROUTE_ID

#: Width of the view in SVG units; the height follows from the bounds.
WIDTH = 800

#: How far beyond the first view the countries are drawn, in view widths and in view
#: heights: enough for a 16:9 screen (0.3 of the width each side) and a phone held
#: upright (0.75 of the height each side).
MARGIN_X, MARGIN_Y = 0.4, 0.8

#: Outlines are simplified within this many SVG units (1.5 px on an 800-px-wide view).
TOLERANCE = 1.5

#: The layers drawn as areas, in drawing order (as the map draws them).
AREAS = ("neighbours", "azerbaijan", "nakhichevan", "armenia", "syunik")

#: Names within this fraction of the view's width from its edge are aligned to that edge.
EDGE = 0.2

#: Point features drawn as dots: the tripoints.
DOT_KINDS = ("tripoint",)


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    """Web Mercator's y of latitudes (degrees), in degrees of longitude at the equator."""
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


class _View:
    """The first view's bounds mapped to SVG units: x right, y down, 0 at its top left."""

    def __init__(self, bounds: list[list[float]]) -> None:
        (south, west), (north, east) = bounds
        self.west = west
        self.top = float(_mercator_y(np.array(north)))
        bottom = float(_mercator_y(np.array(south)))
        self.scale = WIDTH / (east - west)
        self.height = round((self.top - bottom) * self.scale)

    def xy(self, coords: np.ndarray) -> np.ndarray:
        x = (coords[:, 0] - self.west) * self.scale
        y = (self.top - _mercator_y(coords[:, 1])) * self.scale
        return np.column_stack([x, y])

    def project(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, self.xy)

    def region(self) -> BaseGeometry:
        dx, dy = math.ceil(WIDTH * MARGIN_X), math.ceil(self.height * MARGIN_Y)
        return box(-dx, -dy, WIDTH + dx, self.height + dy)


def _path(geom: BaseGeometry) -> str:
    """Return SVG path data of a projected geometry: integers, relative steps."""
    parts = []
    lines = shapely.get_parts(geom)
    if geom.geom_type.endswith("Polygon"):
        lines = shapely.get_rings(lines)
    for line in lines:
        xy = np.rint(shapely.get_coordinates(line)).astype(np.int64)
        keep = np.concatenate([[True], np.any(np.diff(xy, axis=0) != 0, axis=1)])
        xy = xy[keep]
        closed = geom.geom_type.endswith("Polygon")
        if closed and len(xy) > 1 and (xy[0] == xy[-1]).all():
            xy = xy[:-1]
        if len(xy) < (3 if closed else 2):
            continue
        steps = np.diff(xy, axis=0)
        numbers = " ".join(f"{dx} {dy}" for dx, dy in steps.tolist()).replace(" -", "-")
        parts.append(f"M{xy[0][0]} {xy[0][1]}l{numbers}" + ("z" if closed else ""))
    return "".join(parts)


def _attrs(**values: object) -> str:
    return "".join(
        f' {name.replace("_", "-")}="{html.escape(str(value))}"' for name, value in values.items()
    )


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(lines: list[str], x: float, y: float, css_class: str, colour: str) -> str:
    """Return a name centred on (x, y), one line after another (``dy`` in ems, from CSS size)."""
    first = -(len(lines) - 1) * 0.6
    spans = "".join(
        f'<tspan x="{_number(x)}" dy="{_number(first if i == 0 else 1.2)}em">'
        f"{html.escape(line, quote=False)}</tspan>"
        for i, line in enumerate(lines)
    )
    return f'<text class="{css_class}" y="{_number(y)}"{_attrs(fill=colour)}>{spans}</text>'


def _label_text(data: dict[str, Any], label: dict[str, Any]) -> str:
    key = f"label.{label['id']}"
    template = i18n.page_text(data, key) or str(label["text"])
    default = str(data.get("i18n", {}).get("default", "en"))
    return i18n.bidi_marked(i18n.render(template, **label.get("params", {})), default)


def preview_svg(data: dict[str, Any], layers: dict[str, list[Feature]]) -> str:
    """Return the first view as an inline ``<svg>`` element (see the module's docstring).

    Parameters
    ----------
    data
        The page's model (:func:`geo.page.model.page_data`): its display geometry,
        styles, labels, first view and catalogues.
    layers
        The layers it was made from, for which feature is the route and which points
        are tripoints (features in the same order as the model's).
    """
    view = _View(data["first_view_bounds"])
    region = view.region()
    by_id = {layer["id"]: layer for layer in data["layers"]}
    shapes = []
    for name in AREAS:
        layer = by_id.get(name)
        if layer is None:
            continue
        style = layer["style"]
        for feature in layer["geojson"]["features"]:
            geom = view.project(shape(decode_geometry(feature["geometry"])))
            geom = shapely.simplify(shapely.intersection(geom, region), TOLERANCE)
            if geom.is_empty:
                continue
            shapes.append(
                "<path"
                + _attrs(d=_path(geom), fill=style["fillColor"], stroke=style["color"])
                + "/>"
            )
    route = next(
        (
            (shown, feature)
            for shown, feature in zip(
                by_id["corridor"]["geojson"]["features"], layers["corridor"], strict=True
            )
            if feature.properties.get("id") == ROUTE_ID
        ),
        None,
    )
    if route is not None:
        shown, _feature = route
        style = {**by_id["corridor"]["style"], **shown["properties"].get("style", {})}
        line = shapely.simplify(view.project(shape(decode_geometry(shown["geometry"]))), 0.3)
        d = _path(line)
        shapes.append(
            "<path"
            + _attrs(
                d=d,
                fill="none",
                stroke=style.get("halo_color", "#ffffff"),
                stroke_width=style.get("halo_weight", 11),
            )
            + "/>"
        )
        shapes.append(
            "<path"
            + _attrs(d=d, fill="none", stroke=style["color"], stroke_width=style["weight"])
            + "/>"
        )
    for shown, feature in zip(
        by_id["places"]["geojson"]["features"], layers["places"], strict=True
    ):
        if feature.properties.get("kind") not in DOT_KINDS:
            continue
        x, y = view.xy(np.array([shown["geometry"]["coordinates"]]))[0]
        fill = shown["properties"].get("style", {}).get("fillColor", "#1a1a1a")
        shapes.append(
            f'<circle cx="{_number(x)}" cy="{_number(y)}" r="4"'
            f"{_attrs(fill=fill, stroke='#ffffff')}/>"
        )
    names = []
    label_style = data.get("label_style", {})
    for label in data.get("labels", []):
        if not label.get("first_view") or label.get("kind") not in ("country", "route"):
            continue
        x, y = view.xy(np.array([[label["lon"], label["lat"]]]))[0]
        lines = _label_text(data, label).split("\n")
        route_label = label["kind"] == "route"
        colour = label_style.get("route_color" if route_label else "country_color", "#333333")
        css_class = "preview-route" if route_label else "preview-country"
        # A name whose middle lies near an edge of the view starts (or ends) there, so
        # a screen no wider than the view still shows it whole.
        if x < EDGE * WIDTH:
            x, css_class = max(x, 4.0), css_class + " preview-start"
        elif x > (1 - EDGE) * WIDTH:
            x, css_class = min(x, WIDTH - 4.0), css_class + " preview-end"
        names.append(_text(lines, x, y, css_class, colour))
    title = i18n.page_text(data, "ui.page.preview")
    x0, y0, x1, y1 = (int(v) for v in region.bounds)
    background = html.escape(str(data.get("background", "#cfe2ef")))
    return (
        f'<svg id="map-preview" class="map-preview" viewBox="0 0 {WIDTH} {view.height}"'
        f' preserveAspectRatio="xMidYMid meet" role="img" aria-label="{html.escape(title)}"'
        ">"
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{background}"/>'
        f'<g class="preview-shapes">{"".join(shapes)}</g>'
        f'<g class="preview-names">{"".join(names)}</g>'
        "</svg>"
    )
