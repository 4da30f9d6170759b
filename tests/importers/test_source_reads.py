"""A member is judged against the caps when an importer opens it, not when the export is
opened: a video no importer reads never refuses an export, the same bytes under a name the
importer reads do, before anything is committed (docs/formats/limits.md)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.importers.limits import MIB, Limits
from ascent.importers.source import Source
from ascent.service.imports import import_paths
from ascent.store.models import Activity, ImportBatch

ERA = Path(__file__).parents[1] / "fixtures" / "linkedin" / "2024"
#: scaled down: the video is over the member cap, the total cap and (deflated) the ratio
LIMITS = Limits(member_bytes=MIB, total_bytes=4 * MIB)
VIDEO = bytes(5 * MIB)


def export(tmp_path: Path, kind: str, member: str) -> Path:
    """The 2024 LinkedIn export as a folder or a deflated ZIP, with ``VIDEO`` as ``member``."""
    folder = tmp_path / "Basic_LinkedInDataExport"
    shutil.copytree(ERA, folder, ignore=shutil.ignore_patterns("expected.json"))
    (folder / member).parent.mkdir(exist_ok=True)
    (folder / member).write_bytes(VIDEO)
    if kind == "folder":
        return folder
    target = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, path.relative_to(folder).as_posix())
    return target


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_a_large_video_no_importer_reads_does_not_refuse_the_export(
    engine: Engine, tmp_path: Path, kind: str
) -> None:
    expected = json.loads((ERA / "expected.json").read_text(encoding="utf-8"))["counts"]
    path = export(tmp_path, kind, "media/video.mp4")
    with scoped_unit_of_work(engine, write=True) as uow:
        report = import_paths(uow, paths=[path], limits=LIMITS).to_dict()
    assert report["counts"] == expected


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("folder", r"Basic_LinkedInDataExport/messages\.csv"),
        ("zip", r"Basic_LinkedInDataExport\.zip:messages\.csv"),
    ],
)
def test_the_same_bytes_under_a_name_the_importer_reads_are_refused_and_nothing_is_written(
    engine: Engine, tmp_path: Path, kind: str, label: str
) -> None:
    path = export(tmp_path / "bad", kind, "messages.csv")
    refused = label + r": member too large to import: 5242880 bytes uncompressed, over the cap "
    refused += r"of 1048576 \(ASCENT_LIMIT_MEMBER_BYTES\)$"
    # the good export is loaded first, in the same transaction, and rolled back with it
    with scoped_unit_of_work(engine, write=True) as uow, pytest.raises(InputError, match=refused):
        import_paths(uow, paths=[ERA, path], limits=LIMITS)
    assert (count(engine, ImportBatch), count(engine, Activity)) == (0, 0)


@pytest.mark.parametrize("single", [False, True])
def test_a_file_that_cannot_be_read_is_worded_as_a_file_not_a_zip_member(
    tmp_path: Path, single: bool
) -> None:
    (tmp_path / "export").mkdir()
    path = tmp_path / "export" / "messages.csv"
    path.write_text("CONVERSATION ID\n", encoding="utf-8")
    with Source.open(path if single else path.parent) as source:
        path.unlink()  # gone between listing and reading
        with pytest.raises(
            InputError, match=r"export/messages\.csv: unreadable file \(\[Errno 2\]"
        ):
            source.read_bytes("messages.csv")
