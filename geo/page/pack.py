r"""How the page data travels inside the HTML: shared arcs, gzip, then base 85.

The model (:func:`geo.page.model.page_data`) is packed in three steps, each undone
by ``geo/static/js/core/pack.js`` in the page (and by :func:`unpack_page_data` here):

1. the lines and rings the layers share are stored once
   (:func:`geo.page.codec.share_arcs`), and the arcs' integer steps leave the JSON for
   a binary tail: the packed bytes are the JSON's length (4 bytes, big-endian), the
   compact JSON (UTF-8; its ``topology`` without ``arcs``), then for each arc its
   number of vertices and its steps, each a zigzag LEB128 varint (0, -1, 1, -2 … as
   0, 1, 2, 3 …, 7 bits a byte, low bits first), which gzip packs a tenth tighter than
   decimal text;
2. gzip by Zopfli (a deflate encoder that searches harder than zlib's level 9: the
   default page's data is 3 % smaller, about 10 KB less page, for 0.55 s), with no time
   stamp; the same data gives the same bytes, so builds stay byte-identical, and the
   last few results are kept in memory, since tests and sessions build the same page
   again;
3. base 85 over :data:`ALPHABET`: every 4 bytes become 5 characters (25 % more than
   the bytes, where base64 adds 33 %). The alphabet is printable ASCII without
   ``< > & " ' \ / -`` and the backtick, so the text is valid UTF-8, can never close
   its ``<script>`` element or open markup or a comment in it, and needs no escaping.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from typing import Any

import numpy as np
import zopfli.gzip

from geo.errors import LayerError
from geo.page.codec import TOPOLOGY, restore_arcs, share_arcs

#: The 85 digits, in order: printable ASCII but for ``"&'-/<>`` , the backslash and the backtick.
ALPHABET = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in "\"&'-/<>\\`")

#: The ``data-encoding`` of ``<script id="map-data">``.
DATA_ENCODING = "gzip+base85"

_DIGITS = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_VALUES = np.full(128, -1, dtype=np.int64)
_VALUES[_DIGITS] = np.arange(85)


def b85encode(data: bytes) -> str:
    """Return ``data`` in base 85: each 4 bytes (big-endian) as 5 digits, most significant first.

    A last group of ``n`` < 4 bytes is padded with zero bytes and written as its first
    ``n + 1`` digits.
    """
    pad = (-len(data)) % 4
    words = np.frombuffer(data + b"\0" * pad, dtype=">u4").astype(np.int64)
    digits = np.empty((len(words), 5), dtype=np.int64)
    for i in range(4, -1, -1):
        digits[:, i] = words % 85
        words //= 85
    text = _DIGITS[digits.ravel()].tobytes().decode("ascii")
    return text[: len(text) - pad] if pad else text


def b85decode(text: str) -> bytes:
    """Return the bytes :func:`b85encode` wrote as ``text``.

    Raises
    ------
    LayerError
        For a character outside :data:`ALPHABET`, a group worth 2³² or more, or a
        length no encoding gives (one digit left over).
    """
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    if raw.size and (raw.max() >= 128 or np.any(_VALUES[raw] < 0)):
        raise LayerError("page data: a character outside the base-85 alphabet")
    pad = (-len(raw)) % 5
    if pad == 4:
        raise LayerError("page data: base-85 text of an impossible length")
    digits = np.concatenate([_VALUES[raw], np.full(pad, 84, dtype=np.int64)]).reshape(-1, 5)
    words = np.zeros(len(digits), dtype=np.int64)
    for i in range(5):
        words = words * 85 + digits[:, i]
    if np.any(words >= 2**32):
        raise LayerError("page data: a base-85 group worth more than 4 bytes")
    data = words.astype(">u4").tobytes()
    return data[: len(data) - pad] if pad else data


def _varints(values: list[int], out: bytearray) -> None:
    for value in values:
        z = value * 2 if value >= 0 else -value * 2 - 1
        while z >= 0x80:
            out.append((z & 0x7F) | 0x80)
            z >>= 7
        out.append(z)


def _read_varints(data: bytes, at: int) -> tuple[list[list[int]], int]:
    """Return the arcs of a binary tail starting at ``at``, and where it ended."""
    arcs: list[list[int]] = []
    values: list[int] = []
    value = shift = 0
    want = -1
    for byte in data[at:]:
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte & 0x80:
            continue
        number = value // 2 if value % 2 == 0 else -(value + 1) // 2
        value = shift = 0
        if want < 0:
            want = 2 * number
            values = []
        else:
            values.append(number)
        if len(values) == want:  # also an arc of no vertex, which share_arcs never writes
            arcs.append(values)
            want = -1
    if want >= 0 or shift:
        raise LayerError("page data: the arcs end in the middle of one")
    return arcs, len(data)


def pack_bytes(data: Any) -> bytes:
    """Return the bytes gzip packs: the JSON's length, the JSON, the arcs (see the module)."""
    shared = share_arcs(data) if isinstance(data, dict) else data
    tail = bytearray()
    if isinstance(shared, dict) and TOPOLOGY in shared:
        topology = dict(shared[TOPOLOGY])
        for steps in topology.pop("arcs"):
            _varints([len(steps) // 2, *steps], tail)
        shared = {**shared, TOPOLOGY: topology}
    text = json.dumps(shared, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    body = text.encode("utf-8")
    return struct.pack(">I", len(body)) + body + bytes(tail)


def unpack_bytes(data: bytes) -> Any:
    """Return the page data :func:`pack_bytes` packed, exactly as it was."""
    if len(data) < 4:
        raise LayerError("page data: too short")
    (length,) = struct.unpack(">I", data[:4])
    doc = json.loads(data[4 : 4 + length].decode("utf-8"))
    if isinstance(doc, dict) and TOPOLOGY in doc:
        arcs, _end = _read_varints(data, 4 + length)
        doc = restore_arcs({**doc, TOPOLOGY: {**doc[TOPOLOGY], "arcs": arcs}})
    return doc


#: Zopfli's passes over the data: more gain a few hundred bytes for seconds.
ZOPFLI_ITERATIONS = 1

#: The last page data packed, by the SHA-256 of their bytes (at most :data:`_KEPT`).
_PACKED: dict[bytes, str] = {}
_KEPT = 8


def pack_page_data(data: Any) -> str:
    """Return the page data as ``#map-data`` carries it (see the module's docstring)."""
    raw = pack_bytes(data)
    digest = hashlib.sha256(raw).digest()
    if digest not in _PACKED:
        if len(_PACKED) >= _KEPT:
            _PACKED.pop(next(iter(_PACKED)))
        # splitting into blocks after the search, not before: as small, a quarter quicker
        packed = zopfli.gzip.compress(raw, numiterations=ZOPFLI_ITERATIONS, blocksplittinglast=True)
        _PACKED[digest] = b85encode(packed)
    return _PACKED[digest]


def unpack_page_data(text: str) -> Any:
    """Return the page data :func:`pack_page_data` packed, exactly as it was."""
    return unpack_bytes(gzip.decompress(b85decode(text.strip())))
