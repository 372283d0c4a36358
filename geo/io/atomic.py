"""Write files and folders so that a reader sees the old version or the new one, never a mix.

Every output is first written beside its target (same folder, same file
system) and then moved into place with one rename. A run that is killed leaves
at most a hidden temporary entry behind, which the next run removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from geo.errors import OutputError

_TMP_PREFIX = ".tmp-"
_OLD_PREFIX = ".old-"
_RENAME_EXCHANGE = 2


def _check_target(path: Path, *, want_dir: bool) -> None:
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{path}: {parent} is a file, not a folder")
    if not parent.is_dir():
        raise OutputError(f"{path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: folder {parent} is not writable")
    if want_dir and path.exists() and not path.is_dir():
        raise OutputError(f"{path}: exists and is not a folder")
    if not want_dir and path.is_dir():
        raise OutputError(f"{path}: is a folder, expected a file path")


def clean_leftovers(path: Path) -> None:
    """Remove temporary entries an interrupted earlier run left beside ``path``."""
    parent = path.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f"{_OLD_PREFIX}{path.name}-*"))
    if olds and not path.exists():
        # Killed between the two renames of the fallback swap: put it back.
        os.rename(olds[-1], path)
    for prefix in (_TMP_PREFIX, _OLD_PREFIX):
        for entry in parent.glob(f"{prefix}{path.name}-*"):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and one rename.

    Raises
    ------
    OutputError
        If the folder is missing or not writable, or ``path`` is a folder.
    """
    path = Path(path)
    _check_target(path, want_dir=False)
    clean_leftovers(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{_TMP_PREFIX}{path.name}-", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux ``renameat2(RENAME_EXCHANGE)``.

    Returns False where the call is not available, so the caller falls back.
    """
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir_atomic(path: Path, fill: Callable[[Path], None]) -> None:
    """Build a folder's new content beside it, then swap it in.

    Parameters
    ----------
    path
        The folder to create or replace.
    fill
        Called with a fresh temporary folder to write the new content into.
        If it raises, the temporary folder is removed and ``path`` is untouched.

    Raises
    ------
    OutputError
        If the parent folder is missing or not writable, or ``path`` is a file.
    """
    path = Path(path)
    _check_target(path, want_dir=True)
    clean_leftovers(path)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{path.name}-", dir=path.parent))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)  # noqa: S103  (mkdtemp makes it 0700; a layers folder is public)
        if not path.exists():
            os.rename(tmp, path)
            return
        if _exchange(tmp, path):
            shutil.rmtree(tmp)
            return
        old = path.parent / f"{_OLD_PREFIX}{path.name}-{os.getpid()}"
        os.rename(path, old)
        os.rename(tmp, path)
        shutil.rmtree(old)
    except OSError as exc:
        raise OutputError(f"{path}: cannot replace folder ({exc.strerror})") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
