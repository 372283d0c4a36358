"""The map's drawing order: one pane per layer, at a fixed depth.

The order is data (``geo/data/panes.toml``): context fills, countries, Syunik,
the corridor band, borders, connections, the route, places and labels, bottom
to top. The page draws each pane at its own CSS z-index, so switching layers
off and on, in any order, never changes what is drawn over what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from geo.errors import SourceError
from geo.io.datafiles import load_toml

PANES_FILE = resources.files("geo") / "data" / "panes.toml"

#: z-index of the lowest pane, and the step between panes. They stay between
#: Leaflet's tile pane (200) and its marker pane (600).
Z_INDEX_BASE = 410
Z_INDEX_STEP = 10
Z_INDEX_MAX = 590

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")

#: The panes of the user's own layers (``map --add``): areas and lines, and points.
USER_AREAS = "user-areas"
USER_POINTS = "user-points"


@dataclass(frozen=True)
class Pane:
    """One depth of the map: its name, CSS z-index, what draws in it, keyboard access."""

    name: str
    z_index: int
    layers: tuple[str, ...]
    features: tuple[str, ...]
    focusable: bool


def parse_panes(data: dict[str, Any], path: str = "panes.toml") -> tuple[Pane, ...]:
    """Check a parsed panes document and return its panes, bottom first.

    Raises
    ------
    SourceError
        If a pane lacks a valid name, a name repeats, a layer or feature is
        claimed twice, or there are too many panes to fit below Leaflet's markers.
    """
    entries = data.get("pane")
    if not isinstance(entries, list) or not entries:
        raise SourceError(f"{path}: lacks [[pane]] tables")
    panes: list[Pane] = []
    claimed: set[tuple[str, str]] = set()
    for index, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not _NAME.match(name):
            raise SourceError(f"{path}: pane #{index + 1} lacks a name of a-z, 0-9 and -")
        if any(p.name == name for p in panes):
            raise SourceError(f"{path}: pane {name} is listed twice")
        members: dict[str, tuple[str, ...]] = {}
        for key in ("layers", "features"):
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise SourceError(f"{path}: pane {name}: {key} must be a list of names")
            for value in values:
                if (key, value) in claimed:
                    raise SourceError(f"{path}: {key[:-1]} {value} is in more than one pane")
                claimed.add((key, value))
            members[key] = tuple(values)
        focusable = entry.get("focusable", False)
        if not isinstance(focusable, bool):
            raise SourceError(f"{path}: pane {name}: focusable must be true or false")
        z_index = Z_INDEX_BASE + Z_INDEX_STEP * index
        if z_index > Z_INDEX_MAX:
            raise SourceError(f"{path}: too many panes to stay below Leaflet's markers")
        panes.append(Pane(name, z_index, members["layers"], members["features"], focusable))
    return tuple(panes)


@cache
def load_panes() -> tuple[Pane, ...]:
    """Return the shipped drawing order (read once).

    Raises
    ------
    SourceError
        If the file is missing, not TOML, or not a valid list of panes.
    """
    return parse_panes(load_toml(PANES_FILE), str(PANES_FILE))


def pane_of(layer: str, feature_id: object, panes: tuple[Pane, ...]) -> str | None:
    """Return the name of the pane a feature draws in, or None if no pane claims it."""
    for pane in panes:
        if isinstance(feature_id, str) and feature_id in pane.features:
            return pane.name
    for pane in panes:
        if layer in pane.layers:
            return pane.name
    return None


def page_panes(panes: tuple[Pane, ...]) -> list[dict[str, Any]]:
    """Return the panes as the page reads them, bottom first."""
    return [{"name": p.name, "z_index": p.z_index, "focusable": p.focusable} for p in panes]
