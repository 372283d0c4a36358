"""Popups of the map's features: one plain sentence, one number, details on demand.

The words come from ``geo/data/popups.toml``; every value is plain text (the
page inserts it as text, never as HTML). A popup is a dict::

    {"title": str, "lead": str, "figure": [label, value],
     "rows": [[label, value], ...], "details": [[label, value], ...]}

``rows`` are shown at once; ``details`` (method, projection, source, licence)
sit behind a "Details" toggle.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.crs import UTM38N
from geo.errors import SourceError
from geo.io.datafiles import load_toml
from geo.layerfiles.geojson import CENTRELINE_ID, Feature
from geo.measure.geodesic import area_m2_equal_area, length_m_utm, to_crs
from geo.page.panel import reader_date

WORDS_FILE = resources.files("geo") / "data" / "popups.toml"

#: The id of the route's centreline, the line every place is measured from.
ROUTE_ID = CENTRELINE_ID

#: A line whose nearer end lies within this of the route's (km) is one it would join:
#: its popup states the gap at once.
JOINING_GAP_KM = 10.0


@cache
def words() -> dict[str, dict[str, str]]:
    """Return the popup words (read once).

    Raises
    ------
    SourceError
        If the file cannot be read or lacks one of its tables.
    """
    data = load_toml(WORDS_FILE)
    for table in ("lead", "lead_by_kind", "kind", "region", "status", "row"):
        if not isinstance(data.get(table), dict):
            raise SourceError(f"{WORDS_FILE}: lacks [{table}]")
    if "default" not in data["lead_by_kind"]:
        raise SourceError(f"{WORDS_FILE}: [lead_by_kind] lacks default")
    return data


def _number(value: float, unit: str) -> str:
    """Round a figure for reading: whole units from 10 up, one decimal below."""
    return f"{value:,.0f} {unit}" if value >= 10 else f"{value:,.1f} {unit}"


def _exact(value: float, unit: str) -> str:
    return f"{value:,.1f} {unit}" if value >= 100 else f"{value:,.2f} {unit}"


def _country_words(value: str) -> str:
    parts = [p.strip() for p in value.split("/") if p.strip()]
    if len(parts) < 2:
        return value
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _date_words(iso: str) -> str:
    """Write an ISO date for readers (``2026-02-27``: ``27 February 2026``); keep other text."""
    try:
        return reader_date(iso)
    except ValueError:
        return iso


def distance_km_to(point: BaseGeometry, line: BaseGeometry) -> float:
    """Shortest distance in km from ``point`` to ``line``, in UTM zone 38N (metres)."""
    return float(to_crs(point, UTM38N).distance(to_crs(line, UTM38N))) / 1000


def _lead(p: dict[str, Any], w: dict[str, dict[str, str]]) -> str:
    fid = str(p.get("id", ""))
    kind = str(p["kind"])
    template = w["lead"].get(fid) or w["lead_by_kind"].get(kind) or w["lead_by_kind"]["default"]
    region = w["region"].get(
        str(p.get("belongs_to", "")), _country_words(str(p.get("country", "")))
    )
    return template.format(
        name=p["name"], region=region, country=_country_words(str(p.get("country", "")))
    )


def _figure(p: dict[str, Any], g: BaseGeometry, route: BaseGeometry | None) -> list[str]:
    """Return the one number that matters, as ``[label, value]`` (empty if none)."""
    if p.get("id") == ROUTE_ID:
        return ["Length", f"≈ {float(p['length_km']):.0f} km (illustrative)"]
    for key, label, unit in (
        ("published_length_km", "Published length", "km"),
        ("width_km", "Width", "km"),
        ("area_km2", "Area", "km²"),
        ("length_km", "Length", "km"),
    ):
        if key in p:
            return [label, _number(float(p[key]), unit)]
    if g.geom_type == "Point" and route is not None:
        return ["From the route", _number(distance_km_to(g, route), "km")]
    return []


def _rows(p: dict[str, Any], w: dict[str, dict[str, str]]) -> list[list[str]]:
    """Return the rows shown at once: what the reader needs beside the number."""
    rows: list[list[str]] = []
    if p.get("id") == ROUTE_ID:
        reported = p.get("reported_length_source") or (
            "43 km (Responsible Statecraft, 8 August 2025); other reports give 40–45 km"
        )
        rows.append(["Reported length", str(reported)])
        rows.append(["Alignment", "Illustrative: no official alignment has been published"])
    if "other_names" in p:
        rows.append(["Also called", str(p["other_names"])])
        if "contested" in w.get("names", {}):
            rows.append(["Why the names differ", w["names"]["contested"]])
    if "published_length_km" in p and "length_km" in p:
        drawn = _number(float(p["length_km"]), "km")
        rows.append(["Drawn here", f"{drawn}, schematic: straight between stations"])
    if "gap_to_route_km" in p and float(p["gap_to_route_km"]) <= JOINING_GAP_KM:
        gap = _exact(float(p["gap_to_route_km"]), "km")
        rows.append(["Gap to the route", f"{gap} between the nearer ends, not joined on the map"])
    if "status" in p:
        status = w["status"].get(str(p["status"]), str(p["status"]).capitalize())
        if "status_date" in p:
            status += f" (as of {_date_words(str(p['status_date']))})"
        rows.append(["Status", status])
    for key, label in (("due_year", "Due"), ("stations", "Through")):
        if key in p:
            rows.append([label, str(p[key])])
    rows += _dated_rows(p, w)
    return rows


def _dated_rows(p: dict[str, Any], w: dict[str, dict[str, str]]) -> list[list[str]]:
    """Return the rows of a border's crossing and delimitation and of a history feature's dates."""
    rows: list[list[str]] = []
    for key in ("crossing", "delimitation", "reported_area"):
        if key in p:
            rows.append([w["row"][key], str(p[key])])
    for key in ("date_from", "date_to"):
        if key in p:
            rows.append([w["row"][key], _date_words(str(p[key]))])
    return rows


def _history_text(p: dict[str, Any], w: dict[str, dict[str, str]]) -> str:
    """Return a feature's status history as one line: ``date: status — note`` per entry."""
    parts = []
    for entry in p.get("status_history", []):
        status = w["status"].get(str(entry["status"]), str(entry["status"]))
        parts.append(f"{_date_words(str(entry['date']))}: {status} — {entry['note']}")
    return " · ".join(parts)


