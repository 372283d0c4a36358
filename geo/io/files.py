"""Read input files safely: only regular files, only so much, and name them in one line.

Every file the project reads from a path a user can give (``--add``,
``--annotations``, the layer files, display-cache entries, data files) is read
with :func:`read_bytes`. It looks at the path with ``stat`` first and refuses a
folder, a FIFO, a socket or a device at once, without opening it for reading (a
FIFO would block until someone writes to it; ``/dev/zero`` never ends). It
opens the file with ``O_NONBLOCK``, checks again on the open descriptor (the
path may have been swapped in between), refuses a file larger than the stated
limit before reading it, and never reads more than the limit plus one byte (a
file that grows while it is read is refused too).

:func:`one_line` makes any text safe to print as one line of a terminal:
control characters (newline, ESC, BEL…) and lone surrogates are escaped.
:func:`same_file` tells whether two paths name the same file by any route
(a symlink, ``..``, a hard link).
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from geo.errors import GeoError

#: The largest user file (``map --add``) read, in bytes: 64 MiB. A page with
#: users' data is capped at 1 MB (:data:`geo.page.html.MAX_PAGE_BYTES`), and a
#: GeoJSON file shrinks when it is delta-encoded for the page, so any file
#: whose layer fits in the page is far smaller than this.
USER_FILE_LIMIT = 64 * 1024 * 1024

#: The largest text file read for the panel (``--annotations``) or as a data file: 4 MiB.
TEXT_FILE_LIMIT = 4 * 1024 * 1024

#: The largest layer file or display-cache entry read: 256 MiB.
LAYER_FILE_LIMIT = 256 * 1024 * 1024


def one_line(text: object) -> str:
    r"""Return ``text`` as one printable line: control characters and lone surrogates escaped.

    Newline, carriage return, tab, ESC, BEL and every other C0 or C1 control
    character, DEL, the Unicode line and paragraph separators and lone
    surrogates (from file names that are not UTF-8) are written as ``\n``,
    ``\x1b``, ``\u2028``, ``\udcff`` and so on; everything else is kept.
    """
    out = []
    for char in str(text):
        code = ord(char)
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code in (0x2028, 0x2029) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def kind_of(mode: int) -> str:
    """Return what a file of this ``st_mode`` is, in words ("a FIFO", "a device"...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:g} MiB"


def read_bytes(
    path: Path | str,
    *,
    limit_bytes: int,
    what: str = "file",
    error: type[GeoError] = GeoError,
    missing: str = "no such file",
) -> bytes:
    """Return the content of a regular file of at most ``limit_bytes`` bytes.

    Parameters
    ----------
    path
        The file.
    limit_bytes
        The largest size accepted, in bytes.
    what
        What the file is, for the messages ("GeoJSON file", "TOML file").
    error
        The exception class raised, with a one-line message ``"<path>: <problem>"``.
    missing
        The problem stated when the file does not exist.

    Returns
    -------
    bytes
        The whole file.

    Raises
    ------
    GeoError
        (of class ``error``) If the path is missing, is not a regular file (a
        folder, FIFO, device or socket), is larger than the limit, or cannot be read.
    """
    path = Path(path)
    _refuse_unless(path, stat.S_ISREG, f"a {what}", missing=missing, error=error)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise error(f"{path}: {missing}") from None
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: is {kind_of(info.st_mode)}, expected a {what}")
        if info.st_size > limit_bytes:
            raise error(
                f"{path}: is {info.st_size:,} bytes, over the {_mib(limit_bytes)} limit of a {what}"
            )
        chunks = []
        left = limit_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit_bytes:
        raise error(f"{path}: grew over the {_mib(limit_bytes)} limit of a {what} while read")
    return data


def check_folder(path: Path | str, *, what: str, error: type[GeoError] = GeoError) -> Path:
    """Return ``path`` if it is a folder; else raise ``error`` naming what it is.

    Raises
    ------
    GeoError
        (of class ``error``) If ``path`` is missing or not a folder.
    """
    path = Path(path)
    _refuse_unless(
        path, stat.S_ISDIR, f"a folder ({what})", missing=f"{what} does not exist", error=error
    )
    return path


