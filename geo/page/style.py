"""The map's styles, legend and base layers, read from ``geo/data/style.toml``.

One definition serves both faces: the standalone page (:mod:`geo.page.html`) and
the folium map. Code reads the data; it holds no colours of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from geo.errors import SourceError
from geo.io.datafiles import load_toml

STYLE_FILE = resources.files("geo") / "data" / "style.toml"


@dataclass(frozen=True)
class Style:
    """The styles of every layer, per-feature overrides and the online base layers.

    ``layers`` maps a layer name to ``{"visible", "minimap", "style", "legend",
    "status"}`` (``status``: Leaflet path options per value of a feature's
    ``status`` property);
    ``features`` maps a feature id to Leaflet path options that override its
    layer's; ``tiles`` lists ``{"name", "url", "attribution", "max_zoom"}``;
    ``view`` names the features of the page's views; ``online`` holds the
    fill opacity used over an online base map; ``controls`` lists the layer
    control's toggles, ``{"label", "layers"}``, top first; ``labels`` holds
    ``place_rank_min_zoom``, the zoom from which a place of each label rank is named;
    ``terrain`` holds the shaded relief's texts and whether it shows at first
    (:data:`TERRAIN_KEYS`); ``fonts`` maps a script (``latin``, ``armenian`` …) to its
    CSS font stack, and ``figure`` to the families the exported figure may use.
    """

    background: str
    layers: dict[str, dict[str, Any]]
    features: dict[str, dict[str, Any]]
    tiles: list[dict[str, Any]]
    view: dict[str, Any]
    online: dict[str, Any]
    controls: list[dict[str, Any]]
    labels: dict[str, Any]
    terrain: dict[str, Any]
    fonts: dict[str, list[str]]


#: Keys of ``[terrain]``: the relief's toggle label, its credit line, what its
#: resolution shows, a description for readers who cannot see it, and whether it
#: is on at first.
TERRAIN_KEYS = ("title", "attribution", "resolution_text", "alt", "visible")


def _check(data: dict[str, Any], path: str) -> None:
    """Raise SourceError unless ``data`` has the keys every consumer relies on."""
    if not isinstance(data.get("background"), str):
        raise SourceError(f"{path}: lacks background")
    layers = data.get("layer")
    if not isinstance(layers, dict) or not layers:
        raise SourceError(f"{path}: lacks [layer.<name>] tables")
    for name, conf in layers.items():
        for key in ("visible", "minimap", "style"):
            if key not in conf:
                raise SourceError(f"{path}: [layer.{name}] lacks {key}")
        for index, entry in enumerate(conf.get("legend", []), start=1):
            for key in ("label", "color", "geometry"):
                if key not in entry:
                    raise SourceError(f"{path}: legend #{index} of layer {name} lacks {key}")
    for index, tile in enumerate(data.get("tiles", []), start=1):
        for key in ("name", "url", "attribution", "max_zoom"):
            if key not in tile:
                raise SourceError(f"{path}: [[tiles]] #{index} lacks {key}")
    _check_page(data, path, layers)


def _check_page(data: dict[str, Any], path: str, layers: dict[str, Any]) -> None:
    """Raise SourceError unless the page's views, labels and toggles are complete."""
    view = data.get("view")
    for key in ("first_features", "first_pad_deg", "region_layers", "chain_layers"):
        if not isinstance(view, dict) or key not in view:
            raise SourceError(f"{path}: [view] lacks {key}")
    online = data.get("online")
    if not isinstance(online, dict) or not isinstance(online.get("fill_opacity"), (int, float)):
        raise SourceError(f"{path}: [online] lacks fill_opacity")
    zooms = data.get("labels", {}).get("place_rank_min_zoom")
    if not isinstance(zooms, list) or len(zooms) != 3:
        raise SourceError(f"{path}: [labels] lacks place_rank_min_zoom (three zooms, ranks 0-2)")
    for index, control in enumerate(data.get("control", []), start=1):
        for key in ("label", "layers"):
            if key not in control:
                raise SourceError(f"{path}: [[control]] #{index} lacks {key}")
        unknown = [name for name in control["layers"] if name not in layers]
        if unknown:
            raise SourceError(f"{path}: [[control]] #{index} names no layer {', '.join(unknown)}")
    terrain = data.get("terrain")
    missing = [k for k in TERRAIN_KEYS if not isinstance(terrain, dict) or k not in terrain]
    if missing:
        raise SourceError(f"{path}: [terrain] lacks {', '.join(missing)}")
    if not isinstance(terrain, dict) or not isinstance(terrain["visible"], bool):
        raise SourceError(f"{path}: [terrain] visible must be true or false")


def parse_style(data: dict[str, Any], path: str = "style.toml") -> Style:
    """Check a parsed style document and return it as a :class:`Style`.

    Raises
    ------
    SourceError
        If a required key is missing; the message names ``path``.
    """
    _check(data, path)
    layers = {
        name: {
            "visible": bool(conf["visible"]),
            "minimap": bool(conf["minimap"]),
            "style": dict(conf["style"]),
            "legend": [dict(entry) for entry in conf.get("legend", [])],
            "status": {key: dict(opts) for key, opts in conf.get("status", {}).items()},
        }
        for name, conf in data["layer"].items()
    }
    return Style(
        background=data["background"],
        layers=layers,
        features={fid: dict(opts) for fid, opts in data.get("feature", {}).items()},
        tiles=[dict(tile) for tile in data.get("tiles", [])],
        view=dict(data["view"]),
        online=dict(data["online"]),
        controls=[dict(control) for control in data.get("control", [])],
        labels=dict(data["labels"]),
        terrain={key: data["terrain"][key] for key in TERRAIN_KEYS},
        fonts={script: list(stack) for script, stack in data.get("fonts", {}).items()},
    )


@cache
def load_style() -> Style:
    """Return the shipped style (read once).

    Raises
    ------
    SourceError
        If the file is missing, not TOML, or lacks a required key.
    """
    return parse_style(load_toml(STYLE_FILE), str(STYLE_FILE))
