"""The user's own GeoJSON files, drawn on the page as layers of their own (``map --add``).

A user's file follows its own contract, not that of our layers: RFC 7946
GeoJSON (a FeatureCollection or one Feature) in WGS84 lon/lat, with any
properties. Each file becomes one layer, titled after its top-level ``name``
member or else its file name, listed in the layer control and the legend, in
the next colour of ``[user]`` in ``geo/data/style.toml``. Its popups list all
of a feature's properties as text. Features whose geometry is null (allowed
by RFC 7946) have no place on a map and are left out. A bad file raises
:class:`~geo.errors.UserDataError` with one line naming it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import SourceError, UserDataError
from geo.io.datafiles import load_geojson_text, load_toml
from geo.io.files import USER_FILE_LIMIT
from geo.layerfiles.geojson import _WGS84_NAMES, REGION_BBOX, geometry_json
from geo.page.codec import encode_geometry
from geo.page.panes import USER_AREAS, USER_POINTS
from geo.page.style import STYLE_FILE

_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
_ENCODED = ("LineString", "MultiLineString", "Polygon", "MultiPolygon")


def user_style() -> dict[str, Any]:
    """Return the ``[user]`` table of the style file: ``colors`` and a shared ``style``.

    Raises
    ------
    SourceError
        If the table is missing or malformed.
    """
    table = load_toml(STYLE_FILE).get("user")
    if (
        not isinstance(table, dict)
        or not isinstance(table.get("colors"), list)
        or not table["colors"]
        or not isinstance(table.get("style"), dict)
    ):
        raise SourceError(f"{STYLE_FILE}: lacks a [user] table with colors and style")
    return table


def _load(path: Path) -> Any:
    if not _encodable(path.name):
        raise UserDataError(
            f"{path}: file name is not UTF-8 text, and it would title the layer; rename the file"
        )
    return load_geojson_text(
        path, UserDataError, missing="no such file", limit_bytes=USER_FILE_LIMIT
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: How many levels of arrays hold the positions of each geometry type.
_DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}

#: What the lists one level above the positions are, per geometry type.
_PART = {"LineString": "line", "MultiLineString": "line", "Polygon": "ring", "MultiPolygon": "ring"}


def _position(value: Any, where: str) -> None:
    """Check one position: an array of 2 or 3 JSON numbers, lon/lat within WGS84."""
    if not isinstance(value, list):
        raise UserDataError(f"{where}: coordinates are wrongly nested (a position is not an array)")
    if not 2 <= len(value) <= 3:
        raise UserDataError(
            f"{where}: a position has {len(value)} numbers (GeoJSON positions have 2 or 3)"
        )
    for number in value:
        if isinstance(number, list):
            raise UserDataError(f"{where}: coordinates are wrongly nested (too deep)")
        if type(number) not in (int, float):  # a bool is an int in Python, not a JSON number
            shown = json.dumps(number, ensure_ascii=True)[:40]
            raise UserDataError(f"{where}: coordinate {shown} is not a JSON number")
    x, y = value[0], value[1]
    if abs(x) > 180 or abs(y) > 90:
        raise UserDataError(
            f"{where}: coordinate ({x:g}, {y:g}) is not WGS84 lon/lat "
            "(projected? RFC 7946 GeoJSON is WGS84 longitude, latitude)"
        )


def _positions(value: Any, depth: int, kind: str, where: str) -> None:
    """Check ``depth`` levels of arrays down to positions, and the length of lines and rings."""
    if depth == 0:
        _position(value, where)
        return
    if not isinstance(value, list):
        raise UserDataError(f"{where}: {kind} coordinates are wrongly nested")
    if not value:
        raise UserDataError(f"{where}: empty geometry")
    if depth > 1:
        for item in value:
            if not isinstance(item, list) or (item and not isinstance(item[0], list)):
                raise UserDataError(f"{where}: {kind} coordinates are wrongly nested")
            _positions(item, depth - 1, kind, where)
        return
    for item in value:
        _position(item, where)
    part = _PART.get(kind)
    if part == "ring":
        if len(value) < 4:
            raise UserDataError(f"{where}: ring has {len(value)} positions, needs at least 4")
        if value[0][:2] != value[-1][:2]:
            raise UserDataError(f"{where}: ring is not closed (first and last positions differ)")
    if part == "line" and len(value) < 2:
        raise UserDataError(f"{where}: line has 1 position, needs at least 2")


def _geometry(raw: Any, path: Path, label: str) -> BaseGeometry:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        raise UserDataError(f"{path}: feature {label}: geometry is not a GeoJSON geometry")
    kind = raw["type"]
    if kind not in _TYPES:
        raise UserDataError(
            f"{path}: feature {label}: {kind} is not supported (use {', '.join(_TYPES)})"
        )
    where = f"{path}: feature {label}"
    if "coordinates" not in raw:
        raise UserDataError(f"{where}: {kind} has no coordinates")
    _positions(raw["coordinates"], _DEPTH[kind], kind, where)
    try:
        geom = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException):
        raise UserDataError(f"{where}: malformed {kind} coordinates") from None
    if geom.is_empty:
        raise UserDataError(f"{where}: empty geometry")
    return geom


def _text(value: Any) -> str:
    """Return a property value as the text a popup shows."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _layer_geometry(kinds: set[str]) -> str:
    """Return the legend's shape for a layer: its 'largest' kind of geometry."""
    if kinds & {"Polygon", "MultiPolygon"}:
        return "polygon"
    if kinds & {"LineString", "MultiLineString"}:
        return "line"
    return "point"


