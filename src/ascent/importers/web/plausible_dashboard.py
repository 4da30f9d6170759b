"""Plausible's dashboard "Download CSV" ZIP (FORMATS §7.2 a): visitors by source, over a range.

The ZIP is named ``Plausible export <domain> <from>  to <to> .zip`` (double space, a space
before ``.zip``): the only place the range is written. Its ``sources.csv``, ``channels.csv``
and ``utm_*.csv`` are each the *same* visitors of the whole range, sliced another way
(``name,visitors,bounce_rate,visit_duration``), so ONE slice is read (the first of
``SLICES`` present: ``sources.csv`` in a full export) and its rows are placed on the range's
last day. ``visitors.csv`` has daily totals but no source: it is not read (a note says so).
To read another slice, import that one file from the unpacked folder.
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
from ascent.importers.textfiles import Table, cell, has_columns, member_table
from ascent.importers.web.visits import (
    Period,
    Tally,
    Traffic,
    channel_group_medium,
    parse_visits,
)

#: the slices Ascent can read, in the order it prefers them, and what their ``name`` is
SLICES = (
    ("sources.csv", "source"),
    ("channels.csv", "group"),
    ("utm_sources.csv", "source"),
    ("utm_mediums.csv", "medium"),
    ("utm_campaigns.csv", "campaign"),
    ("utm_contents.csv", "content"),
)
DAILY = "visitors.csv"
NAME_RANGE = re.compile(
    r"Plausible export (?P<domain>\S+) (?P<first>\d{4}-\d{2}-\d{2})\s+to\s+"
    r"(?P<last>\d{4}-\d{2}-\d{2})"
)
_is_header = has_columns("name")
_EXPECTED = "name,visitors,bounce_rate,visit_duration"


def parse_dashboard(source: Source) -> Iterator[Record]:
    """Visitors of the first slice present, on the range's last day, then the notes."""
    found = [(n, role) for file, role in SLICES for n in source.find(file)]
    if not found:
        raise _no_slice(source)
    name, role = found[0]
    label = source.label(name)
    domain, period = export_range(source, label)
    tally = Tally("plausible", domain)
    yield from _tally_slice(source, name, role, period, tally)
    yield from tally.records()
    last = period.day.isoformat()
    yield Note(
        label,
        f"totals of {period.raw} (unique visitors: the dashboard export has no "
        f"visits by source) placed on its last day, {last}",
    )
    yield from _left_out(source, label, [n for n, _ in found[1:]])


def export_range(source: Source, label: str) -> tuple[str, Period]:
    """The domain and range from the ZIP's (or unpacked folder's) name."""
    names = [source.path.name, *PurePosixPath(source.names()[0]).parent.parts]
    for text in names:
        found = NAME_RANGE.search(text)
        if found:
            first, last = date.fromisoformat(found["first"]), date.fromisoformat(found["last"])
            return found["domain"], Period.of_range(first, last, f"{first} to {last}")
    raise InputError(
        label,
        "the date range is only in the ZIP's name ('Plausible export "
        "<domain> <from>  to <to> .zip'): import the ZIP as downloaded",
    )


def _tally_slice(
    source: Source, name: str, role: str, period: Period, tally: Tally
) -> Iterator[Rejected]:
    with member_table(source, name, _is_header, expected=_EXPECTED) as table:
        i_name, i_count = table.header.index("name"), _count_column(table)
        for line, row in table.rows():
            label = cell(row, i_name)
            if not label:
                continue  # the trailing empty line every file ends with
            try:
                visits = parse_visits(cell(row, i_count), table.header.names[i_count])
            except ValueError as exc:
                yield Rejected(table.label, line, str(exc))
                continue
            tally.add(period, slice_traffic(role, label), visits)


def _count_column(table: Table) -> int:
    found = table.header.index("visits", "visitors")
    if found is None:
        raise InputError(
            table.label, f"no visitors column (expected {_EXPECTED})", table.header.line
        )
    return found


def slice_traffic(role: str, name: str) -> Traffic:
    """A slice row's ``name`` as the traffic source (``Direct / None`` is direct)."""
    if role == "source":
        return Traffic(source=normalise_source(name))
    if role == "group":
        return Traffic(medium=channel_group_medium(name))
    return Traffic(**{role: normalise_value(name)})


def _left_out(source: Source, label: str, others: list[str]) -> Iterator[Note]:
    if others:
        files = ", ".join(PurePosixPath(n).name for n in others)
        yield Note(
            label,
            f"{files} not imported: they count the same visitors again "
            "(import one of them on its own to read that slice instead)",
        )
    for name in source.find(DAILY):
        days = _data_rows(source, name)
        yield Note(
            source.label(name),
            f"{days} days of visitor totals without a traffic "
            "source, not imported (the visitors by source are)",
        )


def _data_rows(source: Source, name: str) -> int:
    with member_table(source, name, has_columns("date", "visitors")) as table:
        return sum(1 for _, row in table.rows() if any(c.strip() for c in row))


def _no_slice(source: Source) -> InputError:
    daily = source.find(DAILY)
    label = source.label(daily[0] if daily else source.names()[0])
    return InputError(
        label,
        "no sources.csv (or channels.csv, utm_*.csv) in this Plausible "
        "export: visitors.csv alone has no traffic source",
    )
