"""The map as text: what the map shows, written out once from the layers and their measures.

:func:`account` turns the layers (and the cited stations of the lines they join) into a
small model, the page data's ``map_text``: groups (the route, the lines it would join, the
borders, the places) of items, each a catalogue template (``ui.astext.*``) and its
arguments; a line's item holds its cited stations (``s``). :func:`section_html` writes
that model as static HTML, the page's
``<section id="map-as-text">`` in its default language, read without JavaScript;
``control/MapText.js`` writes the same model again in the reader's language when they
choose another one, and the panel's "Data" section makes the places' and stations' CSV
from it (so the page carries each coordinate once).

An argument is one of: ``[value, decimals]`` (a number, written in the language's
digits and marks), ``{"k": key}`` (a catalogue text), ``{"n": id, "f": fallback}`` (a
feature's name from the names table), ``{"d": iso}`` (a date) and ``{"c": [lat, lon]}``
(a position, four decimals, with the language's N/S/E/W).
Lengths are rounded as the popups' details round them: one decimal from 100 km up, two below.
"""

from __future__ import annotations

import html
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.layerfiles.geojson import CENTRELINE_ID, Feature
from geo.page import i18n
from geo.sources.packages import connections

#: Decimals of a position in the text (about 10 m).
COORD_DECIMALS = 4


def length_decimals(km: float) -> int:
    """Return how many decimals a length is written with: 1 from 100 km up, else 2."""
    return 1 if km >= 100 else 2


def _length(km: float) -> list[float | int]:
    return [km, length_decimals(km)]


def _coords(geom: BaseGeometry) -> dict[str, list[float]]:
    point = geom if isinstance(geom, Point) else geom.representative_point()
    return {"c": [round(point.y, 6), round(point.x, 6)]}


def _name(fid: str, fallback: str) -> dict[str, str]:
    return {"n": fid, "f": fallback}


def _status(value: object) -> dict[str, str]:
    return {"k": f"popups.status.{i18n.slug(str(value))}"}


def _route(layers: dict[str, list[Feature]]) -> list[dict[str, Any]]:
    places = [(f, f.geometry) for f in layers["places"]]
    items = []
    for feature in layers["corridor"]:
        p = feature.properties
        if p.get("id") != CENTRELINE_ID:
            continue
        line = feature.geometry
        ends = []
        for end in (Point(line.coords[0]), Point(line.coords[-1])):
            near = min(places, key=lambda fp, e=end: fp[1].distance(e))[0].properties  # type: ignore[misc]
            ends.append((_name(str(near["id"]), str(near["name"])), _coords(end)))
        args: dict[str, Any] = {
            "name": _name(CENTRELINE_ID, str(p["name"])),
            "length": _length(float(p["length_km"])),
            "from": ends[0][0],
            "from_at": ends[0][1],
            "to": ends[1][0],
            "to_at": ends[1][1],
        }
        if "reported_length_km" in p:
            args["reported"] = [float(p["reported_length_km"]), 0]
        items.append({"t": "route", "a": args, "id": CENTRELINE_ID})
    return items


def _published(km: float) -> list[float | int]:
    """Return a published figure as it was published: whole kilometres stay whole."""
    return [km, 0 if float(km).is_integer() else 1]


def _connection(p: dict[str, Any], stations: list[dict[str, Any]]) -> dict[str, Any]:
    args: dict[str, Any] = {
        "name": {"k": f"connection.{p['id']}.name"},
        "status": _status(p["status"]),
        "date": {"d": str(p["status_date"])},
        "length": _length(float(p["length_km"])),
    }
    template = "connection"
    if "published_length_km" in p:
        args["published"] = _published(float(p["published_length_km"]))
        template = "connection_published"
    out: dict[str, Any] = {"t": template, "a": args, "id": str(p["id"])}
    if stations:
        out["s"] = stations
    return out


def _border(p: dict[str, Any]) -> dict[str, Any]:
    args = {
        "name": _name(str(p["id"]), str(p["name"])),
        "length": _length(float(p["length_km"])),
        "status": _status(p["status"]),
    }
    return {"t": "border", "a": args, "id": str(p["id"])}


