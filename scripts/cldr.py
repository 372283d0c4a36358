#!/usr/bin/env python3
"""Write (or check) the CLDR-derived parts of the page's language data, with babel.

CLDR, through the ``babel`` package pinned in the test extra (``pyproject.toml``), gives:

- the names of the countries in ``geo/data/names.csv`` (cells whose source is ``CLDR``,
  looked up by the row's ``cldr_territory``);
- the block between the ``# --- CLDR`` markers of ``geo/data/i18n/<lang>.toml``: the names
  of the six languages, month names (format and stand-alone), the long date pattern, number
  symbols and digits, and the plural categories. English keeps the project's own date form
  ("8 August 2025").

    python scripts/cldr.py --check   # exit 1 and name each difference
    python scripts/cldr.py --write   # rewrite the CLDR cells and blocks in place

The map build never imports babel: the results are committed data, and
``tests/test_names.py`` checks that they still equal babel's.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

import babel
from babel import Locale, localedata

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT / "geo" / "data" / "names.csv"
I18N = ROOT / "geo" / "data" / "i18n"
LANGUAGES = ("en", "hy", "az", "ru", "tr", "fa")
BEGIN = "# --- CLDR (scripts/cldr.py writes this block; do not edit by hand) ---"
END = "# --- end of CLDR ---"
#: The digits of CLDR's numbering systems (numberingSystems.xml), which babel does not
#: expose: its number formatting changes the symbols of a system but not its digits.
DIGITS = {"latn": "0123456789", "arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}
_TOKEN = re.compile(r"'([^']*)'|(dd|d|MMMM|LLLL|y)")


def locale(code: str) -> Locale:
    """Return a fresh Locale.

    babel 2.18 resolves CLDR aliases into its shared cache: after ``az`` has been read,
    ``tr``'s stand-alone months come out in Azerbaijani. A cleared cache reads each
    locale on its own.
    """
    localedata._cache.clear()
    return Locale.parse(code)


def _pattern(cldr: str) -> str:
    names = {"dd": "{dd}", "d": "{d}", "MMMM": "{month}", "LLLL": "{month_standalone}", "y": "{y}"}
    return _TOKEN.sub(lambda m: m.group(1) if m.group(1) is not None else names[m.group(2)], cldr)


def entries(code: str) -> dict[str, str]:
    """Return the CLDR entries of one language's catalogue."""
    loc = locale(code)
    out = {f"language.{other}": loc.languages[other] for other in LANGUAGES}
    fmt = dict(loc.months["format"]["wide"])
    alone = dict(loc.months["stand-alone"]["wide"])
    for month in range(1, 13):
        out[f"date.month.{month}"] = fmt[month]
        out[f"date.month_standalone.{month}"] = alone[month]
    if code == "en":  # the project's form, as the panel writes dates now
        out["date.day_month_year"] = "{d} {month} {y}"
        out["date.month_year"] = "{month_standalone} {y}"
    else:
        out["date.day_month_year"] = _pattern(loc.date_formats["long"].pattern)
        out["date.month_year"] = _pattern(loc.datetime_skeletons["yMMMM"].pattern)
    system = loc.default_numbering_system
    symbols = loc.number_symbols[system]
    out["number.system"] = system
    out["number.decimal"] = symbols["decimal"]
    out["number.group"] = symbols["group"]
    out["number.digits"] = DIGITS[system]
    out["plural.categories"] = " ".join(sorted(loc.plural_form.tags | {"other"}))
    return out


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(code: str) -> str:
    """Return the CLDR block of ``geo/data/i18n/<code>.toml``."""
    lines = [BEGIN, f"# babel {babel.__version__}, CLDR {babel.core.get_cldr_version()}"]
    lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in entries(code).items()]
    return "\n".join([*lines, END])


def lang_file(code: str, current: str | None) -> str:
    """Return the language file with its CLDR block replaced (or a new file)."""
    new = block(code)
    if current and BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        return head + new + rest.split(END, 1)[1]
    header = (
        f"# The page's words in language {code!r}, keyed as geo/page/i18n.py describes.\n"
        "# Keys not listed here fall back to English on the page.\n\n"
    )
    return header + new + "\n"


def names_csv(text: str) -> str:
    """Return names.csv with every CLDR cell set to CLDR's territory name."""
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    fields = list(rows[0].keys())
    for code in LANGUAGES[1:]:
        loc = locale(code)
        for row in rows:
            if row[f"source_{code}"] == "CLDR":
                row[code] = loc.territories[row["cldr_territory"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Check or write the CLDR data; return the exit status."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = args.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    opts = args.parse_args(argv)
    targets = {NAMES: names_csv(NAMES.read_text(encoding="utf-8"))}
    for code in LANGUAGES:
        path = I18N / f"{code}.toml"
        targets[path] = lang_file(code, path.read_text(encoding="utf-8") if path.exists() else None)
    stale = [p for p, text in targets.items() if not p.exists() or p.read_text("utf-8") != text]
    if opts.write:
        for path in stale:
            path.write_text(targets[path], encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    for path in stale:
        print(
            f"{path.relative_to(ROOT)}: differs from CLDR (run scripts/cldr.py --write)",
            file=sys.stderr,
        )
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