def _details(p: dict[str, Any], g: BaseGeometry, w: dict[str, dict[str, str]]) -> list[list[str]]:
    """Return the rows behind "Details": kind, measures, method, source, licence."""
    kind = str(p["kind"])
    details: list[list[str]] = [["What", w["kind"].get(kind, kind.capitalize())]]
    if "gap_to_route_km" in p and float(p["gap_to_route_km"]) > JOINING_GAP_KM:
        details.append(["Gap to the route", _exact(float(p["gap_to_route_km"]), "km")])
    if "published_length_source" in p:
        details.append(["Published length, source", str(p["published_length_source"])])
    if "area_km2" in p:
        details.append(["Area (geodesic, WGS84)", _exact(float(p["area_km2"]), "km²")])
        details.append(["Area (Lambert equal-area)", _exact(area_m2_equal_area(g) / 1e6, "km²")])
    if "length_km" in p:
        details.append(["Length (geodesic, WGS84)", _exact(float(p["length_km"]), "km")])
        details.append(["Length (UTM zone 38N)", _exact(length_m_utm(g) / 1000, "km")])
    if g.geom_type == "Point":
        details.append(["Coordinates", f"{g.y:.5f}° N, {g.x:.5f}° E"])
    if "country" in p:
        details.append(["Country", _country_words(str(p["country"]))])
    for key, label in (("note", "Note"), ("method", "Method")):
        if key in p:
            details.append([label, str(p[key])])
    if p.get("status_history"):
        details.append([w["row"]["history"], _history_text(p, w)])
    for key in ("status_date_note", "status_source"):
        if key in p:
            details.append([w["row"][key], str(p[key])])
    details.append(["Source", str(p["source"])])
    details.append(["Licence", str(p["license"])])
    return details


def popup(feature: Feature, route: BaseGeometry | None = None) -> dict[str, Any]:
    """Return the popup of a feature.

    Parameters
    ----------
    feature
        A full-resolution feature (its measures are read from its properties
        or measured from its geometry in a named projection).
    route
        The route centreline (WGS84 degrees); places get their distance from it.

    Returns
    -------
    dict
        ``title``, ``lead``, ``figure``, ``rows`` and ``details`` (plain text).
    """
    w = words()
    p = feature.properties
    return {
        "title": str(p["name"]),
        "lead": _lead(p, w),
        "figure": _figure(p, feature.geometry, route),
        "rows": _rows(p, w),
        "details": _details(p, feature.geometry, w),
    }
