"""Which members hold which data: the manifest's ``dataTypes`` index, else base names.

``data/manifest.js`` (2020+) lists every part of every data type (``tweets.js``,
``tweets-part1.js`` …, FORMATS §2.1) relative to the archive root; the root is the folder
above the manifest's, so an extra ``twitter-…/`` top folder changes nothing. Without a
manifest (≤ 2020 archives, a lone file) members are found by base name, any case, with
either generation's name (``tweet.js``/``tweets.js``, ``direct-message.js``/…``messages.js``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ascent.domain.records import Note
from ascent.importers.source import Source
from ascent.importers.x.wrapper import read_config

MANIFEST = "manifest.js"


@dataclass(frozen=True)
class DataType:
    """One kind of data: its ``dataTypes`` keys in the manifest and its file base names."""

    keys: tuple[str, ...]
    stems: tuple[str, ...]

    def matches(self, member: str) -> bool:
        stem = "|".join(re.escape(s) for s in self.stems)
        return re.fullmatch(rf"(?:{stem})(?:-part\d+)?\.js", _base(member)) is not None


ACCOUNT = DataType(("account",), ("account",))
TWEETS = DataType(("tweets", "tweet"), ("tweets", "tweet"))
COMMUNITY_TWEETS = DataType(("communityTweet",), ("community-tweet",))
MESSAGES = DataType(("directMessages", "directMessage"), ("direct-messages", "direct-message"))
GROUP_MESSAGES = DataType(
    ("directMessagesGroup", "directMessageGroup"),
    ("direct-messages-group", "direct-message-group"),
)
LIKES = DataType(("like",), ("like",))
FOLLOWERS = DataType(("follower",), ("follower",))
FOLLOWING = DataType(("following",), ("following",))


@dataclass
class Layout:
    """The members of one archive by data type, and notes on parts the manifest lists but the
    archive lacks (a partial download)."""

    source: Source
    manifest_name: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    _by_lower: dict[str, str] = field(default_factory=dict, repr=False)
    _found: dict[DataType, list[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, source: Source) -> Layout:
        found = sorted(source.find(MANIFEST), key=lambda n: (n.count("/"), n))
        if not found:
            return cls(source)
        return cls(source, found[0], read_config(source, found[0]))

    def files(self, kind: DataType) -> list[str]:
        """Every part of ``kind``: as the manifest lists them, else found by base name."""
        if kind not in self._found:
            listed = self._listed(kind)
            found = [n for n in self.source.names() if kind.matches(n)] if listed is None else []
            self._found[kind] = listed if listed is not None else sorted(found, key=_part_order)
        return self._found[kind]

    def user_info(self) -> dict[str, Any]:
        info = self.manifest.get("userInfo")
        return info if isinstance(info, dict) else {}

    def _listed(self, kind: DataType) -> list[str] | None:
        types = self.manifest.get("dataTypes")
        entry = next((types[k] for k in kind.keys if isinstance(types, dict) and k in types), None)
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), list):
            return None
        members = []
        for listed in entry["files"]:
            if not isinstance(listed, dict):
                continue
            member = self._resolve(str(listed.get("fileName", "")))
            if member is not None:
                members.append(member)
            elif str(listed.get("count", "0")) not in ("0", ""):
                self._missing(listed)
        return members

    def _resolve(self, file_name: str) -> str | None:
        """``data/tweets.js`` under the archive root, else the same base name beside the
        manifest (a user who zipped only the ``data`` folder); any case."""
        assert self.manifest_name is not None
        folder = PurePosixPath(self.manifest_name).parent
        wanted = [str(folder.parent / file_name), str(folder / PurePosixPath(file_name).name)]
        if not self._by_lower:
            self._by_lower.update((n.lower(), n) for n in self.source.names())
        for candidate in wanted:
            if candidate.lower() in self._by_lower:
                return self._by_lower[candidate.lower()]
        return None

    def _missing(self, listed: dict[str, Any]) -> None:
        assert self.manifest_name is not None
        self.notes.append(
            Note(
                self.source.label(self.manifest_name),
                f"lists {listed.get('fileName')} ({listed.get('count')} items) but the archive "
                "does not contain it: a partial download?",
            )
        )


def _base(member: str) -> str:
    return PurePosixPath(member).name.lower()


def _part_order(member: str) -> tuple[int, str]:
    found = re.search(r"-part(\d+)\.js$", _base(member))
    return (int(found[1]) if found else 0, member)
