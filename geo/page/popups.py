"""Popups of the map's features: one plain sentence, one number, details on demand.

The words come from ``geo/data/popups.toml`` and ``ui.en.toml`` ``[popup]``, and
reach the page as catalogue keys (:mod:`geo.page.texts`), so the page writes every
label, unit, number, date and status word in the reader's language; data (sources,
licences, values without words) stays as it is. Every value is plain text (the page
inserts it as text, never as HTML). A popup is a dict of texts::

    {"title": str, "name": text, "lead": text, "figure": [label, value],
     "rows": [[label, value], ...], "details": [[label, value], ...]}

``title`` is the English name (data; the page's tests and the user's layers find a
popup by it), ``name`` the name in each language when the names table or a
catalogue has it. ``rows`` are shown at once; ``details`` (method, projection,
source, licence) sit behind a "Details" toggle. :func:`rendered` writes a popup in
one language.
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
from geo.page import i18n, names, texts
from geo.page.panel import reader_date
from geo.page.texts import Text

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


@cache
def _english() -> dict[str, str]:
    return i18n.english_catalogue()


# The English of the ``feature.<id>.<property>`` keys the popups used: those keys come from
# the layers (english_catalogue(layers)), which the catalogue without layers lacks.
_FEATURE_TEXTS: dict[str, str] = {}


def _word(table: str, code: str, fallback: str) -> Text:
    """Return ``popups.<table>.<code>``'s text, or ``fallback`` as data when there is none."""
    name = f"popups.{table}.{i18n.slug(code)}"
    return texts.key(name) if name in _english() else fallback


def _prose(candidates: list[str], value: str) -> Text:
    """Return the catalogue's text for a data sentence (or sentences), else the value as data.

    Each candidate is a key, or a prefix whose sentences ``prefix.1``, ``prefix.2`` … join
    to the value; the first whose English is exactly ``value`` is taken.
    """
    english = _english()
    for candidate in candidates:
        if english.get(candidate) == value:
            return texts.key(candidate)
        parts, n = [], 1
        while f"{candidate}.{n}" in english:
            parts.append(f"{candidate}.{n}")
            n += 1
        if parts and " ".join(english[k] for k in parts) == value:
            return texts.joined([texts.key(k) for k in parts], " ")
    return value


def _prose_of(p: dict[str, Any], part: str) -> Text:
    fid = str(p.get("id", ""))
    value = str(p[part])
    found = _prose(
        [f"{prefix}.{fid}.{part}" for prefix in ("border", "history", "place", "connection")],
        value,
    )
    if found == value and fid and part in i18n.FEATURE_PROPERTIES:
        # the layer's own text: english_catalogue(layers) keys it feature.<id>.<part>
        name = f"feature.{fid}.{part}"
        _FEATURE_TEXTS[name] = value
        return texts.key(name)
    return found


def feature_name(p: dict[str, Any]) -> Text:
    """Return a feature's name: the history's or the connections' key, else the names table's.

    In English the layer's own name stands (it may say more than the table's, such as
    "(along the Aras)"); in the other languages the table's.
    """
    fid, name = str(p.get("id", "")), str(p["name"])
    found = _prose([f"history.{fid}.name", f"connection.{fid}.name"], name)
    if found != name:
        return found
    return {"nm": fid, "t": name} if fid in names.load_names() else name


def _km(value: float, decimals: int) -> Text:
    return texts.key("ui.unit.km", value=texts.number(value, decimals))


def _number(value: float, unit: str) -> Text:
    """Round a figure for reading: whole units from 10 up, one decimal below."""
    return texts.key(f"ui.unit.{unit}", value=texts.number(value, 0 if value >= 10 else 1))


def _exact(value: float, unit: str) -> Text:
    return texts.key(f"ui.unit.{unit}", value=texts.number(value, 1 if value >= 100 else 2))


def _country_words(value: str) -> Text:
    """Return ``Armenia/Iran`` as ``Armenia and Iran`` in the reader's words (else as data)."""
    parts = [p.strip() for p in value.split("/") if p.strip()]
    by_english = {n.names.get("en"): fid for fid, n in names.load_names().items()}
    if not parts or any(part not in by_english for part in parts):
        return value
    shown: list[Text] = [{"nm": by_english[part], "t": part} for part in parts]
    if len(shown) == 1:
        return shown[0]
    return texts.key("ui.popup.and", first=texts.joined(shown[:-1], ", "), last=shown[-1])


def _date_words(iso: str) -> Text:
    """Write an ISO date for readers (``2026-02-27``: ``27 February 2026``); keep other text."""
    try:
        reader_date(iso)
    except ValueError:
        return iso
    return texts.date(iso)


