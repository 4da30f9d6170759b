"""Walking the repository's Merkle Search Tree (MST): the only place record keys live.

A node is ``{l: <left subtree|null>, e: [{p, k, v, t}]}``. Each entry's full key is the
previous key *in the same node* cut to ``p`` bytes plus the suffix ``k``; ``v`` links the
record and ``t`` the subtree of keys between this entry and the next. An in-order walk
(``l``, then each entry followed by its ``t``) yields every ``collection/rkey`` in sorted
order. Iterating the blocks instead would give the records without their keys, so without
the rkey that their ``at://`` URI needs. Nodes with no entries and only ``l`` are normal: the
tree keeps one node per layer on every path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ascent.importers.bluesky.car import Repo, broken, cid_text


def walk(repo: Repo) -> Iterator[tuple[str, Any]]:
    """Every ``(collection/rkey, record)`` of ``repo`` in key order; ``InputError`` when the
    tree is malformed, out of order, or points at a block the file does not hold."""
    previous = ""
    try:
        for key, record in _node(repo, repo.data, set()):
            if key <= previous:
                raise broken(repo.label, f"MST keys out of order at {key!r}")
            previous = key
            yield key, record
    except RecursionError:
        raise broken(repo.label, "MST nested deeper than any real repository") from None


def _node(repo: Repo, cid: bytes, seen: set[bytes]) -> Iterator[tuple[str, Any]]:
    if cid in seen:
        raise broken(repo.label, f"MST node {cid_text(cid)} is linked twice")
    seen.add(cid)
    node = _block(repo, cid, "MST node")
    if not _is_node(node):
        raise broken(repo.label, f"malformed MST node {cid_text(cid)}")
    if node.get("l") is not None:
        yield from _node(repo, node["l"], seen)
    last = b""
    for entry in node["e"]:
        last = _entry_key(repo, entry, last)
        yield _key_text(repo, last), _block(repo, entry["v"], "record")
        if entry.get("t") is not None:
            yield from _node(repo, entry["t"], seen)


def _entry_key(repo: Repo, entry: Any, last: bytes) -> bytes:
    """The entry's full key: ``p`` bytes of the previous key in this node, then ``k``."""
    if not _is_entry(entry) or entry["p"] > len(last):
        raise broken(repo.label, f"malformed MST entry after key {last!r}")
    suffix: bytes = entry["k"]
    return last[: entry["p"]] + suffix


def _key_text(repo: Repo, key: bytes) -> str:
    text = key.decode("ascii", errors="replace")
    collection, slash, rkey = text.partition("/")
    if not (collection and slash and rkey) or "/" in rkey or "\ufffd" in text:
        raise broken(repo.label, f"MST key {text!r} is not collection/rkey")
    return text


def _block(repo: Repo, cid: bytes, what: str) -> Any:
    try:
        return repo.blocks[cid]
    except KeyError:
        raise broken(repo.label, f"{what} {cid_text(cid)} is not in the file") from None


def _is_node(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and isinstance(node.get("e"), list)
        and _is_link(node.get("l"), nullable=True)
    )


def _is_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("p"), int)
        and entry["p"] >= 0
        and isinstance(entry.get("k"), bytes)
        and _is_link(entry.get("v"), nullable=False)
        and _is_link(entry.get("t"), nullable=True)
    )


def _is_link(value: Any, *, nullable: bool) -> bool:
    return isinstance(value, bytes) or (nullable and value is None)
