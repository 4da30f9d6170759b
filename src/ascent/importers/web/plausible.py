"""Plausible exports (FORMATS §7.2): visits by traffic source.

``PLAUSIBLE`` reads both exports Plausible makes, as a ZIP, an unpacked folder or one file:

- the "Export data" ZIP (``imported_sources_<from>_<to>.csv``: daily rows with source and
  UTM values, read by ``plausible_imported``);
- the dashboard "Download CSV" ZIP (``sources.csv`` … totals of a range named in the ZIP's
  name, read by ``plausible_dashboard``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Record
from ascent.importers.source import Source
from ascent.importers.textfiles import header_key
from ascent.importers.web.files import head_text
from ascent.importers.web.plausible_dashboard import DAILY, SLICES, parse_dashboard
from ascent.importers.web.plausible_imported import imported_members, parse_imported

#: how a dashboard file's header starts (name-keyed slices; the daily visitors graph)
DASHBOARD_HEADERS = {"name,visitors", "date,visitors"}


class PlausibleImporter:
    """The ``Importer`` for Plausible exports; a pure parser, it never writes."""

    name = "plausible"
    channel = "web"

    def detect(self, source: Source) -> bool:
        if imported_members(source):
            return True
        files = [f for f, _ in SLICES] + [DAILY]
        return any(_dashboard_header(source, n) for n in source.find(*files))

    def parse(self, source: Source) -> Iterator[Record]:
        if imported_members(source):
            yield from parse_imported(source)
        else:
            yield from parse_dashboard(source)


def _dashboard_header(source: Source, name: str) -> bool:
    first = head_text(source, name, 256).splitlines()[:1]
    columns = header_key(first[0]).split(",") if first else []
    return ",".join(columns[:2]) in DASHBOARD_HEADERS


PLAUSIBLE = PlausibleImporter()

__all__ = ["PLAUSIBLE", "PlausibleImporter"]
