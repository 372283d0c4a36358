"""Write tests/js/fixtures/geodesy.json: distances and areas on WGS84 from pyproj.

The Node tests (geodesy.test.mjs) check the page's geodesy against these
numbers; tests/test_js_units.py checks that this file is what this script
writes, so the numbers cannot drift from pyproj. Run: python tests/js/fixtures.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).with_name("fixtures") / "geodesy.json"

#: (name, (lat, lon), (lat, lon)): around Syunik, the whole corridor, long and short.
PAIRS = [
    ("Kapan-Meghri", (39.2076, 46.4058), (38.9030, 46.2424)),
    ("Goris-Agarak", (39.5111, 46.3412), (38.8717, 46.1961)),
    ("Kars-Horadiz", (40.6013, 43.0975), (39.4522, 47.3356)),
    ("ten metres", (39.0, 46.0), (39.00009, 46.0)),
    ("across the equator", (-10.0, 20.0), (15.0, 35.0)),
    ("across the antimeridian", (10.0, 179.5), (11.0, -179.5)),
    ("London-Yerevan", (51.5074, -0.1278), (40.1792, 44.4991)),
]

#: (name, [(lat, lon), ...]): rings, not closed.
RINGS = [
    ("one degree square at 39N", [(39, 46), (39, 47), (40, 47), (40, 46)]),
    ("Syunik-sized quadrilateral", [(38.85, 45.9), (39.15, 46.65), (39.75, 46.45), (39.45, 45.85)]),
    ("small triangle", [(39.0, 46.0), (39.01, 46.0), (39.0, 46.01)]),
    ("clockwise square", [(0, 0), (1, 0), (1, 1), (0, 1)]),
]


def reference() -> dict[str, Any]:
    """Return the reference numbers, computed with pyproj on WGS84."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    distances = []
    for name, a, b in PAIRS:
        _, _, metres = geod.inv(a[1], a[0], b[1], b[0])
        distances.append({"name": name, "a": list(a), "b": list(b), "km": metres / 1000})
    areas = []
    for name, ring in RINGS:
        lats = [p[0] for p in ring]
        lons = [p[1] for p in ring]
        area, perimeter = geod.polygon_area_perimeter(lons, lats)
        areas.append(
            {
                "name": name,
                "ring": [list(p) for p in ring],
                "km2": abs(area) / 1e6,
                "perimeter_km": perimeter / 1000,
            }
        )
    return {"source": "pyproj Geod(ellps='WGS84')", "distances": distances, "areas": areas}


def text() -> str:
    return json.dumps(reference(), indent=1) + "\n"


if __name__ == "__main__":
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(text(), encoding="utf-8")
    sys.stdout.write(f"{FIXTURE}\n")
