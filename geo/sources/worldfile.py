"""Read the features of a large GeoJSON FeatureCollection that meet a box, from a byte stream.

The world file is 168 MB of GeoJSON text, of which `layers` needs nine countries. GDAL's
GeoJSON driver parses every coordinate of it, twice, into JSON objects and peaks near 1 GB.
This reader holds one feature's text at a time:

1. a scanner that looks only at quotes and braces (coordinates hold neither) finds where each
   feature, its geometry and its properties begin and end;
2. the coordinates of a Polygon or MultiPolygon are checked for their nesting with array
   operations, and the integer parts of their numbers bound the feature's envelope;
3. only a feature whose envelope may meet the box has its numbers parsed, and its geometry
   is built with :func:`shapely.from_ragged_array`. Any other shape of geometry text is
   parsed by GEOS's own GeoJSON reader.

The selection is GDAL's spatial filter: a feature is kept when its geometry intersects the
box, in file order; features without a geometry are dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import SourceError

#: Bytes asked of the stream at a time.
CHUNK_BYTES = 1 << 23

#: A Polygon or MultiPolygon whose text holds only its type and its coordinates.
_POLYGONAL = re.compile(
    rb'\A\{\s*"type"\s*:\s*"(Polygon|MultiPolygon)"\s*,\s*"coordinates"\s*:\s*(\[.*\])\s*\}\Z',
    re.DOTALL,
)

_SPACE = b" \t\r\n"
_PLAIN_NUMBERS = b"[],.0123456789-"  # no exponent, no sign but minus: integer parts bound values
_QUOTE, _BACKSLASH, _OPEN_BRACE, _CLOSE_BRACE, _COLON = (ord(c) for c in '"\\{}:')
_OPEN, _CLOSE, _COMMA, _MINUS, _ZERO, _DOT = (ord(c) for c in "[],-0.")

Read = Callable[[int], bytes]
BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class RawFeature:
    """The text of one feature's geometry and properties, as found in the document."""

    geometry: bytes | None
    properties: bytes | None


def _is_space_then_colon(buf: bytearray, pos: int) -> bool:
    """Tell whether ``buf`` holds white space and then a colon from ``pos`` on."""
    while pos < len(buf) and buf[pos] in _SPACE:
        pos += 1
    return pos < len(buf) and buf[pos] == _COLON


