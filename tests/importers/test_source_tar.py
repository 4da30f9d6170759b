"""Tar archives (Mastodon before 4.2.0) read like ZIPs: by content, by name, guarded."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from ascent.errors import InputError
from ascent.importers.limits import Limits
from ascent.importers.source import Source
from ascent.importers.textfiles import has_columns, member_table


def build(target: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(target, mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def opened(path: Path) -> Source:
    return Source.open(path)


MEMBERS = {"outbox.json": b'{"orderedItems": []}', "media_attachments/files/1/a.png": b"\x89PNG"}


def test_a_tar_gz_lists_its_members_and_reads_them_by_name(tmp_path: Path) -> None:
    with opened(build(tmp_path / "archive-20221120.tar.gz", MEMBERS)) as source:
        assert source.names() == ["outbox.json", "media_attachments/files/1/a.png"]
        assert source.read_bytes("outbox.json") == b'{"orderedItems": []}'
        assert source.label("outbox.json") == "archive-20221120.tar.gz:outbox.json"
        assert not source.single_file


def test_a_tar_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    with opened(build(tmp_path / "download.bin", MEMBERS)) as source:
        assert source.find("OUTBOX.JSON") == ["outbox.json"]


def test_a_plain_tar_reads_the_same(tmp_path: Path) -> None:
    with opened(build(tmp_path / "archive.tar", MEMBERS, mode="w")) as source:
        assert source.read_bytes("media_attachments/files/1/a.png") == b"\x89PNG"


def test_a_top_folder_and_a_dot_slash_are_found_by_base_name(tmp_path: Path) -> None:
    members = {"./outbox.json": b"{}", "archive-2022/likes.json": b"[]"}
    with opened(build(tmp_path / "a.tgz", members)) as source:
        assert source.names() == ["outbox.json", "archive-2022/likes.json"]
        assert source.find("likes.json") == ["archive-2022/likes.json"]
        assert source.read_bytes("outbox.json") == b"{}"


def test_only_regular_files_are_members(tmp_path: Path) -> None:
    target = tmp_path / "a.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        folder = tarfile.TarInfo("media")
        folder.type = tarfile.DIRTYPE
        link = tarfile.TarInfo("passwd.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(folder)
        tar.addfile(link)
    with opened(target) as source:
        assert source.names() == []


def test_a_traversing_member_name_is_only_read_never_written(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    with opened(build(tmp_path / "in" / "a.tar.gz", {"../escaped.json": b"{}"})) as source:
        assert source.read_bytes("../escaped.json") == b"{}"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.tar.gz", "in"]


def test_csv_members_stream_through_the_text_helpers(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfAccount address,Show boosts\nbob@bob.example,true\n"
    with opened(build(tmp_path / "a.tar.gz", {"following_accounts.csv": data})) as source:
        is_header = has_columns("Account address")
        with member_table(source, "following_accounts.csv", is_header) as table:
            assert list(table.rows()) == [(2, ["bob@bob.example", "true"])]


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_tar_gz_is_one_line_naming_the_file(tmp_path: Path, keep: float) -> None:
    big = {f"m{i}.bin": bytes(range(256)) * 400 + str(i).encode() for i in range(8)}
    whole = build(tmp_path / "whole.tar.gz", big).read_bytes()
    cut = tmp_path / "archive-20221120.tar.gz"
    cut.write_bytes(whole[: int(len(whole) * keep)])
    with pytest.raises(InputError, match=r"archive-20221120\.tar\.gz: broken tar archive \(") as e:
        opened(cut)
    assert "\n" not in str(e.value)


def test_a_tar_gz_cut_inside_its_first_block_is_broken_too(tmp_path: Path) -> None:
    whole = build(tmp_path / "whole.tar.gz", MEMBERS).read_bytes()
    cut = tmp_path / "archive.tar.gz"
    cut.write_bytes(whole[:12])
    with pytest.raises(InputError, match=r"archive\.tar\.gz: broken tar archive"):
        opened(cut)


def test_a_truncated_plain_tar_is_caught_even_though_tarfile_stops_quietly(
    tmp_path: Path,
) -> None:
    whole = build(tmp_path / "whole.tar", {"a.bin": b"x" * 5000, "b.bin": b"y" * 5000}, "w")
    cut = tmp_path / "archive.tar"
    for length, reason in ((6000, "not whole tar blocks"), (7168, "unexpected end of data")):
        cut.write_bytes(whole.read_bytes()[:length])  # inside b's header; inside b's data
        with pytest.raises(InputError, match=rf"archive\.tar: broken tar archive \(.*{reason}"):
            opened(cut)


def test_corrupted_compressed_bytes_are_a_broken_archive(tmp_path: Path) -> None:
    whole = bytearray(build(tmp_path / "whole.tar.gz", MEMBERS).read_bytes())
    whole[20:40] = b"\x00" * 20
    bad = tmp_path / "archive.tar.gz"
    bad.write_bytes(bytes(whole))
    with pytest.raises(InputError, match=r"archive\.tar\.gz: broken tar archive"):
        opened(bad)


def test_a_gzip_that_holds_no_tar_but_is_named_like_one_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "archive.tar.gz"
    fake.write_bytes(gzip.compress(b"just some text, not a tar archive\n" * 40))
    with pytest.raises(InputError, match=r"archive\.tar\.gz: broken tar archive"):
        opened(fake)


def test_an_oversized_member_is_refused_when_it_is_read_not_when_listed(tmp_path: Path) -> None:
    path = build(tmp_path / "a.tar.gz", {"outbox.json": b"{ }  ", "media/a.mp4": b"\0" * 9})
    with Source.open(path, Limits(member_bytes=5)) as source:
        assert source.names() == ["outbox.json", "media/a.mp4"]  # the video is never read
        assert source.read_bytes("outbox.json") == b"{ }  "
        with pytest.raises(
            InputError,
            match=r"^a\.tar\.gz:media/a\.mp4: member too large to "
            r"import: 9 bytes uncompressed, over the cap of 5 "
            r"\(ASCENT_LIMIT_MEMBER_BYTES\)$",
        ):
            source.read_bytes("media/a.mp4")


def test_the_listing_stops_at_the_header_past_the_total_cap(tmp_path: Path) -> None:
    members = {name: bytes(3000) for name in ("outbox.json", "likes.json", "media/a.mp4")}
    path = build(tmp_path / "a.tar", members, "w")
    assert Source.open(path, Limits(total_bytes=9000)).names() == list(members)
    with pytest.raises(
        InputError,
        match=r"a\.tar:media/a\.mp4: archive too large to import: "
        r"9000 bytes uncompressed up to this member, over the cap of 8999 "
        r"\(ASCENT_LIMIT_TOTAL_BYTES\)$",
    ):
        Source.open(path, Limits(total_bytes=8999))


def test_files_that_are_not_archives_are_still_single_files(tmp_path: Path) -> None:
    path = tmp_path / "following_accounts.csv"
    path.write_bytes(b"Account address,Show boosts\n" + b"bob@bob.example,true\n" * 50)
    source = opened(path)
    assert (source.single_file, source.names()) == (True, ["following_accounts.csv"])


def test_zips_keep_their_behaviour(tmp_path: Path) -> None:
    target = tmp_path / "a.zip"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("top/outbox.json", b"{}")
    with opened(target) as source:
        assert (source.names(), source.label("top/outbox.json")) == (
            ["top/outbox.json"],
            "a.zip:top/outbox.json",
        )
