"""Schematic lines of the railways and roads that the route would join (pure functions).

No alignment of these lines is published in a form this project can use, so
each is drawn schematically: straight segments through its cited stations, in
order. A schematic line runs shorter than the track, which bends. Where the
sources say that a road runs along a river bank (the road through Iran along
the Aras), the line may follow that country's outline between two stations
instead. Nothing joins a line to the route: the gap between their ends is
measured and stated, never bridged.
"""

from __future__ import annotations

from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from geo.crs import GEOD, UTM38N, WGS84
from geo.errors import TopologyError
from geo.measure.geodesic import to_crs
from geo.sources.packages import Line
from geo.steps.boundaries import parts
from geo.steps.route import along_edge

#: How the drawn geometry relates to the real line, for the layer's ``method``.
METHOD = (
    "Schematic: straight segments through the cited stations, in order, so it runs shorter "
    "than the track; not a surveyed alignment."
)
FOLLOW_METHOD = (
    " Between {first} and {last} it follows {country}'s outline along the Aras, moved "
    "{inset_km:g} km inland and generalised within {tolerance_km:g} km, as the sources describe "
    "the road running along the {country_adj} bank."
)

#: How far a followed outline is moved into its country, in metres.
FOLLOW_INSET_M = 1000.0

#: Douglas–Peucker tolerance for a followed outline, in metres.
FOLLOW_GENERALISE_M = 500.0

#: The outline is cut to a box this far around the two ends before its inset, in metres.
FOLLOW_CLIP_M = 100_000.0


def follow_outline(
    a: Point, b: Point, country: BaseGeometry, inset_m: float = 0.0, generalise_m: float = 0.0
) -> list[tuple[float, float]]:
    """Return the way from ``a`` to ``b`` along the nearer part of ``country``'s outline.

    The outline is first moved ``inset_m`` metres into the country (a negative
    buffer, which also rounds off bends narrower than that, as a road does not
    follow every meander of a river); ``a`` and ``b`` are joined to their
    nearest points on it; the way between those is the shorter one along the
    ring, generalised with Douglas–Peucker within ``generalise_m`` metres.
    Works in UTM zone 38N.

    Parameters
    ----------
    a, b
        Points in WGS84 lon/lat.
    country
        (Multi)polygon in WGS84 lon/lat.

    Returns
    -------
    list of (lon, lat)
        ``a``, the way along the outline, then ``b``.

    Raises
    ------
    TopologyError
        If the country has no polygon (or none left after the inset).
    """
    a_utm, b_utm = to_crs(a, UTM38N), to_crs(b, UTM38N)
    # The inset looks only inset_m around each point, so cutting the country to a box
    # well around both ends first changes nothing near them, and spares insetting all of it.
    near = box(*LineString([a_utm.coords[0], b_utm.coords[0]]).buffer(FOLLOW_CLIP_M).bounds)
    polys = parts(to_crs(country, UTM38N).intersection(near).buffer(-inset_m, quad_segs=8))
    if not polys:
        raise TopologyError("the country to follow has no polygon")
    rings = [LineString(r.coords) for p in polys for r in (p.exterior, *p.interiors)]
    ring = min(rings, key=lambda r: r.distance(a_utm) + r.distance(b_utm))
    start = ring.interpolate(ring.project(a_utm))
    end = ring.interpolate(ring.project(b_utm))
    way = LineString(along_edge(ring, start, end))
    if way.distance(near.exterior) <= 2 * inset_m:
        raise TopologyError(
            f"the way along the outline leaves {FOLLOW_CLIP_M / 1000:g} km of its ends"
        )
    if generalise_m > 0:
        way = way.simplify(generalise_m, preserve_topology=False)
    utm = [a_utm.coords[0], *way.coords, b_utm.coords[0]]
    line = to_crs(LineString(utm), WGS84, source=UTM38N)
    return [(x, y) for x, y in line.coords]


def line_geometry(line: Line, countries: dict[str, BaseGeometry] | None = None) -> LineString:
    """Return the schematic geometry of a connection line in WGS84.

    Parameters
    ----------
    line
        The line with its stations in order.
    countries
        Country name → (multi)polygon in WGS84, needed when ``line.follow`` is set.

    Raises
    ------
    TopologyError
        If the line follows a country that ``countries`` lacks.
    """
    coords = [(s.lon, s.lat) for s in line.stations]
    if line.follow is None:
        return LineString(coords)
    name, first, last = line.follow
    if countries is None or name not in countries:
        raise TopologyError(f"{line.id}: follows {name}, whose polygon is not given")
    way = follow_outline(
        Point(coords[first - 1]),
        Point(coords[last - 1]),
        countries[name],
        FOLLOW_INSET_M,
        FOLLOW_GENERALISE_M,
    )
    return LineString([*coords[: first - 1], *way, *coords[last:]])


def describe(line: Line) -> str:
    """Return the ``method`` text of a connection line."""
    if line.follow is None:
        return METHOD
    name, first, last = line.follow
    adjective = {"Iran": "Iranian"}.get(name, name)
    return METHOD + FOLLOW_METHOD.format(
        first=line.stations[first - 1].name,
        last=line.stations[last - 1].name,
        country=name,
        country_adj=adjective,
        inset_km=FOLLOW_INSET_M / 1000.0,
        tolerance_km=FOLLOW_GENERALISE_M / 1000.0,
    )


def gap_m(line_geom: LineString, route: LineString) -> float:
    """Return the geodesic distance in metres between the nearer ends of a line and the route."""
    ends = [Point(line_geom.coords[0]), Point(line_geom.coords[-1])]
    route_ends = [Point(route.coords[0]), Point(route.coords[-1])]
    best = min(
        (GEOD.inv(a.x, a.y, b.x, b.y)[2] for a in ends for b in route_ends), default=float("inf")
    )
    return float(best)


def stations_text(line: Line) -> str:
    """Return the stations of a line as one line of text, in order."""
    return " – ".join(s.name for s in line.stations)
