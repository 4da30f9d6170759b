"""Format detection stays automatic: every fixture is claimed by its own importer, and only by
it; a file no importer knows is one error listing the formats Ascent knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from ascent.errors import UnknownFormat
from ascent.importers.registry import detect_format, importers
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures"
#: formats read from one file, not a folder (a Bluesky repository is one ``.car``)
SINGLE_FILE = {"bluesky"}
#: formats whose export is several files, any one of which may be claimed by nobody
MULTI_FILE = {"linkedin", "x", "mastodon", "hubspot", "plausible"}
#: fixture files that are not exports (golden outputs, generators, media inside an archive)
NOT_EXPORTS = {".json", ".py", ".png", ".jpg", ".html", ".txt"}
MEDIA = "media_attachments"


def _exports() -> list[tuple[Path, str]]:
    """(path, importer) for every export folder under tests/fixtures/<source>/<era>/ and for
    every data file in it (single files of multi-file formats may be claimed by nobody)."""
    found = []
    for source in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "mixed"):
        for era in sorted(p for p in source.iterdir() if p.is_dir()):
            if source.name not in SINGLE_FILE:
                found.append((era, source.name))
            found += [
                (f, source.name)
                for f in sorted(era.rglob("*"))
                if f.is_file() and f.suffix.lower() not in NOT_EXPORTS and MEDIA not in f.parts
            ]
    found += [(f, "ascent_csv") for f in sorted((FIXTURES / "ascent_csv").glob("*.csv"))]
    return found


def _claimers(path: Path) -> list[str]:
    with Source.open(path) as source:
        return [i.name for i in importers() if i.detect(source)]


@pytest.mark.parametrize(("path", "name"), _exports(), ids=lambda v: str(v)[-60:])
def test_only_the_right_importer_claims_a_fixture(path: Path, name: str) -> None:
    claimers = _claimers(path)
    if path.is_dir() or name not in MULTI_FILE:
        assert claimers == [name]
    else:  # one file of a multi-file export, e.g. LinkedIn's Learning.csv: ours or nobody's
        assert claimers in ([], [name])


def test_the_mixed_exports_are_told_apart() -> None:
    mixed = FIXTURES / "mixed" / "2026"
    assert {p.name: _claimers(p) for p in sorted(mixed.iterdir())} == {
        "ada@northwind.example.ics": ["ics"],
        "hubspot": ["hubspot"],
        "linkedin": ["linkedin"],
        "mastodon": ["mastodon"],
        "x": ["x"],
    }


def test_an_unknown_file_names_every_format_ascent_knows(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    known = ", ".join(i.name for i in importers())
    with pytest.raises(UnknownFormat) as caught:
        detect_format(Source.open(notes))
    assert str(caught.value) == f"{notes}: not a format Ascent knows (known: {known})"
    assert known == (
        "ascent_csv, bluesky, ga4, hubspot, ics, linkedin, mastodon, matomo, "
        "pipedrive, plausible, salesforce, x"
    )
