"""Corrupt archives: whatever is wrong with a ZIP or a tar, ``Source.open`` and reading every
member give the members' bytes or one ``InputError``, never a traceback."""

from __future__ import annotations

import io
import struct
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest
from fuzzing import MUTATIONS, check, exports
from hypothesis import given, settings
from hypothesis import strategies as st

from ascent.errors import InputError
from ascent.importers.source import Source


def zipped(export_dir: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in export_dir.rglob("*") if p.is_file()):
            zf.write(path, path.relative_to(export_dir).as_posix())
    return target


def tarred(export_dir: Path, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as tar:
        tar.add(export_dir, arcname=export_dir.name)
    return target


def read_all(path: Path) -> None:
    """Open and read every member; only ``InputError`` may stop it."""
    try:
        with Source.open(path) as source:
            for name in source.names():
                source.read_bytes(name)
                with source.open_binary(name) as fh:
                    while fh.read(65536):
                        pass
    except InputError as exc:
        if "\n" in str(exc):
            raise AssertionError(f"an error of more than one line: {exc!r}") from exc


ARCHIVED = [exports()["mastodon"][0].path, exports()["linkedin"][0].path]


@pytest.mark.parametrize("pack", [zipped, tarred])
@settings(settings.get_profile("fuzz"), max_examples=40)
@given(data=st.data())
def test_a_mutated_archive_reads_or_is_one_error(pack: object, data: st.DataObject) -> None:
    export = data.draw(st.sampled_from(ARCHIVED), label="export")
    steps = data.draw(
        st.lists(
            st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 2**20), st.integers(0, 2**16)),
            min_size=1,
            max_size=3,
        ),
        label="mutations",
    )
    with tempfile.TemporaryDirectory() as tmp:
        suffix = ".zip" if pack is zipped else ".tar.gz"
        archive = pack(export, Path(tmp) / f"export{suffix}")  # type: ignore[operator]
        content = archive.read_bytes()
        for mutate, at, arg in steps:
            content = mutate(content, at, arg)
        archive.write_bytes(content)
        read_all(archive)
        check(archive)


def _one_member_zip(path: Path, name: str = "outbox.json", data: bytes = b"{}" * 200) -> bytes:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return path.read_bytes()


def _patch(data: bytes, signature: bytes, offset: int, value: bytes) -> bytes:
    """``value`` written ``offset`` bytes into the first record that starts with ``signature``."""
    at = data.index(signature) + offset
    return data[:at] + value + data[at + len(value) :]


LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def _encrypted(raw: bytes) -> bytes:
    flagged = _patch(raw, LOCAL, 6, struct.pack("<H", 1))
    return _patch(flagged, CENTRAL, 8, struct.pack("<H", 1))


def _unknown_method(raw: bytes) -> bytes:
    patched = _patch(raw, LOCAL, 8, struct.pack("<H", 99))
    return _patch(patched, CENTRAL, 10, struct.pack("<H", 99))


def _zip64_lie(raw: bytes) -> bytes:
    """Sizes of 0xFFFFFFFF point at a zip64 extra field that is not there."""
    return _patch(raw, CENTRAL, 20, b"\xff" * 8)


def _overlapping(tmp: Path) -> bytes:
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.json", b"{}" * 100)
        zf.writestr("b.json", b"[]" * 100)
    raw = tmp.read_bytes()
    second = raw.index(CENTRAL, raw.index(CENTRAL) + 4)
    return raw[: second + 42] + struct.pack("<I", 10) + raw[second + 46 :]  # b inside a


def _wrong_crc(raw: bytes) -> bytes:
    return _patch(_patch(raw, CENTRAL, 16, b"\0\0\0\0"), LOCAL, 14, b"\0\0\0\0")


CORRUPT = {
    "encrypted": _encrypted,
    "unknown compression method": _unknown_method,
    "zip64 sizes that lie": _zip64_lie,
    "wrong CRC": _wrong_crc,
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_a_corrupt_zip_is_one_input_error_naming_the_file(tmp_path: Path, case: str) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(CORRUPT[case](_one_member_zip(path)))
    with pytest.raises(InputError, match=r"export\.zip"), Source.open(path) as source:
        source.read_bytes("outbox.json")


def test_overlapping_entries_are_one_input_error(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(_overlapping(tmp_path / "build.zip"))
    read_all(path)


@pytest.mark.parametrize("name", ["/etc/outbox.json", "../../outbox.json", "a/../../b.json"])
def test_absolute_and_climbing_names_are_read_never_written(tmp_path: Path, name: str) -> None:
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "export.zip"
    _one_member_zip(path, name, b"{}")
    with Source.open(path) as source:
        assert source.read_bytes(name) == b"{}"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["export.zip", "in"]


def test_duplicate_names_read_the_last_and_give_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("outbox.json", b"{}")
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("outbox.json", b"[]")
    path.write_bytes(buffer.getvalue())
    with Source.open(path) as source:
        assert (source.names(), source.read_bytes("outbox.json")) == (
            ["outbox.json", "outbox.json"],
            b"[]",
        )
