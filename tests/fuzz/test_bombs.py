"""Bombs are refused with one line naming the file and member, from what the archive declares,
before anything is inflated: a ZIP member (or a file of a folder) when an importer opens it,
which is before anything is committed; a tar while it is listed, since listing inflates it.
The caps come from ``Limits`` (docs/formats/limits.md)."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest
from fuzzing import check

from ascent.errors import InputError
from ascent.importers.limits import MIB, Limits
from ascent.importers.registry import detect_format
from ascent.importers.source import Source

ZEROS = 64 * MIB
PROFILE = "First Name,Last Name,Headline\nAda,Example,Sales\n"


def zip_of_zeros(path: Path, size: int = ZEROS, names: tuple[str, ...] = ("messages.csv",)) -> Path:
    """A LinkedIn export whose ``names`` are deflated members of ``size`` zeros, written in
    chunks (they compress ~1000-fold)."""
    chunk = bytes(MIB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Profile.csv", PROFILE)
        for name in names:
            with zf.open(name, "w") as fh:
                for _ in range(size // MIB):
                    fh.write(chunk)
    return path


def tar_gz_of_zeros(path: Path, size: int = ZEROS) -> Path:
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo("outbox.json")
        info.size = size
        tar.addfile(info, io.BytesIO(bytes(size)))
    return path


def lying_tar_gz(path: Path, info: tarfile.TarInfo) -> Path:
    """A header that declares ``info.size`` bytes, and only a few kilobytes behind it."""
    path.write_bytes(gzip.compress(info.tobuf(tarfile.PAX_FORMAT) + bytes(4096)))
    return path


def refused_when_read(path: Path, limits: Limits, match: str) -> None:
    """``Source.open`` only lists the export; it is refused with ``match`` when its importer
    opens the member, before that member is inflated (an import's parse runs inside its
    transaction, so nothing of it is committed)."""
    with Source.open(path, limits) as source, pytest.raises(InputError, match=match):
        for _ in detect_format(source).parse(source):
            pass


def test_a_zip_bomb_is_refused_by_its_ratio_when_its_member_is_opened(tmp_path: Path) -> None:
    refused_when_read(
        zip_of_zeros(tmp_path / "export.zip"),
        Limits(),
        r"export\.zip:messages\.csv: member too large to import: inflates \d+-fold \(67108864 "
        r"bytes from \d+\), over the cap of 200 \(ASCENT_LIMIT_COMPRESSION_RATIO\)$",
    )


def test_a_zip_member_over_the_member_cap_is_refused(tmp_path: Path) -> None:
    refused_when_read(
        zip_of_zeros(tmp_path / "export.zip"),
        Limits(member_bytes=32 * MIB),
        r"export\.zip:messages\.csv: member too large to import: 67108864 bytes uncompressed, "
        r"over the cap of 33554432 \(ASCENT_LIMIT_MEMBER_BYTES\)$",
    )


def test_the_members_read_of_a_zip_over_the_total_cap_are_refused(tmp_path: Path) -> None:
    names = ("messages0.csv", "messages1.csv", "messages2.csv")
    path = zip_of_zeros(tmp_path / "export.zip", 2 * MIB, names)
    limits = Limits(total_bytes=5 * MIB, compression_ratio=10**6)
    with Source.open(path, limits) as source:
        for name in ("messages0.csv", "messages1.csv", "messages0.csv"):  # counted once each
            with source.open_binary(name) as fh:
                assert len(fh.read()) == 2 * MIB
        over = r"export\.zip:messages2\.csv: archive too large to import: 6291456 bytes "
        over += r"uncompressed with the members read before it, over the cap of 5242880 "
        with pytest.raises(InputError, match=over + r"\(ASCENT_LIMIT_TOTAL_BYTES\)$"):
            source.read_bytes("messages2.csv")


def test_a_zip_header_that_declares_4_gb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Profile.csv", PROFILE)
        zf.writestr("messages.csv", b"," * 200)
    raw = path.read_bytes()
    at = raw.rindex(b"PK\x01\x02") + 24  # the central directory's uncompressed size
    path.write_bytes(raw[:at] + struct.pack("<I", 0xFFFFFFF0) + raw[at + 4 :])
    match = r"export\.zip:messages\.csv: member too large to import: inflates"
    refused_when_read(path, Limits(), match)


def test_a_tar_gz_bomb_is_refused_while_it_is_listed(tmp_path: Path) -> None:
    path = tar_gz_of_zeros(tmp_path / "archive.tar.gz")
    with pytest.raises(
        InputError,
        match=r"archive\.tar\.gz:outbox\.json: archive too large to "
        r"import: inflates \d+-fold \(67108864 bytes up to this member from \d+\), "
        r"over the cap of 200 \(ASCENT_LIMIT_COMPRESSION_RATIO\)$",
    ):
        Source.open(path)


def test_a_tar_header_that_declares_6_gb_is_refused_without_inflating(tmp_path: Path) -> None:
    info = tarfile.TarInfo("outbox.json")
    info.size = 6 * 1024**3
    path = lying_tar_gz(tmp_path / "archive.tar.gz", info)
    with pytest.raises(
        InputError,
        match=r"archive\.tar\.gz:outbox\.json: archive too large to "
        r"import: inflates \d+-fold \(6442450944 bytes up to this member from "
        r"\d+\)",
    ):
        Source.open(path)
    with pytest.raises(
        InputError,
        match=r"archive\.tar\.gz:outbox\.json: archive too large to "
        r"import: 6442450944 bytes uncompressed up to this member, over the cap "
        r"of 4294967296 \(ASCENT_LIMIT_TOTAL_BYTES\)$",
    ):
        Source.open(path, Limits(total_bytes=4 * 1024**3, compression_ratio=10**9))


def test_a_pax_header_bomb_is_a_broken_archive_not_a_2_gb_read(tmp_path: Path) -> None:
    info = tarfile.TarInfo("././@PaxHeader")
    info.type, info.size = tarfile.XHDTYPE, 2 * 1024**3
    path = lying_tar_gz(tmp_path / "archive.tar.gz", info)
    with pytest.raises(
        InputError,
        match=r"archive\.tar\.gz: broken tar archive \(a header of "
        r"more than 1048576 bytes\)$",
    ):
        Source.open(path)


def test_a_plain_file_over_the_member_cap_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"First Name,Last Name,URL\n" + b"\n" * 101)
    match = r"Connections\.csv: member too large to import: 126 bytes uncompressed, over the "
    refused_when_read(path, Limits(member_bytes=100), match + r"cap of 100 \(ASCENT")


def test_a_file_read_whole_is_refused_above_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    path.write_bytes(b"\n" * (2 * MIB))
    assert check(path, Limits(calendar_bytes=MIB)) == -1  # a calendar's own cap
    whole = r"calendar\.ics: too large to read whole: 2097152 bytes uncompressed, over the cap "
    whole += r"of 1048576 \(ASCENT_LIMIT_WHOLE_READ_BYTES\)$"
    with (
        Source.open(path, Limits(whole_read_bytes=MIB)) as source,
        pytest.raises(InputError, match=whole),
    ):
        source.read_bytes("calendar.ics")


def test_a_stream_stops_past_the_member_cap_when_the_file_grew(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    path = tmp_path / "export" / "messages.csv"
    path.write_bytes(b"x" * 100)
    with Source.open(tmp_path / "export", Limits(member_bytes=100)) as source:
        path.write_bytes(b"x" * 200)
        over = r"messages\.csv: member too large to import: \d+ bytes uncompressed, over the cap "
        with source.open_binary("messages.csv") as fh, pytest.raises(InputError, match=over):
            fh.read()
        with pytest.raises(InputError, match=r"too large to read whole: 200 bytes"):
            Source.open(tmp_path / "export", Limits(whole_read_bytes=150)).read_bytes(
                "messages.csv"
            )


@pytest.mark.parametrize(
    "name", ["Connections.csv", "messages.csv", "outbox.json", "deals.csv", "calendar.ics"]
)
@pytest.mark.parametrize("unit", [b"\n", b"\r", b"x"])
def test_megabytes_of_blank_lines_or_one_endless_line_end_in_bounded_time(
    tmp_path: Path, name: str, unit: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(unit * (4 * MIB))
    assert check(path, Limits(whole_read_bytes=MIB, calendar_bytes=MIB)) == -1