def _stations(names: dict[str, dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    """Return the cited stations of each line (``connections.csv``) as items, by line id."""
    by_english = {entry["en"]: fid for fid, entry in names.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for line in connections():
        for station in line.stations:
            fid = by_english.get(station.name, "")
            args = {
                "name": _name(fid, station.name) if fid else {"f": station.name},
                "at": {"c": [station.lat, station.lon]},
            }
            out.setdefault(line.id, []).append({"t": "place", "a": args, "id": fid})
    return out


def account(layers: dict[str, list[Feature]], names: dict[str, dict[str, str]]) -> list[Any]:
    """Return the map as text, as the page data's ``map_text``: ``[{"id", "items"}, ...]``.

    Parameters
    ----------
    layers
        Full-resolution layers (:func:`geo.layerfiles.geojson.read_layer_files`): the
        measures are theirs, the positions their points'.
    names
        The names table as the page carries it (``{id: {lang: name}}``), to find the
        stations' names.
    """
    stations = _stations(names)
    groups = [
        {"id": "route", "items": _route(layers)},
        {
            "id": "connections",
            "items": [
                _connection(f.properties, stations.get(str(f.properties["id"]), []))
                for f in layers.get("connections", [])
            ],
        },
        {"id": "borders", "items": [_border(f.properties) for f in layers.get("borders", [])]},
        {
            "id": "places",
            "items": [
                {
                    "t": "place",
                    "a": {
                        "name": _name(str(f.properties["id"]), str(f.properties["name"])),
                        "at": _coords(f.geometry),
                    },
                    "id": str(f.properties["id"]),
                }
                for f in layers["places"]
            ],
        },
    ]
    return [g for g in groups if g["items"]]


class Words:
    """How one language writes the account's parts: its catalogue and names."""

    def __init__(self, words: dict[str, str], names: dict[str, dict[str, str]], lang: str):
        self.words = words
        self.names = names
        self.lang = lang
        digits = words.get("number.digits", "0123456789")
        self._digits = str.maketrans("0123456789", digits) if len(digits) == 10 else None

    def t(self, key: str) -> str:
        """Return the catalogue's text of ``key`` (the key itself when there is none)."""
        return self.words.get(key, key)

    def number(self, value: float, decimals: int) -> str:
        """Write a number as the page's script does: grouped, the language's marks and digits."""
        text = f"{value:,.{decimals}f}"
        decimal = self.words.get("number.decimal", ".")
        group = self.words.get("number.group", ",")
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
        return text.translate(self._digits) if self._digits else text

    def arg(self, spec: Any) -> str:
        """Write one argument of an item (see the module's description)."""
        if isinstance(spec, list):
            return self.number(float(spec[0]), int(spec[1]))
        if "k" in spec:
            return self.t(spec["k"])
        if "d" in spec:
            return i18n.date_text(spec["d"], self.words)
        if "c" in spec:
            lat, lon = spec["c"]
            return i18n.render(
                self.t("ui.astext.coords"),
                lat=self.number(abs(lat), COORD_DECIMALS),
                lon=self.number(abs(lon), COORD_DECIMALS),
                ns=self.t("ui.map.north" if lat >= 0 else "ui.map.south"),
                ew=self.t("ui.map.east" if lon >= 0 else "ui.map.west"),
            )
        entry = self.names.get(spec.get("n", ""), {})
        return str(entry.get(self.lang) or entry.get("en") or spec.get("f", ""))

    def item(self, item: dict[str, Any]) -> str:
        """Write one item: its template filled with its arguments."""
        args = {k: self.arg(v) for k, v in item["a"].items()}
        return i18n.render(self.t(f"ui.astext.{item['t']}"), **args)


def _list(items: list[dict[str, Any]], words: Words) -> str:
    """Return items as ``<ul>``, an item's stations (``s``) as a list inside it."""
    out = []
    for item in items:
        inner = _list(item["s"], words) if item.get("s") else ""
        out.append(f"<li>{html.escape(words.item(item))}{inner}</li>")
    return "<ul>" + "".join(out) + "</ul>"


def section_html(model: list[Any], words: Words) -> str:
    """Return the account as the page's static ``<section id="map-as-text">``."""
    e = html.escape
    parts = [
        '<section id="map-as-text" class="map-text" aria-labelledby="map-as-text-title">',
        f'<h2 id="map-as-text-title" tabindex="-1">{e(words.t("ui.astext.title"))}</h2>',
        f"<p>{e(words.t('ui.astext.intro'))}</p>",
    ]
    for group in model:
        parts.append(f"<h3>{e(words.t('ui.astext.group.' + group['id']))}</h3>")
        parts.append(_list(group["items"], words) + "\n")
    parts.append("</section>")
    return "\n".join(parts)


def page_section(data: dict[str, Any]) -> str:
    """Return the static section for the page data (its ``map_text``, default language)."""
    catalogues = i18n.unpack(data["i18n"]["catalogues"])
    lang = data["i18n"].get("default", "en")
    words = {**catalogues.get("en", {}), **catalogues.get(lang, {})}
    return section_html(data["map_text"], Words(words, data["i18n"]["names"], lang))