def read_user_file(path: str | Path) -> tuple[str, list[tuple[BaseGeometry, dict[str, Any]]]]:
    """Read and check one user GeoJSON file.

    Parameters
    ----------
    path
        An RFC 7946 FeatureCollection or Feature, WGS84 lon/lat.

    Returns
    -------
    tuple
        The layer's title (top-level ``name`` member, else the file name
        without its suffix) and the features as (geometry, properties) pairs.

    Raises
    ------
    UserDataError
        One line naming the file, for any breach.
    """
    path = Path(path)
    doc = _load(path)
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features_raw: Any = [doc]
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features_raw = doc.get("features")
    else:
        raise UserDataError(f"{path}: not a GeoJSON FeatureCollection or Feature")
    crs = doc.get("crs")
    if crs is not None:
        props = crs.get("properties") if isinstance(crs, dict) else None
        crs_name = props.get("name") if isinstance(props, dict) else None
        if crs_name not in _WGS84_NAMES:
            raise UserDataError(f"{path}: crs member names {crs_name!r}; RFC 7946 requires WGS84")
    if not isinstance(features_raw, list):
        raise UserDataError(f"{path}: features is not an array")
    features = []
    for index, raw in enumerate(features_raw):
        label = f"#{index + 1}"
        if not isinstance(raw, dict) or raw.get("type") != "Feature":
            raise UserDataError(f"{path}: item {label} of features is not a GeoJSON Feature")
        properties = raw.get("properties")
        if properties is None:
            properties = {}
        if not isinstance(properties, dict):
            raise UserDataError(f"{path}: feature {label}: properties is not an object or null")
        if raw.get("geometry") is None:
            continue
        features.append((_geometry(raw["geometry"], path, label), properties))
    if not features:
        raise UserDataError(f"{path}: has no feature with a geometry")
    name = doc.get("name")
    title = name.strip() if isinstance(name, str) and name.strip() else path.stem
    return title, features


def outside_region(path: Path, geometries: Sequence[BaseGeometry]) -> str | None:
    """Return a one-line warning if every geometry lies outside the map's region, else None.

    That is how swapped latitude and longitude show up: Syunik at (46 N, 39 E).
    """
    if shapely.box(*REGION_BBOX).intersects(shapely.GeometryCollection(list(geometries))):
        return None
    lon_min, lat_min, lon_max, lat_max = REGION_BBOX
    return (
        f"{path}: warning: every feature lies outside the map's region "
        f"({lat_min:g}-{lat_max:g}°N, {lon_min:g}-{lon_max:g}°E); "
        "are longitude and latitude swapped? (GeoJSON is longitude, latitude)"
    )


def user_layer(
    path: str | Path, index: int = 0, warn: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Return one user file as a layer definition of the page (see :func:`geo.page.html.page_data`).

    The layer draws in its own panes (``geo/data/panes.toml``): areas and lines
    above the country fills and the route's band, points beside our places.

    Parameters
    ----------
    path
        The GeoJSON file.
    index
        Its position among the added files: picks its colour and its id.
    warn
        Called with a one-line warning when the file's features all lie
        outside the map's region.

    Raises
    ------
    UserDataError
        If the file is bad (one line naming it).
    """
    title, features = read_user_file(path)
    if warn is not None and (message := outside_region(Path(path), [g for g, _ in features])):
        warn(message)
    table = user_style()
    colors = table["colors"]
    color = str(colors[index % len(colors)])
    style = {**table["style"], "color": color, "fillColor": color}
    out = []
    for number, (geom, properties) in enumerate(features, start=1):
        name = properties.get("name")
        heading = name if isinstance(name, str) and name.strip() else f"{title} #{number}"
        rows = [[str(key), _text(value)] for key, value in properties.items()]
        encoded = encode_geometry(geom) if geom.geom_type in _ENCODED else geometry_json(geom)
        out.append(
            {
                "type": "Feature",
                "properties": {
                    "popup": {"title": heading, "rows": rows},
                    "tooltip": heading,
                    **({"pane": USER_POINTS} if geom.geom_type.endswith("Point") else {}),
                },
                "geometry": encoded,
            }
        )
    geometry = _layer_geometry({geom.geom_type for geom, _ in features})
    return {
        "id": f"user_{index + 1}",
        "user": True,
        "title": title,
        "visible": True,
        "minimap": False,
        "geometry": geometry,
        "pane": USER_AREAS,
        "style": style,
        "legend": [{"label": title, "color": color, "fill": color, "geometry": geometry}],
        "geojson": {"type": "FeatureCollection", "features": out},
    }


def user_layers(
    paths: Sequence[str | Path], warn: Callable[[str], None] | None = None
) -> list[dict[str, Any]]:
    """Return the page layer definitions of several user files, in the order given.

    ``warn`` is called with each one-line warning (see :func:`user_layer`).

    Raises
    ------
    UserDataError
        For the first bad file (one line naming it).
    """
    return [user_layer(path, index, warn) for index, path in enumerate(paths)]
