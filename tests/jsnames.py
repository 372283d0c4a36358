"""The free names of a page script unit: which names it uses but does not declare.

A small scanner, not a full parser: comments, strings, template literals and
regular-expression literals are skipped; an identifier after ``.`` is a
property, one before ``:`` after ``{`` or ``,`` an object key. Declarations
(``var``/``let``/``const``, ``function`` names and parameters, ``catch``) count
for the whole file: a unit is one closure of its own, so the question is only
whether it reaches outside itself. The units are plain ES2017 (no
destructuring, no default parameters), which is what this scanner handles.
"""

from __future__ import annotations

import re

KEYWORDS = frozenset(
    """break case catch class const continue debugger default delete do else export extends
    false finally for function if import in instanceof let new null return super switch this
    throw true try typeof var void while with yield async await of""".split()
)

#: What a unit may use without declaring it: Leaflet, and the browser's and
#: the language's own globals.
ALLOWED = frozenset(
    """L window document console navigator Math Number String Object Array JSON Error Intl
    WeakMap Map Set Boolean RegExp Date Promise isFinite isNaN parseInt parseFloat
    decodeURIComponent encodeURIComponent undefined NaN Infinity arguments""".split()
)

_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"\d[\w.]*|\.\d[\w]*")
#: After one of these, a ``/`` starts a regular expression, not a division.
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "in", "of", ""}


def _string_end(source: str, i: int) -> int:
    quote, j = source[i], i + 1
    while source[j] != quote:
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _regex_end(source: str, i: int) -> int:
    j, in_class = i + 1, False
    while in_class or source[j] != "/":
        if source[j] == "\\":
            j += 1
        elif source[j] in "[]":
            in_class = source[j] == "["
        j += 1
    j += 1
    while j < len(source) and source[j].isalpha():
        j += 1
    return j


def tokens(source: str) -> list[str]:
    """Return the identifiers and punctuators of ``source``, literals left out."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c.isspace():
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif c in "'\"`":
            i = _string_end(source, i)
            out.append("'str'")
        elif c == "/" and (out[-1] if out else "") in _REGEX_AFTER:
            i = _regex_end(source, i)
            out.append("'re'")
        elif m := _IDENT.match(source, i) or _NUMBER.match(source, i):
            out.append(m.group(0) if m.re is _IDENT else "'num'")
            i = m.end()
        else:
            out.append(c)
            i += 1
    return out


def _is_name(token: str) -> bool:
    return bool(_IDENT.fullmatch(token)) and token not in KEYWORDS


def _var_names(toks: list[str]) -> set[str]:
    """Return the names of one ``var``/``let``/``const`` statement (tokens after the keyword)."""
    names: set[str] = set()
    depth, expect = 0, True
    for t in toks:
        if t in "([{":
            depth += 1
        elif t in ")]}":
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and t in ";,":
            if t == ";":
                break
            expect = True
            continue
        if expect and _is_name(t):
            names.add(t)
        expect = False
    return names


def _function_names(toks: list[str]) -> set[str]:
    """Return the name and parameters of one ``function`` (tokens after the keyword)."""
    names: set[str] = set()
    j = 0
    if _is_name(toks[j]):
        names.add(toks[j])
        j += 1
    if toks[j] == "(":
        end = toks.index(")", j)
        names.update(t for t in toks[j + 1 : end] if _is_name(t))
    return names


def declared(toks: list[str]) -> set[str]:
    """Return every name the tokens declare anywhere."""
    names: set[str] = set()
    for k, tok in enumerate(toks):
        if tok in ("var", "let", "const"):
            names |= _var_names(toks[k + 1 :])
        elif tok == "function":
            names |= _function_names(toks[k + 1 :])
        elif tok == "catch" and toks[k + 1] == "(" and _is_name(toks[k + 2]):
            names.add(toks[k + 2])
    return names


def free_names(source: str) -> set[str]:
    """Return the names ``source`` uses but neither declares nor may use (``ALLOWED``)."""
    toks = tokens(source)
    own = declared(toks)
    used = set()
    for k, tok in enumerate(toks):
        if not _is_name(tok):
            continue
        before = toks[k - 1] if k else ""
        after = toks[k + 1] if k + 1 < len(toks) else ""
        if before == ".":
            continue  # a property
        if after == ":" and before in ("{", ","):
            continue  # an object key
        used.add(tok)
    return used - own - ALLOWED
