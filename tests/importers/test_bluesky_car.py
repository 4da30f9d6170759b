"""Reading the CAR itself: detection by suffix or header bytes, and every way a file can be
unreadable raising one ``InputError`` line that names the file."""

from __future__ import annotations

import hashlib
import importlib.util
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import libipld
import pytest

from ascent.errors import InputError
from ascent.importers.bluesky import BLUESKY
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bluesky"
CAR_2024 = FIXTURES / "2024" / "repo.car"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bluesky_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def detect(path: Path) -> bool:
    with Source.open(path) as source:
        return BLUESKY.detect(source)


def parse_error(path: Path) -> str:
    with Source.open(path) as source, pytest.raises(InputError) as caught:
        list(BLUESKY.parse(source))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: broken CAR (")
    return message


def car(roots: list[bytes], blocks: list[Any]) -> bytes:
    """A CARv1 of DAG-CBOR ``blocks`` (raw ``bytes`` items are framed as they are)."""
    header = libipld.encode_dag_cbor({"version": 1, "roots": roots})
    out = GEN.varint(len(header)) + header
    for block in blocks:
        data = block if isinstance(block, bytes) else libipld.encode_dag_cbor(block)
        cid = GEN.cid_of(data)
        out += GEN.varint(len(cid) + len(data)) + cid + data
    return out


def cid(block: Any) -> bytes:
    return GEN.cid_of(libipld.encode_dag_cbor(block))


def commit(data: bytes, version: int = 3) -> dict[str, Any]:
    return {
        "did": "did:plc:ada",
        "version": version,
        "data": data,
        "rev": "3kmms4lghk22b",
        "prev": None,
        "sig": b"\x5a" * 64,
    }


POST = {"$type": "app.bsky.feed.post", "text": "hi", "createdAt": "2024-03-01T09:30:00Z"}


def node(*entries: tuple[int, bytes, bytes], left: bytes | None = None) -> dict[str, Any]:
    return {"l": left, "e": [{"p": p, "k": k, "v": v, "t": None} for p, k, v in entries]}


# --- detect --------------------------------------------------------------------------------


def test_detects_a_car_by_suffix_in_any_case(tmp_path: Path) -> None:
    target = tmp_path / "BSKY-EXPORT.CAR"
    target.write_bytes(b"not even a car")
    assert detect(target)


def test_detects_a_car_by_its_header_bytes_without_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "repo"
    target.write_bytes(CAR_2024.read_bytes())
    assert detect(target)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Connections.csv", b"First Name,Last Name,URL\nAda,Example,\n"),
        ("outbox.json", b'{"orderedItems": []}'),
        ("calendar.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ("tweets.js", b"window.YTD.tweets.part0 = []"),
        ("empty.bin", b""),
        ("cbor-but-not-car", b"\x0a\xa1\x67version\x02"),
    ],
)
def test_does_not_claim_other_files(tmp_path: Path, name: str, content: bytes) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    assert not detect(target)


def test_does_not_claim_a_folder_or_zip_holding_a_car(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "repo.car").write_bytes(CAR_2024.read_bytes())
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(CAR_2024, "repo.car")
    assert (detect(folder), detect(archive)) == (False, False)


# --- broken files --------------------------------------------------------------------------


def test_truncated_car_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "repo.car"
    target.write_bytes(CAR_2024.read_bytes()[:-100])
    assert "Failed to read CAR block" in parse_error(target)


def test_garbage_with_a_car_suffix(tmp_path: Path) -> None:
    target = tmp_path / "repo.car"
    target.write_bytes(hashlib.sha256(b"garbage").digest() * 4)
    parse_error(target)


def test_empty_file_with_a_car_suffix(tmp_path: Path) -> None:
    target = tmp_path / "repo.car"
    target.write_bytes(b"")
    parse_error(target)


def test_root_block_missing(tmp_path: Path) -> None:
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid({"absent": True})], [POST]))
    assert "root block bafyrei" in parse_error(target)


def test_root_is_not_a_commit(tmp_path: Path) -> None:
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(POST)], [POST]))
    assert parse_error(target).endswith("(root block is not a repository commit (version None))")


def test_commit_without_data_link(tmp_path: Path) -> None:
    bad = {**commit(b""), "data": "bafyrei-as-text"}
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(bad)], [bad]))
    assert parse_error(target).endswith("(commit has no did or no data link)")


def test_mst_root_node_missing(tmp_path: Path) -> None:
    root = commit(cid(node()))
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(root)], [root]))
    assert "(MST node bafyrei" in parse_error(target)


def test_record_block_missing(tmp_path: Path) -> None:
    tree = node((0, b"app.bsky.feed.post/3kmms4lghk22b", cid(POST)))
    root = commit(cid(tree))
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(root)], [root, tree]))
    assert "(record bafyrei" in parse_error(target)


def test_mst_keys_out_of_order(tmp_path: Path) -> None:
    tree = node(
        (0, b"app.bsky.feed.post/3kmms4lghk22b", cid(POST)), (19, b"2222222222222", cid(POST))
    )
    root = commit(cid(tree))
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(root)], [root, tree, POST]))
    assert "MST keys out of order" in parse_error(target)


def test_mst_prefix_longer_than_the_previous_key(tmp_path: Path) -> None:
    tree = node((5, b"app.bsky.feed.post/3kmms4lghk22b", cid(POST)))
    root = commit(cid(tree))
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(root)], [root, tree, POST]))
    assert "malformed MST entry" in parse_error(target)


def test_mst_key_that_is_not_collection_slash_rkey(tmp_path: Path) -> None:
    tree = node((0, b"no-slash-here", cid(POST)))
    root = commit(cid(tree))
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(root)], [root, tree, POST]))
    assert "is not collection/rkey" in parse_error(target)


def test_version_2_commit_before_rev_is_read(tmp_path: Path) -> None:
    tree = node((0, b"app.bsky.feed.post/3kmms4lghk22b", cid(POST)))
    root = {k: v for k, v in commit(cid(tree), version=2).items() if k != "rev"}
    target = tmp_path / "repo.car"
    target.write_bytes(car([cid(root)], [root, tree, POST]))
    with Source.open(target) as source:
        kinds = [getattr(r, "kind", None) for r in BLUESKY.parse(source)]
    assert kinds == [None, "post"]


def test_an_empty_repository_is_only_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "repo.car"
    target.write_bytes(GEN.repo_car("did:plc:ada", [], GEN.tid(datetime(2024, 1, 1, tzinfo=UTC))))
    with Source.open(target) as source:
        records = list(BLUESKY.parse(source))
    assert len(records) == 1