class _Scanner:
    """The scan of one document: which strings, objects and features are open.

    Positions are counted from the start of the document; ``buf`` holds its text from
    ``offset`` on, and loses what lies before an open feature or string when fed.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.buf = bytearray()
        self.offset = 0
        self.depth = 0  # braces open before the current token
        self.string_start = -1  # where the open string starts, -1 outside strings
        self.last_string: tuple[int, int] | None = None  # a string that may be a member name
        self.keys: dict[int, bytes] = {}  # depth (1: the collection, 2: a feature) → name
        self.feature_start = -1
        self.value_start = -1  # where the feature's geometry or properties object starts
        self.spans: dict[bytes, bytes] = {}
        self.opened = self.found = False

    def _text(self, start: int, end: int) -> bytes:
        return bytes(self.buf[start - self.offset : end - self.offset])

    def feed(self, chunk: bytes) -> list[int]:
        """Append the next bytes; return the positions of their quotes and braces."""
        keep = len(self.buf) + self.offset
        for start in (self.feature_start, self.string_start):
            if start >= 0:
                keep = min(keep, start)
        if self.last_string is not None:
            keep = min(keep, self.last_string[0])
        del self.buf[: keep - self.offset]
        scanned, self.offset = len(self.buf), keep
        self.buf += chunk
        raw = np.frombuffer(self.buf, dtype=np.uint8)[scanned:]
        found = np.flatnonzero((raw == _QUOTE) | (raw == _OPEN_BRACE) | (raw == _CLOSE_BRACE))
        positions: list[int] = (found + (scanned + self.offset)).tolist()
        return positions

    def step(self, pos: int) -> RawFeature | None:
        """Take the quote or brace at ``pos``; return the feature it closes, if any."""
        char = self.buf[pos - self.offset]
        if self.string_start >= 0:
            if char == _QUOTE and not self._escaped(pos):
                self.last_string = (self.string_start, pos + 1)
                self.string_start = -1
            return None
        if self.last_string is not None:
            start, end = self.last_string
            if self.depth in (1, 2) and _is_space_then_colon(self.buf, end - self.offset):
                self.keys[self.depth] = self._text(start, end)
                self.found = self.found or self.keys.get(1) == b'"features"'
            self.last_string = None
        if char == _QUOTE:
            if self.depth == 0:
                raise SourceError(f"{self.source}: not a JSON object")
            self.string_start = pos
            return None
        if char == _OPEN_BRACE:
            self._open(pos)
            return None
        return self._close(pos)

    def _escaped(self, pos: int) -> bool:
        """Tell whether the quote at ``pos`` follows an odd number of backslashes."""
        index, count = pos - self.offset - 1, 0
        while index - count >= 0 and self.buf[index - count] == _BACKSLASH:
            count += 1
        return count % 2 == 1

    def _open(self, pos: int) -> None:
        if self.depth == 0:
            if self.opened:
                raise SourceError(f"{self.source}: more than one JSON value")
            self.opened = True
        elif self.depth == 1 and self.keys.get(1) == b'"features"':
            self.feature_start = pos
            self.keys.pop(2, None)
            self.spans = {}
        elif self.depth == 2 and self.keys.get(2) in (b'"geometry"', b'"properties"'):
            self.value_start = pos
        self.depth += 1

    def _close(self, pos: int) -> RawFeature | None:
        self.depth -= 1
        if self.depth < 0:
            raise SourceError(f"{self.source}: a closing brace without its opening one")
        if self.depth == 2 and self.value_start >= 0:
            self.spans.setdefault(self.keys[2], self._text(self.value_start, pos + 1))
            self.value_start = -1
        elif self.depth == 1 and self.feature_start >= 0:
            self.feature_start = -1
            return RawFeature(self.spans.get(b'"geometry"'), self.spans.get(b'"properties"'))
        return None

    def finish(self) -> None:
        """Check that the document ended as a whole FeatureCollection."""
        if not self.opened:
            raise SourceError(f"{self.source}: not a GeoJSON FeatureCollection (no JSON object)")
        if self.string_start >= 0:
            raise SourceError(f"{self.source}: ends inside a string")
        if self.depth > 0:
            raise SourceError(f"{self.source}: ends before its closing brace (truncated?)")
        if not self.found:
            raise SourceError(f"{self.source}: not a GeoJSON FeatureCollection (no features)")


def iter_features(
    read: Read, *, source: str, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[RawFeature]:
    """Yield the geometry and properties text of each feature of a FeatureCollection.

    Parameters
    ----------
    read
        ``read(n)`` returns up to ``n`` more bytes of the document, ``b""`` at its end.
    source
        Name of the document for error messages.
    chunk_bytes
        Bytes asked of ``read`` at a time.

    Yields
    ------
    RawFeature
        The text of the ``geometry`` and ``properties`` objects of one member of the
        top-level ``features`` array (None where absent or not an object).

    Raises
    ------
    SourceError
        If the text is not a JSON object with a ``features`` member, or ends early.
    """
    scanner = _Scanner(source)
    while chunk := read(chunk_bytes):
        for pos in scanner.feed(chunk):
            feature = scanner.step(pos)
            if feature is not None:
                yield feature
    scanner.finish()


@dataclass(frozen=True)
class _Rings:
    """The nesting of a Polygon's or MultiPolygon's coordinates text, without its numbers."""

    multi: bool
    text: bytes  # the coordinates without white space
    point_open: np.ndarray  # where each position's '[' is in text
    point_comma: np.ndarray  # where the comma inside each position is
    point_close: np.ndarray  # where each position's ']' is
    ring_offsets: np.ndarray  # positions before each ring, then their count
    polygon_offsets: np.ndarray  # rings before each polygon, then their count


def _rings(geometry: bytes) -> _Rings | None:
    """Read the nesting of a Polygon or MultiPolygon; None if its text is not that simple.

    Returns None (so that the caller parses the text with GEOS) unless the text is a
    Polygon or MultiPolygon of 2-D positions with plain numbers, whose every polygon has
    a ring and whose every ring has at least four positions.
    """
    match = _POLYGONAL.match(geometry)
    if match is None:
        return None
    multi = match.group(1) == b"MultiPolygon"
    text = match.group(2).translate(None, _SPACE)
    if text.translate(None, _PLAIN_NUMBERS):
        return None
    raw = np.frombuffer(text, dtype=np.uint8)
    marks = np.flatnonzero((raw == _OPEN) | (raw == _CLOSE) | (raw == _COMMA))
    kind = raw[marks]
    is_open = kind == _OPEN
    level = np.cumsum(is_open.astype(np.int32) - (kind == _CLOSE), dtype=np.int32)
    point_level = 4 if multi else 3
    if level[-1] != 0 or level[:-1].min(initial=1) < 1 or level.max() != point_level:
        return None
    points = _points(raw, marks, kind, np.flatnonzero(is_open & (level == point_level)))
    offsets = _offsets(level[is_open], point_level)
    if points is None or offsets is None:
        return None
    return _Rings(multi, text, *points, *offsets)


def _points(
    raw: np.ndarray, marks: np.ndarray, kind: np.ndarray, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Return where each position's '[', comma and ']' are; None unless all are [x,y].

    ``marks`` are the places of the brackets and commas in ``raw``, ``kind`` which of the
    three each is, and ``points`` the index in ``marks`` of each position's '['.
    """
    if points[-1] + 2 >= marks.size:
        return None
    if (kind[points + 1] != _COMMA).any() or (kind[points + 2] != _CLOSE).any():
        return None
    opens, commas, closes = marks[points], marks[points + 1], marks[points + 2]
    if raw.size - marks.size != int((closes - opens - 2).sum()):
        return None  # some number lies outside a position
    inside = np.zeros(marks.size, dtype=bool)
    inside[points + 1] = True
    between = np.flatnonzero((kind == _COMMA) & ~inside)  # commas between arrays: '],['
    if (kind[between - 1] != _CLOSE).any() or (kind[between + 1] != _OPEN).any():
        return None
    return opens, commas, closes


