"""The type and lint checks run as their own CI step, with the versions the test extra pins.

Running mypy and ruff inside pytest cost the quick run over 30 s, so ``.ci/run``
runs them before the tests; these tests check that it does, and that it still
runs exactly the README's test command.
"""

from __future__ import annotations

import re
import tomllib

from helpers import ROOT

CI = ROOT / ".ci" / "run"

#: The checks, as the contributor guide and CI run them.
CHECKS = (".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy")


def ci_commands() -> list[str]:
    """Return the commands of ``.ci/run``, comments and blank lines cut."""
    lines = [line.split(" #")[0].strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_ci_runs_the_type_and_lint_checks_before_the_tests():
    commands = ci_commands()
    tests = next(i for i, c in enumerate(commands) if "-m pytest" in c)
    for check in CHECKS:
        assert check in commands[:tests], check


def test_the_checks_are_pinned_in_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    test_extra = project["optional-dependencies"]["test"]
    for tool in ("ruff", "mypy"):
        assert any(re.fullmatch(rf"{tool}==\d+(\.\d+)+", req) for req in test_extra), tool


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    (command,) = [
        line.strip() for block in blocks for line in block.splitlines() if "-m pytest" in line
    ]
    assert [c for c in ci_commands() if "-m pytest" in c] == [command]