def distance_km_to(point: BaseGeometry, line: BaseGeometry) -> float:
    """Shortest distance in km from ``point`` to ``line``, in UTM zone 38N (metres)."""
    return float(to_crs(point, UTM38N).distance(to_crs(line, UTM38N))) / 1000


def _lead(p: dict[str, Any], w: dict[str, dict[str, str]]) -> Text:
    fid = str(p.get("id", ""))
    kind = str(p["kind"])
    if fid in w["lead"]:
        template = f"popups.lead.{i18n.slug(fid)}"
    elif kind in w["lead_by_kind"]:
        template = f"popups.lead_by_kind.{i18n.slug(kind)}"
    else:
        template = "popups.lead_by_kind.default"
    belongs = str(p.get("belongs_to", ""))
    country = _country_words(str(p.get("country", "")))
    region = _word("region", belongs, "") if belongs in w["region"] else country
    return texts.key(template, name=feature_name(p), region=region, country=country)


def _figure(p: dict[str, Any], g: BaseGeometry, route: BaseGeometry | None) -> list[Text]:
    """Return the one number that matters, as ``[label, value]`` (empty if none)."""
    if p.get("id") == ROUTE_ID:
        return [
            texts.key("ui.popup.length"),
            texts.key("ui.popup.route_length", km=texts.number(float(p["length_km"]), 0)),
        ]
    for key, label, unit in (
        ("published_length_km", "published_length", "km"),
        ("width_km", "width", "km"),
        ("area_km2", "area", "km2"),
        ("length_km", "length", "km"),
    ):
        if key in p:
            return [texts.key(f"ui.popup.{label}"), _number(float(p[key]), unit)]
    if g.geom_type == "Point" and route is not None:
        return [texts.key("ui.popup.from_route"), _number(distance_km_to(g, route), "km")]
    return []


def _rows(p: dict[str, Any], w: dict[str, dict[str, str]]) -> list[list[Text]]:
    """Return the rows shown at once: what the reader needs beside the number."""
    rows: list[list[Text]] = []
    if p.get("id") == ROUTE_ID:
        default = _english()["ui.popup.reported_length_value"]
        reported = str(p.get("reported_length_source") or default)
        rows.append(
            [
                texts.key("ui.popup.reported_length"),
                texts.key("ui.popup.reported_length_value") if reported == default else reported,
            ]
        )
        rows.append([texts.key("ui.popup.alignment"), texts.key("ui.popup.alignment_value")])
    if "other_names" in p:
        rows.append([texts.key("ui.popup.also_called"), _prose_of(p, "other_names")])
        if "contested" in w.get("names", {}):
            rows.append([texts.key("ui.popup.why_names"), texts.key("popups.names.contested")])
    if str(p.get("id", "")) in names.load_usage():  # each side's name, with whose it is
        rows.append([texts.key("ui.popup.names"), texts.usages(str(p["id"]))])
    if "published_length_km" in p and "length_km" in p:
        drawn = _number(float(p["length_km"]), "km")
        rows.append(
            [texts.key("ui.popup.drawn_here"), texts.key("ui.popup.drawn_value", length=drawn)]
        )
    if "gap_to_route_km" in p and float(p["gap_to_route_km"]) <= JOINING_GAP_KM:
        gap = _exact(float(p["gap_to_route_km"]), "km")
        rows.append([texts.key("ui.popup.gap"), texts.key("ui.popup.gap_value", length=gap)])
    if "status" in p:
        code = str(p["status"])
        status = _word("status", code, code.capitalize())
        if "status_date" in p:
            status = texts.key(
                "ui.popup.status_as_of", status=status, date=_date_words(str(p["status_date"]))
            )
        rows.append([texts.key("ui.popup.status"), status])
    for key, label in (("due_year", "due"), ("stations", "through")):
        if key in p:
            value = str(p[key])
            rows.append(
                [texts.key(f"ui.popup.{label}"), _stations(value) if key == "stations" else value]
            )
    rows += _dated_rows(p, w)
    return rows


def _stations(value: str) -> Text:
    """Return a list of stations (``A – B – C``) with each name in the reader's words."""
    parts = value.split(" – ")
    by_english = {n.names.get("en"): fid for fid, n in names.load_names().items()}
    if len(parts) < 2 or any(part not in by_english for part in parts):
        return value
    return texts.joined([{"nm": by_english[part], "t": part} for part in parts], " – ")


def _row_label(key: str) -> Text:
    return texts.key(f"popups.row.{i18n.slug(key)}")


