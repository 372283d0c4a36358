"""The map's own name labels (countries, the Aras, the route), from ``geo/data/labels.csv``.

Each row gives a text, its kind (``country``, ``water`` or ``route``), the layer
it follows on and off, where it stands (latitude and longitude, or the
midpoint along a named line feature) and the zooms it is shown at. A route
label's text may hold ``{length_km}``: the named feature's geodesic length,
rounded to the kilometre. Town names come from the places layer instead.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.errors import SourceError
from geo.io.datafiles import load_csv
from geo.layerfiles.geojson import Feature

LABELS_FILE = resources.files("geo") / "data" / "labels.csv"
KINDS = ("route", "country", "water")
COLUMNS = (
    "id",
    "text",
    "kind",
    "layer",
    "lat",
    "lon",
    "feature",
    "min_zoom",
    "max_zoom",
    "first_view",
    "source",
)


def _fail(line: int, problem: str) -> SourceError:
    return SourceError(f"{LABELS_FILE}: line {line}: {problem}")


def _anchor(row: dict[str, str], line: int, lines: dict[str, Feature]) -> tuple[float, float]:
    if row["lat"] and row["lon"]:
        try:
            return float(row["lat"]), float(row["lon"])
        except ValueError:
            raise _fail(line, "lat and lon must be numbers") from None
    feature = lines.get(row["feature"])
    if feature is None:
        raise _fail(line, f"no lat/lon and no line feature {row['feature']!r}")
    geom: BaseGeometry = feature.geometry
    mid = geom.interpolate(0.5, normalized=True)
    return round(mid.y, 5), round(mid.x, 5)


def page_labels(layers: dict[str, list[Feature]]) -> list[dict[str, Any]]:
    """Return the labels for the page, anchors resolved and texts filled in.

    Parameters
    ----------
    layers
        Full-resolution layers; a label anchored on a feature uses its geometry
        (degrees) and its ``length_km``.

    Returns
    -------
    list of dict
        ``id``, ``text``, ``kind``, ``layer``, ``lat``, ``lon`` (degrees),
        ``min_zoom``, ``max_zoom`` and ``first_view`` (bool), in file order.

    Raises
    ------
    SourceError
        If the file is missing, lacks a column or holds an invalid row.
    """
    lines = {
        str(f.properties.get("id")): f
        for features in layers.values()
        for f in features
        if "LineString" in f.geometry.geom_type
    }
    out = []
    for line, row in load_csv(LABELS_FILE, list(COLUMNS)):
        if row["kind"] not in KINDS:
            raise _fail(line, f"kind must be one of {', '.join(KINDS)}")
        if row["layer"] not in layers:
            raise _fail(line, f"no layer {row['layer']!r}")
        if not row["source"].strip():
            raise _fail(line, "gives no source or reason")
        lat, lon = _anchor(row, line, lines)
        label = row["text"]
        params: dict[str, int] = {}
        if "{length_km}" in label:
            feature = lines.get(row["feature"])
            if feature is None or "length_km" not in feature.properties:
                raise _fail(line, "{length_km} needs a line feature with a length_km")
            params["length_km"] = round(float(feature.properties["length_km"]))
            label = label.replace("{length_km}", str(params["length_km"]))
        try:
            min_zoom, max_zoom = float(row["min_zoom"]), float(row["max_zoom"])
        except ValueError:
            raise _fail(line, "min_zoom and max_zoom must be numbers") from None
        out.append(
            {
                "id": row["id"],
                "text": label,
                "kind": row["kind"],
                "layer": row["layer"],
                "lat": lat,
                "lon": lon,
                "min_zoom": min_zoom,
                "max_zoom": max_zoom,
                "first_view": row["first_view"] == "1",
                # the catalogue's label.<id> is filled with these in the reader's language
                **({"params": params} if params else {}),
            }
        )
    return out
