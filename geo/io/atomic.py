"""Write files and folders so that a reader sees the old version or the new one, never a mix.

Every output is first written beside its target (same folder, same file
system) and then moved into place with one rename. Temporary entries are named
after their owner: ``.tmp-<name>-<host>-<pid>-<random>`` (``<name>`` shortened
so the whole stays within the file system's ``NAME_MAX``). A run removes its
own temporaries, also when it is interrupted (SIGINT, SIGTERM wait until the
few milliseconds between creating a temporary and handing it over are past); a run
that was killed leaves one behind, which a later run removes only once its
owner is provably gone (same host, no process of that id). So two runs writing
the same output never remove each other's work.

Every target replaced in this process is recorded (:func:`replaced`), so an
interrupted command can say truthfully whether its outputs changed.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import os
import secrets
import shutil
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from geo.errors import OutputError

_TMP_PREFIX = ".tmp-"
_OLD_PREFIX = ".old-"
_RENAME_EXCHANGE = 2

#: Room kept in a temporary's name for ``-<host>-<pid>-<random>`` and the prefix, in bytes.
_SUFFIX_ROOM = 48

#: The targets this process has replaced, in order (see :func:`replaced`).
_REPLACED: list[Path] = []


def replaced() -> tuple[Path, ...]:
    """Return the targets this process has replaced so far, in order."""
    return tuple(_REPLACED)


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError):
        return 255


def _stem(path: Path) -> str:
    """Return ``path``'s name, shortened so that a temporary's name stays within NAME_MAX."""
    room = max(_name_max(path.parent) - _SUFFIX_ROOM, 16)
    raw = os.fsencode(path.name)
    return path.name if len(raw) <= room else os.fsdecode(raw[:room])


def owned_name(prefix: str, path: Path) -> str:
    """Return a temporary's name for ``path``: ``<prefix><name>-<host>-<pid>-<random>``."""
    return f"{prefix}{_stem(path)}-{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}"


def owner_gone(name: str) -> bool:
    """Return True if the temporary ``name`` is owned by a process of this host that has ended."""
    parts = name.rsplit("-", 3)
    if len(parts) != 4 or parts[1] != _host_tag() or not parts[2].isdigit():
        return False
    pid = int(parts[2])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Defer SIGINT and SIGTERM in a short critical section; one that arrives acts at its end.

    Blocking the signals with ``pthread_sigmask`` is not enough: the mask is the
    calling thread's, and the kernel hands a signal sent to the process to any
    thread that does not block it (numpy's worker threads, for one); Python then
    runs its handler in the main thread at the next step, inside the section.
    So for the section's duration the Python handlers are replaced by one that
    only notes the signal, and on leaving, the previous handlers are put back
    and the noted signals handed to them (a default SIGTERM is sent again, so
    the process ends as it would have). Outside the main thread, where handlers
    cannot be changed, the section runs as it is.
    """
    held = (signal.SIGINT, signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def note(signum: int, _frame: object) -> None:
        arrived.append(signum)

    previous = {signum: signal.getsignal(signum) for signum in held}
    deferred = [s for s in held if previous[s] is not signal.SIG_IGN and previous[s] is not None]
    for signum in deferred:
        signal.signal(signum, note)
    try:
        yield
    finally:
        for signum in deferred:
            signal.signal(signum, previous[signum])
        for number in dict.fromkeys(arrived):
            handler = previous[signal.Signals(number)]
            if callable(handler):
                handler(number, None)
            else:
                os.kill(os.getpid(), number)


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


def check_target_dir(path: Path) -> None:
    """Raise :class:`~geo.errors.OutputError` if the folder ``path`` cannot be replaced."""
    _check_target(Path(path), want_dir=True)


def check_target_file(path: Path) -> None:
    """Raise :class:`~geo.errors.OutputError` if the file ``path`` cannot be replaced."""
    _check_target(Path(path), want_dir=False)


def _leftovers(path: Path, prefix: str) -> list[Path]:
    """Return the temporaries with ``prefix`` beside ``path`` whose owner is gone."""
    head = f"{prefix}{_stem(path)}-"
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(path.parent / n for n in names if n.startswith(head) and owner_gone(n))


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink()


def clean_leftovers(path: Path) -> None:
    """Remove the temporaries that killed earlier runs left beside ``path``.

    Only entries whose owner is provably gone are touched (see the module's
    docstring); a run still writing keeps its own.
    """
    path = Path(path)
    if not path.parent.is_dir():
        return
    olds = _leftovers(path, _OLD_PREFIX)
    if olds and not os.path.lexists(path):
        # Killed between the two renames of the fallback swap: put it back.
        with contextlib.suppress(OSError):
            os.rename(olds.pop(), path)
    for entry in [*_leftovers(path, _TMP_PREFIX), *olds]:
        _remove(entry)


def write_bytes_atomic(path: Path, data: bytes, *, record: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and one rename.

    Parameters
    ----------
    path
        The file to create or replace.
    data
        Its new content.
    record
        Whether to list ``path`` among :func:`replaced` (False for caches).

    Raises
    ------
    OutputError
        If the folder is missing or not writable, or ``path`` is a folder.
    """
    path = Path(path)
    _check_target(path, want_dir=False)
    clean_leftovers(path)
    tmp = path.parent / owned_name(_TMP_PREFIX, path)
    with _signals_held():
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            if record:
                _REPLACED.append(path)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_text_atomic(path: Path, text: str, *, record: bool = True) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"), record=record)


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


def _swap_in(tmp: Path, path: Path) -> None:
    """Put the folder ``tmp`` in place of ``path``; what was there ends up in ``tmp`` or gone."""
    if not os.path.lexists(path):
        try:
            os.rename(tmp, path)
        except OSError as exc:
            # Another run put its folder there first: swap with it instead.
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
        else:
            return
    if _exchange(tmp, path):
        return
    old = path.parent / owned_name(_OLD_PREFIX, path)
    os.rename(path, old)
    os.rename(tmp, path)
    os.rename(old, tmp)


def replace_dir_atomic(path: Path, fill: Callable[[Path], None]) -> None:
    """Build a folder's new content beside it, then swap it in.

    Parameters
    ----------
    path
        The folder to create or replace.
    fill
        Called with a fresh temporary folder to write the new content into.
        If it raises (or the run is interrupted), the temporary folder is
        removed and ``path`` is untouched.

    Raises
    ------
    OutputError
        If the parent folder is missing or not writable, or ``path`` is a file.
    """
    path = Path(path)
    _check_target(path, want_dir=True)
    clean_leftovers(path)
    tmp = path.parent / owned_name(_TMP_PREFIX, path)
    try:
        with _signals_held():
            try:
                tmp.mkdir(mode=0o700)
            except OSError as exc:
                raise OutputError(
                    f"{path}: cannot write in {path.parent} ({exc.strerror})"
                ) from None
        fill(tmp)
        with _signals_held():
            os.chmod(tmp, 0o755)  # noqa: S103  (a layers folder is public)
            _swap_in(tmp, path)
            _REPLACED.append(path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot replace folder ({exc.strerror})") from None
    finally:
        if os.path.lexists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
