"""The page's stylesheets: one per control beside it, one rule block per selector and state."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import ROOT

from geo.page import html as page

JS_DIR = ROOT / "geo" / "static" / "js"
SHEETS = [name for name in page.manifest() if name.endswith(".css")]
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def blocks(css: str) -> list[tuple[str | None, str]]:
    """Return every rule as (its @media condition or None, its selector), in order."""
    css = _COMMENT.sub("", css)
    out: list[tuple[str | None, str]] = []
    media: str | None = None
    depth = 0
    head = ""
    for char in css:
        if char == "{":
            selector = " ".join(head.split())
            if depth == 0 and selector.startswith("@media"):
                media = selector
            elif depth == 0 or media is not None:
                out.append((media, selector))
            depth += 1
            head = ""
        elif char == "}":
            depth -= 1
            if depth == 0:
                media = None
            head = ""
        elif char == ";" and depth == 0:
            head = ""
        else:
            head += char
    return out


def test_the_split_finds_rules_inside_and_outside_media():
    rules = blocks("a{x:1} /* b{} */ @media print { a {y:2} .b, .c {z:3} } a:hover{x:2}")
    assert rules == [
        (None, "a"),
        ("@media print", "a"),
        ("@media print", ".b, .c"),
        (None, "a:hover"),
    ]


@pytest.mark.parametrize("sheet", SHEETS)
def test_one_rule_block_per_selector_and_state(sheet):
    css = (JS_DIR / sheet).read_text(encoding="utf-8")
    repeated = [key for key, n in Counter(blocks(css)).items() if n > 1]
    assert not repeated, repeated
    conditions = re.findall(r"^@media ([^{]+)\{", _COMMENT.sub("", css), flags=re.M)
    assert len(conditions) == len(set(conditions)), conditions


@pytest.mark.parametrize("unit", [n for n in page.manifest()])
def test_comments_name_only_files_that_exist(unit):
    text = (JS_DIR / unit).read_text(encoding="utf-8")
    for comment in re.findall(r"/\*.*?\*/|//[^\n]*", text, flags=re.S):
        for path in re.findall(r"\b[\w./-]+/[\w.-]+\.(?:py|js|css|toml|csv|json)\b", comment):
            assert (ROOT / path).is_file() or (JS_DIR / path).is_file(), (unit, path)
