"""Measured GeoJSON layers and a standalone offline map of the Syunik transit route.

The Python face is loaded on first use, so ``import geo`` and the ``map``
command import neither geopandas, folium nor matplotlib:

- ``geo.read_layer(name)``, ``geo.read_layers()``: the layers as GeoDataFrames
  (:mod:`geo.face.frames`);
- ``geo.folium_map()``: the map as a ``folium.Map`` (:mod:`geo.face.foliummap`; the module is
  not named ``folium_map`` so that importing it cannot shadow the function);
- ``geo.figure()``: the static report figure as a matplotlib Figure
  (:mod:`geo.face.export`).
"""

# No `from __future__ import annotations` here: it would bind `geo.page.panel`
# to a __future__ feature and hide the submodule of that name.
from importlib import import_module
from typing import Any

from geo.version import __version__

_LAZY = {
    "read_layer": "geo.face.frames",
    "read_layers": "geo.face.frames",
    "folium_map": "geo.face.foliummap",
    "figure": "geo.face.export",
}

__all__ = ["__version__", "figure", "folium_map", "read_layer", "read_layers"]


def __getattr__(name: str) -> Any:
    """Import the Python face's functions on first access (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    """List the lazy attributes beside the module's own."""
    return sorted({*globals(), *_LAZY})
