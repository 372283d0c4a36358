"""Turn source polygons into the project's layer geometries (pure functions).

Topology is built in WGS84 lon/lat, with vertices taken from the sources
untouched wherever possible; every distance or area threshold is in metres or
square metres and measured geodesically or in UTM zone 38N.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from geo.crs import GEOD, UTM38N
from geo.errors import TopologyError
from geo.measure.geodesic import area_m2, to_crs

#: Bounding box of the map's region: (lon_min, lat_min, lon_max, lat_max).
VIEW_BBOX = (41.5, 37.0, 51.0, 43.0)

#: Box that holds the Nakhichevan Autonomous Republic and no part of mainland
#: Azerbaijan: Nakhichevan spans about 38.8–39.8°N, 44.8–46.2°E.
NAKHICHEVAN_BBOX = (44.6, 38.6, 46.3, 39.9)

#: Largest overlap left after resolving exclaves that is taken as digitising
#: noise along a shared border (and given to the first polygon), in m².
MAX_SLIVER_M2 = 100_000.0


def parts(geom: BaseGeometry) -> list[Polygon]:
    """Return the polygons of a Polygon or MultiPolygon (empty list if empty)."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]


def polygonal(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """Keep only the polygonal parts of an overlay result, as one geometry."""
    polys = []
    for item in getattr(geom, "geoms", [geom]):
        polys.extend(parts(item) if isinstance(item, Polygon | MultiPolygon) else [])
    if len(polys) == 1:
        return polys[0]
    return MultiPolygon(polys)


def resolve_exclaves(
    first: BaseGeometry, second: BaseGeometry
) -> tuple[BaseGeometry, BaseGeometry, float]:
    """Give land claimed by two countries to the one whose separate part it is.

    A part of one country's multipolygon that lies mostly (more than half of
    its area) inside the other country is an exclave: the other country's
    polygon gets a hole there. This follows the de jure boundaries that
    OpenStreetMap maps (Artsvashen is Armenian; Yukhari Askipara and
    Barkhudarly are Azerbaijani). What overlap is left is made of slivers along
    the shared border where the two outlines' vertices differ; it stays with
    ``first`` and is cut from ``second``.

    Parameters
    ----------
    first, second
        (Multi)polygons in WGS84.

    Returns
    -------
    tuple
        ``(first, second, sliver_m2)``: the two without overlap, and the
        geodesic area of the border slivers cut from ``second`` in m².

    Raises
    ------
    TopologyError
        If the slivers add up to more than ``MAX_SLIVER_M2``.
    """

    def exclaves_of(a: BaseGeometry, b: BaseGeometry) -> list[Polygon]:
        found = []
        for part in parts(a):
            inside = part.intersection(b)
            if not inside.is_empty and area_m2(polygonal(inside)) > 0.5 * area_m2(part):
                found.append(part)
        return found

    in_second = exclaves_of(first, second)
    in_first = exclaves_of(second, first)
    if in_second:
        second = polygonal(second.difference(shapely.union_all(in_second)))
    if in_first:
        first = polygonal(first.difference(shapely.union_all(in_first)))
    overlap = polygonal(first.intersection(second))
    sliver_m2 = area_m2(overlap)
    if sliver_m2 > MAX_SLIVER_M2:
        raise TopologyError(f"overlap of {sliver_m2:.0f} m² left after resolving exclaves")
    if not overlap.is_empty:
        second = polygonal(second.difference(first))
    return first, second, sliver_m2


def split_nakhichevan(azerbaijan: BaseGeometry) -> tuple[BaseGeometry, BaseGeometry]:
    """Split Azerbaijan into the mainland and the Nakhichevan exclave.

    Returns
    -------
    tuple
        ``(mainland, nakhichevan)``: the parts outside and inside
        ``NAKHICHEVAN_BBOX``.

    Raises
    ------
    TopologyError
        If either side is empty.
    """
    nakh_box = box(*NAKHICHEVAN_BBOX)
    inside = [p for p in parts(azerbaijan) if nakh_box.contains(p)]
    outside = [p for p in parts(azerbaijan) if not nakh_box.contains(p)]
    if not inside or not outside:
        raise TopologyError("Azerbaijan's polygon does not split into mainland and Nakhichevan")
    return polygonal(MultiPolygon(outside)), polygonal(MultiPolygon(inside))


def clip_neighbours(
    others: list[tuple[str, BaseGeometry]], taken: BaseGeometry, bbox: tuple[float, ...]
) -> list[tuple[str, BaseGeometry]]:
    """Clip neighbouring countries to the view and make them a coverage.

    Each country is clipped to ``bbox``, then loses what ``taken`` (the focal
    polygons) or an earlier country in the list already covers, so no land
    belongs to two layers.

    Returns
    -------
    list of (name, geometry)
        In input order, without the ones that fall outside the view.
    """
    result = []
    used = taken
    for name, geom in others:
        clipped = polygonal(shapely.clip_by_rect(geom, *bbox))
        clipped = polygonal(clipped.difference(used))
        if clipped.is_empty:
            continue
        result.append((name, clipped))
        used = shapely.union_all([used, clipped])
    return result


def _extend(line: LineString, at_start: bool, length_m: float) -> LineString:
    """Prolong a line straight past one end by ``length_m`` metres (geodesic)."""
    coords = list(line.coords)
    (x0, y0), (x1, y1) = (coords[1], coords[0]) if at_start else (coords[-2], coords[-1])
    azimuth, _, _ = GEOD.inv(x0, y0, x1, y1)
    x2, y2, _ = GEOD.fwd(x1, y1, azimuth, length_m)
    return LineString([(x2, y2), *coords] if at_start else [*coords, (x2, y2)])


def province_split_line(province: Polygon, others: BaseGeometry, country: Polygon) -> LineString:
    """Return the inner boundary of a province, reaching the country's outline.

    The boundary the province shares with the country's other provinces (both
    from the same generalised source) is clipped to the detailed country
    outline; an end that stops inside the outline is prolonged straight to the
    nearest point of the outline. Both ends then reach 100 m past the outline
    so that the line cuts it cleanly.

    Raises
    ------
    TopologyError
        If the provinces share no single boundary line.
    """
    shared = shapely.line_merge(province.boundary.intersection(others.boundary))
    if not isinstance(shared, LineString):
        raise TopologyError("province shares no single boundary line with its neighbours")
    inside = shared.intersection(country)
    if isinstance(inside, MultiLineString):
        inside = max(inside.geoms, key=lambda g: g.length)
    if not isinstance(inside, LineString) or inside.is_empty:
        raise TopologyError("province boundary does not cross the country outline")
    coords = list(inside.coords)
    outline = country.exterior
    for at_start in (True, False):
        end = Point(coords[0] if at_start else coords[-1])
        if outline.distance(end) > 1e-9:
            nearest = outline.interpolate(outline.project(end))
            coords = [nearest.coords[0], *coords] if at_start else [*coords, nearest.coords[0]]
        coords = list(_extend(LineString(coords), at_start, 100.0).coords)
    return LineString(coords)


def cut_province(country: Polygon, line: LineString, province_hint: Polygon) -> Polygon:
    """Cut ``country`` along ``line`` and keep the piece that is the province.

    Parameters
    ----------
    country
        Detailed country polygon.
    line
        A line that crosses the country's outline twice.
    province_hint
        The generalised province polygon: the piece that overlaps it most is kept.

    Raises
    ------
    TopologyError
        If the line does not cut the country in two or more pieces.
    """
    pieces = parts(split(country, line))
    if len(pieces) < 2:
        raise TopologyError("the province boundary does not cut the country outline")

    def share(piece: Polygon) -> float:
        return area_m2(polygonal(piece.intersection(province_hint))) / area_m2(piece)

    return max(pieces, key=share)


def _edge_lengths_m(coords: np.ndarray) -> np.ndarray:
    _, _, dist = GEOD.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    return np.asarray(dist)


def _bridge(edge: np.ndarray, lengths_m: np.ndarray, bridge_m: float) -> np.ndarray:
    """Mark as shared the short unshared stretches that lie between shared ones."""
    edge = edge.copy()
    if edge.all() or not edge.any():
        return edge
    n = len(edge)
    start = int(np.argmax(edge))  # a shared edge: walk the ring from it
    i = 0
    while i < n:
        j = (start + i) % n
        if edge[j]:
            i += 1
            continue
        gap = []
        while i < n and not edge[(start + i) % n]:
            gap.append((start + i) % n)
            i += 1
        if lengths_m[gap].sum() <= bridge_m:
            edge[gap] = True
    return edge


def shared_border(
    first: BaseGeometry, second: BaseGeometry, tolerance_m: float, bridge_m: float = 0.0
) -> MultiLineString | LineString:
    """Return the parts of ``first``'s outline that run along ``second``.

    Neighbouring polygons from the source do not share vertices exactly, so an
    edge of ``first`` counts as shared when both its ends lie within
    ``tolerance_m`` metres of ``second`` (measured in UTM zone 38N). A stretch
    of outline no longer than ``bridge_m`` metres that lies between two shared
    stretches counts as shared too (the outlines part there, e.g. at tile-edge
    artefacts of the source). The vertices returned are ``first``'s own.

    Returns
    -------
    LineString or MultiLineString
        In WGS84; empty when the two do not meet.
    """
    runs: list[LineString] = []
    second_utm = to_crs(second, UTM38N)
    shapely.prepare(second_utm)
    for part in parts(first):
        for ring in [part.exterior, *part.interiors]:
            coords = np.asarray(ring.coords)[:, :2]
            utm = np.asarray(to_crs(LineString(coords), UTM38N).coords)
            near = shapely.distance(shapely.points(utm), second_utm) <= tolerance_m
            edge = _bridge(near[:-1] & near[1:], _edge_lengths_m(coords), bridge_m)
            if edge.all():
                runs.append(LineString(coords))
                continue
            if not edge.any():
                continue
            # Start the walk just after an unshared edge so runs do not wrap.
            start = int(np.argmin(edge)) + 1
            current: list[int] = []
            for i in ((start + k) % len(edge) for k in range(len(edge))):
                if edge[i]:
                    current = current or [i]
                    current.append(i + 1)
                elif current:
                    runs.append(LineString(coords[current]))
                    current = []
            if current:
                runs.append(LineString(coords[current]))
    return shapely.line_merge(MultiLineString(runs)) if runs else MultiLineString()


#: Distance within which a new vertex is inserted into a neighbour's edge, in
#: degrees (1e-7° is about 1 cm): only for vertices computed on an existing edge.
NODE_TOLERANCE_DEG = 1e-7


def insert_vertices(geom: BaseGeometry, source: BaseGeometry) -> BaseGeometry:
    """Add to ``geom``'s edges the vertices of ``source`` that lie on them.

    Cutting a province out of a country adds vertices on the country's
    outline. Neighbours that share that outline must have them too, or the
    layers stop being a clean coverage once coordinates are rounded.
    """
    new = shapely.multipoints(shapely.get_coordinates(source))
    return shapely.snap(geom, new, NODE_TOLERANCE_DEG)
