"""A small, deterministic PNG writer and reader for palette images.

The writer's bytes depend only on the pixels and the palette: no time, text or
other varying chunk, filter type 0 on every row, zlib at level 9. (zlib's
level-9 output is stable across its 1.2 and 1.3 releases; another deflate,
such as zlib-ng, would write different but equally valid bytes, so tests
compare decoded pixels as well as hashes.) The reader decodes what the writer
writes: palette images (colour type 3) of bit depth 1, 2, 4 or 8, not
interlaced, filter type 0.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: PNG colour type of palette images.
PALETTE = 3

Rgba = tuple[int, int, int, int]


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def bit_depth(colours: int) -> int:
    """Return the smallest PNG bit depth (1, 2, 4 or 8) whose samples index ``colours``."""
    for depth in (1, 2, 4, 8):
        if colours <= 1 << depth:
            return depth
    raise ValueError(f"a palette holds at most 256 colours, not {colours}")


def _pack_rows(indices: np.ndarray, depth: int) -> np.ndarray:
    """Pack palette indices into bytes, ``8 // depth`` a byte, the first in the high bits."""
    if depth == 8:
        return indices.astype(np.uint8)
    per_byte = 8 // depth
    rows, cols = indices.shape
    padded = np.zeros((rows, -(-cols // per_byte) * per_byte), dtype=np.uint8)
    padded[:, :cols] = indices
    groups = padded.reshape(rows, -1, per_byte)
    packed = np.zeros(groups.shape[:2], dtype=np.uint8)
    for k in range(per_byte):
        packed |= (groups[:, :, k] << (8 - depth * (k + 1))).astype(np.uint8)
    return packed


def encode_indexed(indices: np.ndarray, palette: list[Rgba]) -> bytes:
    """Return a palette PNG of ``indices``, with the palette's alpha in a tRNS chunk.

    Parameters
    ----------
    indices
        2-D array of palette indices, rows top to bottom.
    palette
        RGBA colours, 0-255 each; at most 256.

    Returns
    -------
    bytes
        The PNG file: IHDR, PLTE, tRNS, one IDAT (filter 0, zlib level 9), IEND.

    Raises
    ------
    ValueError
        If ``indices`` is not 2-D, is empty, or holds an index outside the palette.
    """
    indices = np.asarray(indices)
    if indices.ndim != 2 or 0 in indices.shape:
        raise ValueError(f"indices must be a non-empty 2-D array, not shape {indices.shape}")
    if int(indices.min()) < 0 or int(indices.max()) >= len(palette):
        raise ValueError(f"indices must lie in 0..{len(palette) - 1}")
    depth = bit_depth(len(palette))
    rows, cols = indices.shape
    packed = _pack_rows(indices, depth)
    scanlines = np.concatenate([np.zeros((rows, 1), dtype=np.uint8), packed], axis=1)
    alpha = bytes(a for *_rgb, a in palette).rstrip(b"\xff")
    return b"".join(
        [
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", cols, rows, depth, PALETTE, 0, 0, 0)),
            _chunk(b"PLTE", bytes(c for r, g, b, _a in palette for c in (r, g, b))),
            *([_chunk(b"tRNS", alpha)] if alpha else []),
            _chunk(b"IDAT", zlib.compress(scanlines.tobytes(), 9)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file (bad signature)")
    pos, out = len(SIGNATURE), []
    while pos < len(data):
        if pos + 8 > len(data):
            raise ValueError("truncated PNG chunk")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        crc = data[pos + 8 + length : pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise ValueError(f"truncated PNG chunk {kind!r}")
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + body) & 0xFFFFFFFF:
            raise ValueError(f"PNG chunk {kind!r} fails its CRC")
        out.append((kind, body))
        pos += 12 + length
        if kind == b"IEND":
            return out
    raise ValueError("PNG file lacks its IEND chunk")


def decode_indexed(data: bytes) -> tuple[np.ndarray, list[Rgba]]:
    """Decode a palette PNG as :func:`encode_indexed` writes it.

    Returns
    -------
    tuple of numpy.ndarray and list
        The palette indices (uint8, rows top to bottom) and the RGBA palette.

    Raises
    ------
    ValueError
        If the file is not a non-interlaced palette PNG with filter 0, or is damaged.
    """
    chunks = _chunks(data)
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise ValueError("PNG file does not start with IHDR")
    cols, rows, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    if (
        colour != PALETTE
        or depth not in (1, 2, 4, 8)
        or (compression, filtering, interlace)
        != (
            0,
            0,
            0,
        )
    ):
        raise ValueError("not a non-interlaced palette PNG (colour type 3)")
    body = {kind: b for kind, b in chunks if kind in (b"PLTE", b"tRNS")}
    if b"PLTE" not in body or len(body[b"PLTE"]) % 3:
        raise ValueError("palette PNG lacks a valid PLTE chunk")
    rgb = np.frombuffer(body[b"PLTE"], dtype=np.uint8).reshape(-1, 3)
    alpha = np.full(len(rgb), 255, dtype=np.uint8)
    trns = np.frombuffer(body.get(b"tRNS", b""), dtype=np.uint8)[: len(rgb)]
    alpha[: len(trns)] = trns
    try:
        raw = zlib.decompress(b"".join(b for kind, b in chunks if kind == b"IDAT"))
    except zlib.error as exc:
        raise ValueError(f"PNG image data cannot be inflated ({exc})") from None
    per_byte = 8 // depth
    stride = -(-cols // per_byte)
    if len(raw) != rows * (1 + stride):
        raise ValueError("PNG image data does not match its width and height")
    lines = np.frombuffer(raw, dtype=np.uint8).reshape(rows, 1 + stride)
    if lines[:, 0].any():
        raise ValueError("PNG rows use a filter other than 0")
    packed = lines[:, 1:]
    indices = np.zeros((rows, stride * per_byte), dtype=np.uint8)
    for k in range(per_byte):
        indices[:, k::per_byte] = (packed >> (8 - depth * (k + 1))) & ((1 << depth) - 1)
    indices = indices[:, :cols]
    if int(indices.max()) >= len(rgb):
        raise ValueError("PNG pixel indexes beyond its palette")
    palette = [(int(r), int(g), int(b), int(a)) for (r, g, b), a in zip(rgb, alpha, strict=True)]
    return indices, palette


def decode_rgba(data: bytes) -> np.ndarray:
    """Decode a palette PNG to RGBA pixels (uint8, shape rows × cols × 4).

    Raises
    ------
    ValueError
        As :func:`decode_indexed`.
    """
    indices, palette = decode_indexed(data)
    return np.asarray(palette, dtype=np.uint8)[indices]
