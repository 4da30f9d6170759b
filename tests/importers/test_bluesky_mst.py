"""The MST walk and the fixture generator: keys in order, every block reached, real layering,
byte-for-byte reproducible fixtures, and TIDs that decode to the time they were made from."""

from __future__ import annotations

import hashlib
import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import libipld
import pytest

from ascent.importers.bluesky.car import read_repo
from ascent.importers.bluesky.mst import walk
from ascent.importers.bluesky.times import tid_time

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bluesky"
ERAS = ("2023", "2024")


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bluesky_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = generator()


def blocks_of(era: str) -> tuple[bytes, dict[bytes, Any]]:
    header, blocks = libipld.decode_car((FIXTURES / era / "repo.car").read_bytes())
    return header["roots"][0], blocks


def nodes(blocks: dict[bytes, Any], cid: bytes, depth: int = 0) -> list[tuple[int, Any]]:
    """Every MST node under ``cid`` with its depth from the root, pre-order."""
    node = blocks[cid]
    found = [(depth, node)]
    for child in [node["l"], *(e["t"] for e in node["e"])]:
        if child is not None:
            found += nodes(blocks, child, depth + 1)
    return found


@pytest.mark.parametrize("era", ERAS)
def test_walk_gives_exactly_the_generated_keys_in_order(era: str) -> None:
    _, records, _ = GEN.ERAS[era]()
    path = FIXTURES / era / "repo.car"
    keys = [key for key, _ in walk(read_repo(path.read_bytes(), str(path)))]
    assert keys == sorted(f"{collection}/{rkey}" for collection, rkey, _ in records)


@pytest.mark.parametrize("era", ERAS)
def test_walk_gives_each_key_its_own_record(era: str) -> None:
    _, records, _ = GEN.ERAS[era]()
    by_key = {f"{collection}/{rkey}": record for collection, rkey, record in records}
    path = FIXTURES / era / "repo.car"
    walked = dict(walk(read_repo(path.read_bytes(), str(path))))
    assert walked == {
        key: libipld.decode_dag_cbor(libipld.encode_dag_cbor(record))
        for key, record in by_key.items()
    }


@pytest.mark.parametrize("era", ERAS)
def test_the_walk_reaches_every_block_so_no_block_iteration_is_needed(era: str) -> None:
    root, blocks = blocks_of(era)
    tree = nodes(blocks, blocks[root]["data"])
    node_cids = {GEN.cid_of(libipld.encode_dag_cbor(node)) for _, node in tree}
    record_cids = {entry["v"] for _, node in tree for entry in node["e"]}
    assert {root} | node_cids | record_cids == set(blocks)


def test_the_2024_tree_has_layers_subtrees_empty_nodes_and_shared_prefixes() -> None:
    root, blocks = blocks_of("2024")
    tree = nodes(blocks, blocks[root]["data"])
    entries = [e for _, node in tree for e in node["e"]]
    assert max(depth for depth, _ in tree) >= 3
    assert any(node["l"] is not None for _, node in tree)
    assert any(e["t"] is not None for e in entries)
    assert any(not node["e"] for _, node in tree)  # intermediate node: only ``l``
    assert any(e["p"] > 0 for e in entries)
    assert all(node["e"][0]["p"] == 0 for _, node in tree if node["e"])


@pytest.mark.parametrize("era", ERAS)
def test_generated_layers_follow_the_spec(era: str) -> None:
    """A node at depth d below the root holds only keys of layer top - d, a key's layer being
    its SHA-256's leading zero bits // 2 (computed here from the integer, not as the generator
    does)."""
    root, blocks = blocks_of(era)
    tree = nodes(blocks, blocks[root]["data"])
    layers = [
        (depth, 256 - int.from_bytes(hashlib.sha256(key.encode()).digest()).bit_length())
        for depth, node in tree
        for key in _node_keys(node)
    ]
    top = max(zeros // 2 for _, zeros in layers)
    assert top >= 1
    assert all(zeros // 2 == top - depth for depth, zeros in layers)


def _node_keys(node: Any) -> list[str]:
    keys, last = [], b""
    for entry in node["e"]:
        last = last[: entry["p"]] + entry["k"]
        keys.append(last.decode())
    return keys


@pytest.mark.parametrize("era", ERAS)
def test_rebuilding_the_fixture_is_byte_for_byte_identical(era: str, tmp_path: Path) -> None:
    GEN.main(tmp_path)
    assert (tmp_path / era / "repo.car").read_bytes() == (FIXTURES / era / "repo.car").read_bytes()


def test_a_tid_decodes_to_the_microsecond_it_was_made_from() -> None:
    at = datetime(2023, 8, 7, 5, 31, 12, 156888, tzinfo=UTC)
    assert tid_time(GEN.tid(at, 513)) == at


def test_the_spec_example_tid_decodes_like_plain_base32_arithmetic_says() -> None:
    """``3jzfcijpj2z2a`` (the atproto spec's example) read as base-32 digits by ``int``."""
    digits = "3jzfcijpj2z2a".translate(
        str.maketrans(GEN.TID_ALPHABET, "0123456789abcdefghijklmnopqrstuv")
    )
    assert int(digits, 32) >> 10 == 1_688_137_381_887_007
    assert tid_time("3jzfcijpj2z2a") == datetime(2023, 6, 30, 15, 3, 1, 887007, tzinfo=UTC)
    assert tid_time("self") is None
    assert tid_time("k222222222222") is None  # top bit set: not a TID
