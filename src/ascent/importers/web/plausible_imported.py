"""Plausible's "Export data" ZIP (FORMATS §7.2 b): ``imported_sources_<from>_<to>.csv``.

The format Plausible re-imports, one row per day and traffic source, every string quoted:
``"date","source","utm_medium","utm_campaign","utm_content","utm_term","visitors","visits",…``
(newer versions add ``referrer``, ``utm_source`` and ``pageviews``: columns are read by
name). An empty ``source`` is direct traffic. ``visits`` is the visit count (``visitors``
when a file has no ``visits``). The other ``imported_*`` tables (visitors, pages, locations,
devices …) hold no traffic source and are not read. The ZIP's name
(``<domain_with_underscores>-<from>-<to>.zip``) gives the site when it is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath

from ascent.domain.records import Note, Record, Rejected
from ascent.domain.traffic import normalise_source, normalise_value
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, has_columns, member_table
from ascent.importers.web.visits import Period, Tally, Traffic, parse_visits

IMPORTED = re.compile(r"^imported_(?P<table>[a-z_]+)_\d{8}_\d{8}\.csv$", re.IGNORECASE)
ARCHIVE = re.compile(r"^(?P<domain>[^\s/]+?)-\d{8}-\d{8}\b")
_is_header = has_columns("date", "source")
_EXPECTED = '"date","source","utm_medium","utm_campaign","utm_content",…,"visits"'


def imported_members(source: Source) -> dict[str, list[str]]:
    """The ``imported_*`` members by table (``sources``, ``visitors``, ``pages`` …)."""
    found: dict[str, list[str]] = {}
    for name in source.names():
        match = IMPORTED.match(PurePosixPath(name).name)
        if match:
            found.setdefault(match["table"].lower(), []).append(name)
    return found


def parse_imported(source: Source) -> Iterator[Record]:
    tables = imported_members(source)
    names = tables.pop("sources", [])
    if not names:
        first = next(iter(tables.values()))[0]
        raise InputError(
            source.label(first),
            "no imported_sources_*.csv in this Plausible "
            "export: it holds no visits by traffic source",
        )
    for name in names:
        yield from _parse_sources(source, name)
    if tables:
        left = sorted(PurePosixPath(n).name for ns in tables.values() for n in ns)
        yield Note(
            source.label(names[0]),
            f"{len(left)} other imported_* tables not imported "
            f"({', '.join(left)}): they hold no traffic source",
        )


def _parse_sources(source: Source, name: str) -> Iterator[Record]:
    tally = Tally("plausible", site_of(source))
    with member_table(source, name, _is_header, expected=_EXPECTED) as table:
        columns = _Columns.of(table)
        for line, cells in table.cells():
            if not any(cells):
                continue
            try:
                day, visits = columns.day_and_visits(cells)
            except ValueError as exc:
                yield Rejected(table.label, line, str(exc))
                continue
            tally.add(Period.of_day(day, cells[columns.date]), columns.traffic(cells), visits)
    yield from tally.records()


def site_of(source: Source) -> str | None:
    """The site's domain from ``ada_example-20240301-20240331.zip`` (dots as underscores)."""
    found = ARCHIVE.match(source.path.name)
    return found["domain"].replace("_", ".") if found else None


class _Columns:
    """Where the columns Ascent reads are (``Table.cells`` pads a missing one with '')."""

    def __init__(self, table: Table) -> None:
        slot = table.header.slot
        self.date, self.source = slot("date"), slot("source")
        self.utm_source, self.referrer = slot("utm_source"), slot("referrer")
        self.medium, self.campaign = slot("utm_medium"), slot("utm_campaign")
        self.content = slot("utm_content")
        self.count = slot("visits", "visitors")

    @classmethod
    def of(cls, table: Table) -> _Columns:
        if table.header.index("visits", "visitors") is None:
            raise InputError(
                table.label,
                f"no visits or visitors column (expected {_EXPECTED})",
                table.header.line,
            )
        return cls(table)

    def day_and_visits(self, cells: list[str]) -> tuple[date, float]:
        """The row's day and visit count; ``ValueError`` with the reason otherwise."""
        raw_day, raw_count = cells[self.date], cells[self.count]
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise ValueError(f"unreadable date {raw_day!r} (expected YYYY-MM-DD)") from None
        return day, parse_visits(raw_count)

    def traffic(self, cells: list[str]) -> Traffic:
        """``source`` (Plausible's own name for it: ``LinkedIn``, ``Google``), else the raw
        ``utm_source`` or referrer; all empty is direct."""
        raw = cells[self.source] or cells[self.utm_source] or cells[self.referrer]
        return Traffic(
            normalise_source(raw),
            normalise_value(cells[self.medium]),
            normalise_value(cells[self.campaign]),
            normalise_value(cells[self.content]),
        )
