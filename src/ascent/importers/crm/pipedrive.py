"""SCAFFOLD: replaced by the real importer in this session."""

from __future__ import annotations

from collections.abc import Iterator

from ascent.domain.records import Record
from ascent.importers.source import Source


class _Scaffold:
    name = "pipedrive"
    channel = "crm"

    def detect(self, source: Source) -> bool:
        return False

    def parse(self, source: Source) -> Iterator[Record]:
        raise NotImplementedError


PIPEDRIVE = _Scaffold()