def _dated_rows(p: dict[str, Any], w: dict[str, dict[str, str]]) -> list[list[Text]]:
    """Return the rows of a border's crossing and delimitation and of a history feature's dates."""
    rows: list[list[Text]] = []
    for key in ("crossing", "delimitation", "reported_area"):
        if key in p:
            rows.append([_row_label(key), _prose_of(p, key)])
    for key in ("date_from", "date_to"):
        if key in p:
            rows.append([_row_label(key), _date_words(str(p[key]))])
    return rows


def _history_text(p: dict[str, Any], w: dict[str, dict[str, str]]) -> Text:
    """Return a feature's status history as one line: ``date: status — note`` per entry."""
    fid = str(p.get("id", ""))
    parts: list[Text] = []
    for n, entry in enumerate(p.get("status_history", []), start=1):
        code = str(entry["status"])
        status = _word("status", code, code)
        note = _prose(
            [f"{prefix}.{fid}.status_history.{n}" for prefix in ("history", "connection")],
            str(entry["note"]),
        )
        parts.append(texts.joined([_date_words(str(entry["date"])), ": ", status, " — ", note], ""))
    return texts.joined(parts, " · ") if parts else ""


def _kind(kind: str, w: dict[str, dict[str, str]]) -> Text:
    return _word("kind", kind, kind.capitalize())


def _details(p: dict[str, Any], g: BaseGeometry, w: dict[str, dict[str, str]]) -> list[list[Text]]:
    """Return the rows behind "Details": kind, measures, method, source, licence."""
    label = texts.key
    details: list[list[Text]] = [[label("ui.popup.what"), _kind(str(p["kind"]), w)]]
    if "gap_to_route_km" in p and float(p["gap_to_route_km"]) > JOINING_GAP_KM:
        details.append([label("ui.popup.gap"), _exact(float(p["gap_to_route_km"]), "km")])
    if "published_length_source" in p:
        details.append(
            [label("ui.popup.published_length_source"), str(p["published_length_source"])]
        )
    if "area_km2" in p:
        details.append([label("ui.popup.area_geodesic"), _exact(float(p["area_km2"]), "km2")])
        details.append(
            [label("ui.popup.area_equal_area"), _exact(area_m2_equal_area(g) / 1e6, "km2")]
        )
    if "length_km" in p:
        details.append([label("ui.popup.length_geodesic"), _exact(float(p["length_km"]), "km")])
        details.append([label("ui.popup.length_utm"), _exact(length_m_utm(g) / 1000, "km")])
    if g.geom_type == "Point":
        details.append(
            [
                label("ui.popup.coordinates"),
                label(
                    "ui.popup.coordinates_value",
                    lat=texts.number(g.y, 5),
                    lon=texts.number(g.x, 5),
                ),
            ]
        )
    if "country" in p:
        details.append([label("ui.popup.country"), _country_words(str(p["country"]))])
    for key in ("note", "method"):
        if key in p:
            value = str(p[key])
            shown = _prose_of(p, key)
            if key == "method" and shown == value:
                shown = _prose(["history.method_line", "history.method_point"], value)
            details.append([label(f"ui.popup.{key}"), shown])
    if p.get("status_history"):
        details.append([_row_label("history"), _history_text(p, w)])
    for key in ("status_date_note", "status_source"):
        if key in p:
            details.append([_row_label(key), _prose_of(p, key)])
    details.append([label("ui.popup.source"), str(p["source"])])
    details.append([label("ui.popup.licence"), str(p["license"])])
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
    name = feature_name(p)
    return {
        "title": str(p["name"]),
        **({"name": name} if not isinstance(name, str) else {}),
        "lead": _lead(p, w),
        "figure": _figure(p, feature.geometry, route),
        "rows": _rows(p, w),
        "details": _details(p, feature.geometry, w),
    }


def rendered(
    shown: dict[str, Any],
    words: dict[str, str] | None = None,
    names_by_id: dict[str, dict[str, str]] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Return a popup with every text written in one language (English by default).

    The form the folium map carries, and the one tests read: ``title``, ``lead``,
    ``figure``, ``rows`` and ``details`` as plain strings (``title`` in the language).
    """
    catalogue = words if words is not None else {**_english(), **_FEATURE_TEXTS}
    table = names_by_id if names_by_id is not None else names.page_names()

    def text(value: Text) -> str:
        return texts.render(value, catalogue, table, lang)

    out: dict[str, Any] = {"title": text(shown.get("name", shown.get("title", "")))}
    if "lead" in shown:
        out["lead"] = text(shown["lead"])
    if "figure" in shown:
        out["figure"] = [text(part) for part in shown["figure"]]
    for part in ("rows", "details"):
        if part in shown:
            out[part] = [[text(label), text(value)] for label, value in shown[part]]
    return out
