"""Every LinkedIn importer test and golden output again, on the forced columnar path.

Issue 10: "every existing test and golden output passes unchanged on both paths". The tests
of ``test_linkedin_eras``, ``test_linkedin_edges`` and ``test_linkedin_quirks`` are collected
here a second time, unchanged (their module-scoped fixtures are evaluated afresh for this
module), with ``ASCENT_IMPORT_PATH=columns`` and each ``ActivityBatch`` expanded into its
``records()`` the way the loader takes it. When the module is done, its fixture checks that
the columnar path did yield batches here, so that a fall-back everywhere cannot pass for a
proof.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import test_linkedin_edges
import test_linkedin_eras
import test_linkedin_quirks

from ascent.domain.records import ActivityBatch, Record
from ascent.importers.linkedin import LinkedInImporter
from ascent.importers.read_path import IMPORT_PATH_ENV
from ascent.importers.source import Source

_parse = LinkedInImporter.parse
#: batches the columnar path yielded while this module ran
BATCHES: list[int] = []

for _module in (test_linkedin_eras, test_linkedin_edges, test_linkedin_quirks):
    for _name, _value in vars(_module).items():
        if _name.startswith("test_") or _name in ("eras", "issue8"):
            globals()[_name] = _value


def _expanded(self: LinkedInImporter, source: Source) -> Iterator[Record]:
    for record in _parse(self, source):
        if isinstance(record, ActivityBatch):
            BATCHES.append(len(record))
            yield from record.records()
        else:
            yield record


@pytest.fixture(autouse=True, scope="module")
def _columnar_path() -> Iterator[None]:
    """Before the module-scoped fixtures that parse (autouse fixtures come first)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(IMPORT_PATH_ENV, "columns")
        patch.setattr(LinkedInImporter, "parse", _expanded)
        yield
    assert BATCHES, "the columnar path yielded no batch: every file fell back to the rows"