def _refuse_unless(
    path: Path,
    is_kind: Callable[[int], bool],
    expected: str,
    *,
    missing: str,
    error: type[GeoError],
) -> None:
    """Raise ``error`` unless ``stat`` finds ``path`` and ``is_kind`` accepts its mode.

    Nothing is opened: a FIFO or a device is named, never read. The messages are
    ``<path>: <missing>``, ``<path>: cannot be read (<why>)`` and
    ``<path>: is <what it is>, expected <expected>``.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    if not is_kind(mode):
        raise error(f"{path}: is {kind_of(mode)}, expected {expected}")


def same_file(a: Path | str, b: Path | str) -> bool:
    """Return True if ``a`` and ``b`` name the same file or folder by any route.

    Compares the resolved paths (symlinks and ``..`` followed) and, when both
    exist, their device and inode numbers (so a hard link is the same file).
    """
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def refuse_overwriting_inputs(
    output: Path | str, inputs: list[Path], error: type[GeoError] = GeoError
) -> None:
    """Raise ``error`` if ``output`` is one of ``inputs`` by any path (see :func:`same_file`).

    Raises
    ------
    GeoError
        (of class ``error``) Naming the output and the input it would overwrite.
    """
    for source in inputs:
        if same_file(output, source):
            raise error(
                f"{output}: is the input {source}; writing it would destroy it "
                "(choose another output)"
            )


#: The deepest nesting of arrays and objects accepted in a JSON file. A
#: MultiPolygon's coordinates sit 8 levels down in a FeatureCollection; the
#: rest is room for nested property values.
MAX_JSON_DEPTH = 64


def _number_text(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)} characters)"


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError(
            f"number {_number_text(text)} is out of range (not a finite double)", text
        )
    return value


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > 308:
        raise _NumberError(
            f"number {_number_text(text)} is out of range (not a finite double)", text
        )
    value = int(text)
    if abs(value) > sys.float_info.max:
        raise _NumberError(
            f"number {_number_text(text)} is out of range (not a finite double)", text
        )
    return value


def _parse_constant(name: str) -> float:
    raise _NumberError(f"JSON holds {name}, which is not a number in JSON", name)


class _NumberError(ValueError):
    """A number in JSON text that is not a finite double."""

    def __init__(self, message: str, literal: str = "") -> None:
        super().__init__(message)
        self.literal = literal


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


#: A JSON string in valid JSON text: its quotes, characters and escapes.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')

#: Bytes that are not brackets or braces (deleted to leave a text's nesting).
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")

#: Writes every digit as ``0`` and ``E`` as ``e`` (to find a number's shape with ``in``).
_NUMBER_SHAPE = bytes.maketrans(b"123456789E", b"000000000e")


def _max_depth(skeleton: bytes) -> int:
    """Return how deeply arrays and objects nest in ``skeleton`` (JSON text without strings)."""
    brackets = np.frombuffer(skeleton.translate(None, _NOT_BRACKETS), dtype=np.uint8)
    if brackets.size == 0:
        return 0
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1).astype(np.int32)
    return int(np.cumsum(steps).max())


def _may_overflow(skeleton: bytes) -> bool:
    """Return True if a number in ``skeleton`` could be beyond a double's range.

    Only a number with an exponent of three digits or more, or with more than
    308 digits in a row, can be; most files have neither, and then the exact
    check (a Python call for every number) can be skipped.
    """
    shape = skeleton.translate(_NUMBER_SHAPE)
    return b"e000" in shape or b"e+000" in shape or b"0" * 309 in shape


def _check_texts(doc: Any, path: Path | str, error: type[GeoError]) -> None:
    """Check that every key and text value in ``doc`` is UTF-8 (no lone surrogate)."""
    stack: list[Any] = [doc]
    while stack:
        obj = stack.pop()
        if isinstance(obj, dict):
            for key, value in obj.items():
                _check_text(key, path, error)
                if isinstance(value, (dict, list, str)):
                    stack.append(value)
        elif isinstance(obj, list):
            stack.extend(item for item in obj if isinstance(item, (dict, list, str)))
        else:
            _check_text(obj, path, error)


def _check_text(text: str, path: Path | str, error: type[GeoError]) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        raise error(
            f"{path}: text {one_line(text[:40])!s} holds a lone surrogate \\u{code:04x} "
            "(not a character; UTF-8 cannot hold it)"
        ) from None


def _where(text: str, exc: _NumberError) -> str:
    """Return ``line L, column C: `` of the number ``exc`` names in ``text``, or ''."""
    literal = exc.literal
    if not literal:
        return ""
    found = re.search(r"(?<![\w.+-])" + re.escape(literal) + r"(?![\w.])", text)
    if found is None:
        return ""
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return f"line {line}, column {column}: "


def parse_json(
    data: bytes, path: Path | str, error: type[GeoError] = GeoError, *, hint: str = ""
) -> Any:
    r"""Parse UTF-8 JSON bytes strictly; raise ``error`` with one line for anything else.

    Refused, besides invalid JSON and text that is not UTF-8: ``NaN`` and
    ``Infinity``, numbers that are not finite doubles (``1e400``, a 400-digit
    integer), lone surrogates (``"\ud800"``) in keys or values, and nesting
    deeper than :data:`MAX_JSON_DEPTH`. A UTF-8 byte-order mark is tolerated, as
    RFC 8259 allows parsers to.

    ``hint`` is added to the message of text that does not parse ("; truncated?").

    Raises
    ------
    GeoError
        (of class ``error``) With a one-line message naming ``path``.
    """
    if not data.strip():
        raise error(f"{path}: file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    try:
        doc = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
        # The text is valid JSON now, so one pass finds every string (on any text the
        # pattern could rescan the rest of it from every quote).
        skeleton = _JSON_STRING.sub(b'""', data)
        if _may_overflow(skeleton):
            # A number could be beyond a double: read again, each number checked (a
            # Python call each, which most files are spared).
            doc = json.loads(
                text, parse_float=_parse_float, parse_int=_parse_int, parse_constant=_parse_constant
            )
    except RecursionError:
        raise error(f"{path}: JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)") from None
    except _NumberError as exc:
        raise error(f"{path}: {_where(text, exc)}{exc}") from None
    except json.JSONDecodeError as exc:
        raise error(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}){hint}"
        ) from None
    except ValueError as exc:
        raise error(f"{path}: not valid JSON ({exc})") from None
    if _max_depth(skeleton) > MAX_JSON_DEPTH:
        raise error(f"{path}: JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
    if _SURROGATE_ESCAPE.search(data) is not None:
        _check_texts(doc, path, error)
    return doc