def _offsets(open_level: np.ndarray, point_level: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Return the ring and polygon offsets; None if a ring is short or a polygon empty."""
    point_index = np.flatnonzero(open_level == point_level)
    ring_opens = np.flatnonzero(open_level == point_level - 1)
    ring_offsets = np.append(np.searchsorted(point_index, ring_opens), point_index.size)
    if ring_opens.size == 0 or np.diff(ring_offsets).min() < 4:
        return None
    if point_level == 3:  # a Polygon: its rings
        return ring_offsets, np.array([0, ring_opens.size])
    polygon_opens = np.flatnonzero(open_level == 2)
    polygon_offsets = np.append(np.searchsorted(ring_opens, polygon_opens), ring_opens.size)
    if polygon_opens.size == 0 or np.diff(polygon_offsets).min() < 1:
        return None
    return ring_offsets, polygon_offsets


def _integer_bounds(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[float, float]:
    """Bound plain decimal numbers by their integer parts: (at most min, at least max).

    ``raw[starts[i]:ends[i]]`` is the text of number i: an optional minus, digits, and
    an optional fraction. A number of more than three integer digits widens the bounds
    to infinity.
    """
    negative = raw[starts] == _MINUS
    first = starts + negative
    value = np.zeros(starts.size, dtype=np.int64)
    going = np.ones(starts.size, dtype=bool)
    last = raw.size - 1
    for offset in range(4):
        at = np.minimum(first + offset, last)
        digit = raw[at].astype(np.int64) - _ZERO
        going &= (first + offset < ends) & (digit >= 0) & (digit <= 9)
        value = np.where(going, value * 10 + digit, value)
    if going.any():  # four or more integer digits: no useful bound
        return -np.inf, np.inf
    low = np.where(negative, -value - 1, value)
    high = np.where(negative, -value, value + 1)
    return float(low.min()), float(high.max())


def _decimals(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """Parse plain decimal numbers of at most 15 digits exactly as ``strtod`` rounds them.

    Such a number is m / 10**k with m < 2**53 and k <= 15, both exact doubles, so one
    division rounds it correctly. None if a number is not ``-?digits(.digits)?`` or is
    longer.
    """
    negative = raw[starts] == _MINUS
    first = starts + negative
    length = ends - first
    if length.min() < 1 or length.max() > 16:
        return None
    mantissa = np.zeros(starts.size, dtype=np.int64)
    digits = np.zeros(starts.size, dtype=np.int64)
    scale = np.zeros(starts.size, dtype=np.int64)
    dots = np.zeros(starts.size, dtype=np.int64)
    last = raw.size - 1
    for offset in range(int(length.max())):
        inside = offset < length
        char = raw[np.minimum(first + offset, last)].astype(np.int64)
        is_digit = inside & (char >= _ZERO) & (char <= _ZERO + 9)
        is_dot = inside & (char == _DOT)
        if (inside & ~is_digit & ~is_dot).any():
            return None
        mantissa = np.where(is_digit, mantissa * 10 + (char - _ZERO), mantissa)
        scale += is_digit & (dots > 0)
        dots += is_dot
        digits += is_digit
    first_char, last_char = raw[first], raw[ends - 1]
    if (
        dots.max() > 1
        or digits.max() > 15
        or (first_char == _DOT).any()
        or (last_char == _DOT).any()
    ):
        return None
    values = mantissa / np.power(10.0, scale)
    return np.where(negative, -values, values)


def _may_meet(rings: _Rings, bbox: BBox) -> bool:
    """Tell whether the envelope of the positions may meet ``bbox``, from integer parts."""
    raw = np.frombuffer(rings.text, dtype=np.uint8)
    west, east = _integer_bounds(raw, rings.point_open + 1, rings.point_comma)
    south, north = _integer_bounds(raw, rings.point_comma + 1, rings.point_close)
    return west <= bbox[2] and east >= bbox[0] and south <= bbox[3] and north >= bbox[1]


def _build(rings: _Rings) -> BaseGeometry | None:
    """Parse the numbers and build the geometry; None if a number is not plain."""
    raw = np.frombuffer(rings.text, dtype=np.uint8)
    xs = _decimals(raw, rings.point_open + 1, rings.point_comma)
    ys = _decimals(raw, rings.point_comma + 1, rings.point_close)
    if xs is None or ys is None:
        return None
    coords = np.column_stack((xs, ys))
    offsets = rings.ring_offsets
    if not np.array_equal(coords[offsets[:-1]], coords[offsets[1:] - 1]):
        return None  # a ring is not closed: let GEOS say so
    if rings.multi:
        kind = shapely.GeometryType.MULTIPOLYGON
        parts: tuple[np.ndarray, ...] = (
            offsets,
            rings.polygon_offsets,
            np.array([0, rings.polygon_offsets.size - 1]),
        )
    else:
        kind, parts = shapely.GeometryType.POLYGON, (offsets, rings.polygon_offsets)
    geometry: BaseGeometry = shapely.from_ragged_array(kind, coords, parts)[0]
    return geometry


def _parse(text: bytes, *, source: str) -> BaseGeometry | None:
    try:
        geometry: BaseGeometry | None = shapely.from_geojson(text)
    except shapely.errors.GEOSException as exc:
        raise SourceError(f"{source}: a geometry is not GeoJSON ({exc})") from None
    return geometry


def read_features_in_box(
    read: Read, bbox: BBox, *, source: str
) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Read the features whose geometry intersects a box, in file order.

    Parameters
    ----------
    read
        ``read(n)`` returns up to ``n`` more bytes of a GeoJSON FeatureCollection.
    bbox
        (west, south, east, north) in the document's coordinates (degrees, WGS84).
    source
        Name of the document for error messages.

    Returns
    -------
    list of tuple
        (properties, geometry) of each feature whose geometry intersects ``bbox``.

    Raises
    ------
    SourceError
        If the text is not a FeatureCollection, or a geometry or properties object of a
        feature near the box is not valid GeoJSON.
    """
    box = shapely.box(*bbox)
    kept: list[tuple[dict[str, Any], BaseGeometry]] = []
    for feature in iter_features(read, source=source):
        if feature.geometry is None:
            continue
        rings = _rings(feature.geometry)
        if rings is not None and not _may_meet(rings, bbox):
            continue
        geometry = _build(rings) if rings is not None else None
        if geometry is None:
            geometry = _parse(feature.geometry, source=source)
        if geometry is None or geometry.is_empty or not shapely.intersects(geometry, box):
            continue
        properties: Any = {}
        if feature.properties is not None:
            try:
                properties = json.loads(feature.properties)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SourceError(
                    f"{source}: a feature's properties are not JSON ({exc})"
                ) from None
        kept.append((properties, geometry))
    return kept
