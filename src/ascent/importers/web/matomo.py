"""Matomo Reporting API CSV (``format=CSV``, FORMATS §7.3): visits by referrer as outcomes.

``MATOMO`` reads one file (or a folder/ZIP of them) of ``Referrers.*`` reports: UTF-16LE
with a BOM by default or UTF-8 with ``convertToUnicode=0`` (``textfiles`` sniffs which),
raw metric names (``label,nb_uniq_visitors,nb_visits,…``, ``metadata_*``,
``idsubdatatable``). ``nb_visits`` is the visit count. A multi-period request
(``date=last30``) puts a ``date`` column first: one outcome per day (a week or month total
lands on its last day). A single-period file has no date, so its day must be in the file
name (Matomo's own ``Export _ <report> _ Friday, March 1, 2024.csv``, or an ISO date).
The literal body ``No data available`` is no visits: a note, not an error.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime

from ascent.domain.records import Note, Record, Rejected
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.textfiles import Table, header_delimiter, header_key, member_table
from ascent.importers.web.files import csv_members, head_text
from ascent.importers.web.matomo_reports import infer_report, not_referrers
from ascent.importers.web.visits import Period, Tally, parse_visits

NO_DATA = "No data available"
VISITS = ("nb_visits", "Visits")  # raw name; the translated one (translateColumnNames=1)
_EXPECTED = "label,nb_uniq_visitors,nb_visits,…"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_LONG = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(\d{1,2}),?\s+(\d{4})"
)


def _is_header(row: list[str]) -> bool:
    keys = {header_key(c) for c in row}
    return "label" in keys and any(header_key(v) in keys for v in VISITS)


class MatomoImporter:
    """The ``Importer`` for Matomo API CSV; a pure parser, it never writes."""

    name = "matomo"
    channel = "web"

    def detect(self, source: Source) -> bool:
        members = csv_members(source)
        return bool(members) and all(_looks_like_matomo(head_text(source, n)) for n in members)

    def parse(self, source: Source) -> Iterator[Record]:
        for name in csv_members(source):
            yield from parse_file(source, name)


def _looks_like_matomo(head: str) -> bool:
    if head.strip() == NO_DATA:
        return True
    first = head.splitlines()[:2]  # a multi-period file starts "date,label,…"
    # an Excel re-save may have turned the commas into ';' (or tabs)
    return header_delimiter(first, _is_header) is not None


def parse_file(source: Source, name: str) -> Iterator[Record]:
    label = source.label(name)
    if head_text(source, name, 64).strip() == NO_DATA:
        yield Note(label, f"'{NO_DATA}': Matomo had no visits for this request, nothing imported")
        return
    with member_table(source, name, _is_header, expected=_EXPECTED) as table:
        columns = _Columns(table)
        rows = [(line, cells) for line, cells in table.cells() if any(cells)]
    evidence = columns.evidence(rows)
    other = not_referrers(name, list(table.header.names), evidence[2])
    if other is not None:
        raise InputError(
            label,
            f"not a referrers report: {other}; Ascent reads Matomo's "
            "Referrers reports (Channel Type, Websites, Social Networks, Search "
            "Engines, Campaigns)",
        )
    report = infer_report(name, *evidence, per_row=columns.per_row)
    fixed = None if columns.has_date else day_from_name(name, label)
    tally = Tally("matomo", None)
    for line, cells in rows:
        try:
            period = fixed or period_of(cells[columns.date])
            visits = parse_visits(cells[columns.visits], "nb_visits")
        except ValueError as exc:
            yield Rejected(label, line, str(exc))
            continue
        tally.add(period, report.traffic(cells[columns.label], cells[columns.type]), visits)
    yield from tally.records()
    yield Note(label, f"labels read as {report.description}")


class _Columns:
    """Where the columns Ascent reads are (``Table.cells`` pads a missing one with '')."""

    def __init__(self, table: Table) -> None:
        header = table.header
        self.has_date = header.index("date") is not None
        self.per_row = header.index("metadata_referer_type") is not None
        self.date, self.label = header.slot("date"), header.slot("label")
        self.visits = header.slot(*VISITS)
        self.type = header.slot("metadata_referer_type")
        self.logo, self.segment = header.slot("metadata_logo"), header.slot("metadata_segment")

    def evidence(self, rows: list[tuple[int, list[str]]]) -> tuple[list[str], list[str], list[str]]:
        """Labels, logos and segments: what ``infer_report`` reads the report from."""
        cells = [c for _, c in rows]
        return (
            [c[self.label] for c in cells],
            [c[self.logo] for c in cells],
            [c[self.segment] for c in cells],
        )


def period_of(raw: str) -> Period:
    """A ``date`` cell: a day (``2024-03-01``), a range (``2024-03-04,2024-03-10``) or a month
    (``2024-03``); a period's total lands on its last day."""
    try:
        days = [date.fromisoformat(d) for d in _ISO.findall(raw)]
        if len(days) == 1 and raw.strip() == days[0].isoformat():
            return Period.of_day(days[0], raw)
        if len(days) == 2:
            return Period.of_range(days[0], days[1], raw)
        month = _MONTH.match(raw.strip())
        if month:
            year, number = int(month[1]), int(month[2])
            last = calendar.monthrange(year, number)[1]
            return Period.of_range(date(year, number, 1), date(year, number, last), raw)
    except ValueError:  # also calendar.IllegalMonthError
        pass
    raise ValueError(f"unreadable date {raw!r} (expected YYYY-MM-DD)")


def day_from_name(name: str, label: str) -> Period:
    """The day (or period) a single-period file covers, from its name."""
    base = name.rsplit("/", 1)[-1]
    iso, long = _ISO.findall(base), _LONG.search(base)
    try:
        if iso:
            days = [date.fromisoformat(d) for d in iso]
            return Period.of_range(days[0], days[-1], " to ".join(iso))
        if long:
            day = datetime.strptime(" ".join(long.groups()), "%B %d %Y").date()  # noqa: DTZ007
            return Period.of_day(day, long.group(0))
    except ValueError:
        raise InputError(label, "the date in the file name is not a real day") from None
    raise InputError(
        label,
        "no date column and no date in the file name: request several "
        "periods (date=last30 gives one row per day) or keep Matomo's download "
        "name, which holds the date",
    )


MATOMO = MatomoImporter()

__all__ = ["MATOMO", "MatomoImporter"]
