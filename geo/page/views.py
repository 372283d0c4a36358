"""The map's named views, as bounds in degrees: first view, route, chain, region.

The *chain* is the through line from Kars to Horadiz: the route and the
connections it would join. The page's keys keep their older names
(``corridor_bounds`` is the route's view, ``whole_corridor_bounds`` the chain's),
as the page's script reads them.

Which features each view must show is data (``[view]`` in ``geo/data/style.toml``);
this module turns them into ``[[south, west], [north, east]]`` bounds.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.errors import SourceError
from geo.layerfiles.geojson import Feature
from geo.page.style import Style


def bounds(geoms: list[BaseGeometry], pad_deg: float = 0.0) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of ``geoms``, padded by ``pad_deg`` degrees."""
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    return [
        [round(y0 - pad_deg, 5), round(x0 - pad_deg, 5)],
        [round(y1 + pad_deg, 5), round(x1 + pad_deg, 5)],
    ]


def view_bounds(
    layers: dict[str, list[Feature]], style: Style, labels: list[dict[str, Any]]
) -> dict[str, Any]:
    """Return the bounds of every named view the page offers.

    Parameters
    ----------
    layers
        Full-resolution layers (degrees).
    style
        The shipped style; its ``view`` table names the features of each view.
    labels
        The page's labels; those marked ``first_view`` must be in the first view.

    Returns
    -------
    dict
        ``first_view_bounds`` (opens on the route with its context),
        ``corridor_bounds`` (the route alone), ``view_bounds`` (the whole region)
        and, only when a ``connections`` layer exists, ``whole_corridor_bounds`` (the chain).

    Raises
    ------
    SourceError
        If the style names a feature that no layer holds.
    """
    view = style.view
    by_id = {str(f.properties.get("id")): f for fs in layers.values() for f in fs}
    missing = [fid for fid in view["first_features"] if fid not in by_id]
    if missing:
        raise SourceError(f"style.toml: [view] first_features: no feature {', '.join(missing)}")
    first = [by_id[fid].geometry for fid in view["first_features"]]
    first += [Point(label["lon"], label["lat"]) for label in labels if label["first_view"]]
    region = [layers[name][0].geometry for name in view["region_layers"]]
    out: dict[str, Any] = {
        "first_view_bounds": bounds(first, float(view["first_pad_deg"])),
        "corridor_bounds": bounds([f.geometry for f in layers["corridor"]], 0.03),
        "view_bounds": bounds(region, 0.1),
    }
    chain = [f.geometry for name in view["chain_layers"] for f in layers.get(name, [])]
    if layers.get("connections"):
        out["whole_corridor_bounds"] = bounds(chain, 0.05)
    return out
