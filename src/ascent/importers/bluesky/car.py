"""Reading a repository CAR file (FORMATS §4): the CARv1 framing and the signed commit.

A CARv1 file is ``varint(len) + DAG-CBOR header {version: 1, roots: [cid]}`` followed by
``varint(len) + CID + block`` frames. ``libipld`` (the Rust decoder the atproto SDK itself
uses) decodes all of it at once and gives every CID, in keys and in links, as raw bytes, so
no ``CID`` objects are needed to follow links. Every way a file can be unreadable becomes one
``InputError`` line naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import libipld

from ascent.errors import InputError

#: enough for the header of any real export (one root CID: 58 bytes) and a few roots more
HEADER_SNIFF_BYTES = 512
#: commit versions with ``did`` and ``data``: 2 (until late 2023, no ``rev``) and 3 (current)
COMMIT_VERSIONS = (2, 3)

Blocks = dict[bytes, Any]


@dataclass(frozen=True, slots=True)
class Repo:
    """The parts of an exported repository the importer reads."""

    did: str
    data: bytes  # CID of the MST root node
    blocks: Blocks
    label: str


def looks_like_car(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts with a CARv1 header."""
    size, start = _varint(head)
    if size is None or not 0 < size <= len(head) - start:
        return False
    try:
        header = libipld.decode_dag_cbor(head[start : start + size])
    except ValueError:
        return False
    return _is_header(header)


def read_repo(data: bytes, label: str) -> Repo:
    """The commit and blocks of ``data``; ``InputError`` when it is not a readable repo CAR."""
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, RecursionError) as exc:
        raise broken(label, str(exc).rstrip(".")) from exc
    if not _is_header(header):
        raise broken(label, "header is not a CARv1 header with roots")
    root = header["roots"][0]
    commit = blocks.get(root)
    if commit is None:
        raise broken(label, f"root block {cid_text(root)} is not in the file")
    return _commit_repo(commit, blocks, label)


def broken(label: str, why: str) -> InputError:
    """The one error every unreadable CAR raises."""
    return InputError(label, f"broken CAR ({why})")


def cid_text(cid: object) -> str:
    """A CID as the ``bafy…`` text users see in atproto tools (or its repr if unreadable)."""
    try:
        return libipld.encode_cid(cid) if isinstance(cid, bytes) else repr(cid)
    except ValueError:
        return repr(cid)


def _commit_repo(commit: object, blocks: Blocks, label: str) -> Repo:
    if not isinstance(commit, dict) or commit.get("version") not in COMMIT_VERSIONS:
        version = commit.get("version") if isinstance(commit, dict) else None
        raise broken(label, f"root block is not a repository commit (version {version!r})")
    did, data = commit.get("did"), commit.get("data")
    if not isinstance(did, str) or not did.startswith("did:") or not isinstance(data, bytes):
        raise broken(label, "commit has no did or no data link")
    return Repo(did=did.strip(), data=data, blocks=blocks, label=label)


def _is_header(header: object) -> bool:
    if not isinstance(header, dict) or header.get("version") != 1:
        return False
    roots = header.get("roots")
    return isinstance(roots, list) and bool(roots) and isinstance(roots[0], bytes)


def _varint(data: bytes) -> tuple[int | None, int]:
    """An unsigned LEB128 varint at the start of ``data``: (value, bytes used)."""
    value = 0
    for i, byte in enumerate(data[:9]):
        value |= (byte & 0x7F) << (7 * i)
        if byte < 0x80:
            return value, i + 1
    return None, 0
