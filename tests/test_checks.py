"""Type and lint checks, with the versions pinned in pyproject.toml's `test` extra."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT, skip_or_fail


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        skip_or_fail(f"{module} is not installed (pip install -e '.[test]')")
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("mypy",),
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
    ],
    ids=["mypy", "ruff-check", "ruff-format"],
)
def test_the_code_passes_its_checks(args):
    result = run_tool(*args)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
