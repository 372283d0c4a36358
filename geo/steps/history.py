"""The history layer's geometry and properties (pure functions; the data is read by the caller).

A line runs straight through its cited places, in order; a point stands at its one cited
place. Nothing is drawn where no source gives coordinates, and no area is drawn at all:
no source publishes the outline of the ground held or transferred.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.sources.history import HistoryFeature


def geometry(feature: HistoryFeature) -> BaseGeometry:
    """Return the feature's geometry in WGS84: a LineString through its places, or a Point."""
    coords = [(round(p.lon, 6), round(p.lat, 6)) for p in feature.places]
    if feature.geometry == "point":
        return Point(coords[0])
    return LineString(coords)


def properties(feature: HistoryFeature, method_line: str, method_point: str) -> dict[str, Any]:
    """Return the feature's layer properties (``name``, ``kind`` and ``id`` first, as every layer).

    Sentences stay separate in the data; here each list of them becomes one text,
    since the layer files hold text, not lists of sentences.
    """
    props: dict[str, Any] = {
        "id": feature.id,
        "name": feature.name,
        "kind": feature.kind,
        "date_from": feature.date_from,
        **({"date_to": feature.date_to} if feature.date_to else {}),
        "status": feature.status,
        "status_history": [entry.as_json() for entry in feature.status_history],
    }
    if feature.reported_area:
        props["reported_area"] = " ".join(feature.reported_area)
    if feature.published_length_km is not None:
        props["published_length_km"] = feature.published_length_km
        props["published_length_source"] = feature.published_length_source
    if feature.geometry == "line":
        props["stations"] = " – ".join(p.name for p in feature.places)
    props["note"] = " ".join(feature.note)
    props["method"] = method_line if feature.geometry == "line" else method_point
    places_source = "; ".join(dict.fromkeys(p.source for p in feature.places))
    props["source"] = "; ".join(feature.source) + "; coordinates: " + places_source
    licences = ", ".join(sorted({p.license for p in feature.places}))
    props["license"] = f"{feature.license}; coordinates {licences}"
    return props
