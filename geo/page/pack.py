r"""How the page data travels inside the HTML: shared arcs, gzip, then base 85.

The model (:func:`geo.page.model.page_data`) is packed in three steps, each undone
by ``geo/static/js/core/pack.js`` in the page (and by :func:`unpack_page_data` here):

1. the lines and rings the layers share are stored once
   (:func:`geo.page.codec.share_arcs`);
2. compact JSON, gzipped at level 9 with no time stamp (the same data gives the same
   bytes, so builds stay byte-identical);
3. base 85 over :data:`ALPHABET`: every 4 bytes become 5 characters (25 % more than
   the bytes, where base64 adds 33 %). The alphabet is printable ASCII without
   ``< > & " ' \ / -`` and the backtick, so the text is valid UTF-8, can never close
   its ``<script>`` element or open markup or a comment in it, and needs no escaping.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import numpy as np

from geo.errors import LayerError
from geo.page.codec import restore_arcs, share_arcs

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


def pack_page_data(data: Any) -> str:
    """Return the page data as ``#map-data`` carries it (see the module's docstring)."""
    shared = share_arcs(data) if isinstance(data, dict) else data
    text = json.dumps(shared, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return b85encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def unpack_page_data(text: str) -> Any:
    """Return the page data :func:`pack_page_data` packed, exactly as it was."""
    data = json.loads(gzip.decompress(b85decode(text.strip())))
    return restore_arcs(data) if isinstance(data, dict) else data
