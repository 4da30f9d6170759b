"""Google Analytics 4 CSV downloads (FORMATS §7.1): sessions by traffic source as visits.

``GA4`` reads a report download (``Share › Download file › CSV``: a ``#`` preamble, one or
more tables) or an exploration download, a single file or a folder/ZIP of them. Of each
file, ONE table is read (``ga4_layout``: its tables slice the same sessions): the one with a
``Date`` dimension and the most traffic detail. With a ``Date`` each row is that day's
sessions; without one, the table is the period's totals and lands on the ``# End date``
(never spread over invented days). ``Sessions`` is the visit count; rates, ``Key events``
(or the older ``Conversions``) and revenue are not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Note, Record, Rejected
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.textfiles import header_key
from ascent.importers.web.files import csv_members, head_text
from ascent.importers.web.ga4_layout import DIMENSIONS, SESSIONS, Layout, RowError
from ascent.importers.web.ga4_report import Report, Table, read_report
from ascent.importers.web.visits import Period, Tally, is_total_row, parse_visits

#: preamble lines only GA4 writes; one of them, or a GA4 column name, marks the file
MARKERS = ("# Start date:", "# End date:", "# Property:", "# Account:")


class GA4Importer:
    """The ``Importer`` for GA4 CSV downloads; a pure parser, it never writes."""

    name = "ga4"
    channel = "web"

    def detect(self, source: Source) -> bool:
        members = csv_members(source)
        return bool(members) and all(_looks_like_ga4(head_text(source, n)) for n in members)

    def parse(self, source: Source) -> Iterator[Record]:
        for name in csv_members(source):
            yield from parse_file(source, name)


def _looks_like_ga4(head: str) -> bool:
    """A ``#`` first line (no other format Ascent reads starts so) and a GA4 marker."""
    if not head.lstrip().startswith("#"):
        return False
    keys = header_key(head)
    return any(m in head for m in MARKERS) or SESSIONS in keys or any(d in keys for d in DIMENSIONS)


def parse_file(source: Source, name: str) -> Iterator[Record]:
    """The visits of one download, then a note on what was (not) read."""
    label = source.label(name)
    with source.open_binary(name) as binary:
        report = read_report(binary, label, keep=lambda header: Layout.of(header).usable)
    table, others = choose_table(report)
    layout = Layout.of(table.header)
    tally = Tally("ga4", report.property)
    totals = None if layout.day else period_totals(report, table)
    yield from _tally_rows(report, table, layout, tally, totals)
    yield from tally.records()
    if totals is not None:
        yield Note(
            label,
            f"no Date column: the totals of {totals.raw} are placed on its "
            f"last day, {totals.day.isoformat()}",
        )
    if others:
        yield _others_note(label, table, others)


def _tally_rows(
    report: Report, table: Table, layout: Layout, tally: Tally, totals: Period | None
) -> Iterator[Rejected]:
    start = report.day("start date")
    for line, row in table.rows:
        cells = [c.strip() for c in row]
        if not any(cells) or is_total_row(cells[0]):
            continue
        try:
            period = totals or layout.day_of(cells, start[0] if start else None)
            visits = _sessions(cells, layout)
        except RowError as exc:
            yield Rejected(report.label, line, str(exc))
            continue
        tally.add(period, layout.traffic_of(cells), visits)


def _sessions(cells: list[str], layout: Layout) -> float:
    assert layout.sessions is not None
    raw = cells[layout.sessions] if layout.sessions < len(cells) else ""
    try:
        return parse_visits(raw, "Sessions")
    except ValueError as exc:
        raise RowError(str(exc)) from None


def choose_table(report: Report) -> tuple[Table, list[Table]]:
    """The table visits are read from, and the other usable ones (left out); ``InputError``
    when no table has both a traffic source dimension and ``Sessions``."""
    usable = [t for t in report.tables if Layout.of(t.header).usable]
    if not usable:
        raise _no_table(report)
    best = max(usable, key=lambda t: Layout.of(t.header).rank())  # first of equals wins
    return best, [t for t in usable if t is not best]


def _no_table(report: Report) -> InputError:
    for table in report.tables:
        if Layout.of(table.header).has_traffic:
            dims = ", ".join(table.header.names[:3])
            return InputError(
                report.label,
                f"the table '{dims}…' has no Sessions column (Ascent counts sessions as visits)",
                table.header.line,
            )
    return InputError(
        report.label,
        "no table of Sessions by traffic source (expected a "
        "'Session source / medium' or 'Session campaign' column beside "
        "'Sessions')",
    )


def period_totals(report: Report, table: Table) -> Period:
    """The period a table without a day dimension totals: the preamble's start to end."""
    end = report.day("end date")
    if end is None:
        raise InputError(
            report.label,
            "the table has no Date column and the file gives no '# End date:' for its totals",
            table.header.line,
        )
    start = report.day("start date") or end
    return Period.of_range(start[0], end[0], f"{start[1]}-{end[1]}")


def _others_note(label: str, table: Table, others: list[Table]) -> Note:
    lines = ", ".join(str(t.header.line) for t in others)
    what = Layout.of(table.header).describe(table.header)
    return Note(
        label,
        f"{len(others)} more table(s) of Sessions by traffic source (at line "
        f"{lines}) not imported: they count the same sessions again; visits read from "
        f"'{what}' (line {table.header.line})",
    )


GA4 = GA4Importer()

__all__ = ["GA4", "GA4Importer"]
