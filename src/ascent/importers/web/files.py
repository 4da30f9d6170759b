"""Which members of a web analytics export are CSV files, and a cheap look at their start.

GA4 and Matomo downloads are single CSV files; a user may also give a folder or ZIP of them.
``detect`` must stay cheap, so it looks at the first few KB of a member only.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ascent.importers.source import Source
from ascent.importers.textfiles import decode_stream

#: how much of a file ``detect`` reads: enough for GA4's preamble and a header row
HEAD_CHARS = 4096


def csv_members(source: Source) -> list[str]:
    """The ``.csv`` members, without the ``__MACOSX/`` and ``._`` clutter macOS zips add."""
    return [
        n
        for n in source.names()
        if n.lower().endswith(".csv")
        and "__MACOSX/" not in n
        and not PurePosixPath(n).name.startswith("._")
    ]


def head_text(source: Source, name: str, chars: int = HEAD_CHARS) -> str:
    """The first ``chars`` characters of a member, decoded the way ``textfiles`` decodes it
    (UTF-16 and UTF-8 BOMs sniffed); '' when they cannot be decoded."""
    with source.open_binary(name) as binary:
        text, _ = decode_stream(binary)
        try:
            return text.read(chars).lstrip("\ufeff")
        except UnicodeDecodeError:
            return ""
        finally:
            text.detach()
