"""The LinkedIn writer as a fixture factory: small row lists in, the real 2026 bytes out."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from ascent.demo import (
    Comment,
    Connection,
    Invitation,
    LinkedInExport,
    Message,
    Profile,
    Reaction,
    Share,
    write_comments,
    write_connections,
    write_export_folder,
    write_export_zip,
    write_invitations,
    write_messages,
    write_reactions,
    write_shares,
)
from ascent.demo.linkedin_writer import CONNECTIONS_PREAMBLE

AT = datetime(2026, 1, 5, 6, 42, 7, tzinfo=UTC)
ME = "https://www.linkedin.com/in/sam-steady-demo"
ADA = "https://www.linkedin.com/in/ada-example-1a2b3c"


def test_connections_bytes(tmp_path: Path) -> None:
    path = write_connections(
        tmp_path / "Connections.csv",
        [
            Connection(date(2025, 2, 3), "Ada", "Example", ADA, "", "Acme, Inc.", "Head of Sales"),
            Connection(date(2025, 1, 14)),
        ],
    )
    assert path.read_bytes().decode() == CONNECTIONS_PREAMBLE + (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f'Ada,Example,{ADA},,"Acme, Inc.",Head of Sales,03 Feb 2025\n'
        ",,,,,,14 Jan 2025"
    )


def test_messages_bytes(tmp_path: Path) -> None:
    conv = "2-" + "A" * 54 + "=="
    later = AT.replace(hour=9)
    path = write_messages(
        tmp_path / "messages.csv",
        [
            Message(conv, "Sam Steady", ME, ("Ada Example",), (ADA,), AT, "Hi Ada,\nquick one"),
            Message(conv, "Ada Example", ADA, ("Sam Steady",), (ME,), later, 'Sure, "yes"'),
        ],
    )
    lines = path.read_text().split("\n")
    assert lines[1] == (
        f'"{conv}","","Ada Example","{ADA}","Sam Steady","{ME}",'
        '"2026-01-05 09:42:07 UTC","","Sure, ""yes""","INBOX",""'
    )
    assert lines[2].endswith('"2026-01-05 06:42:07 UTC","","Hi Ada,')
    assert lines[3] == 'quick one","INBOX",""'


def test_invitations_time_is_not_zero_padded(tmp_path: Path) -> None:
    path = write_invitations(
        tmp_path / "Invitations.csv",
        [Invitation("Sam Steady", "Ada Example", AT, "OUTGOING", ME, ADA)],
    )
    assert path.read_text().split("\n")[1] == (
        f'Sam Steady,Ada Example,"1/5/26, 6:42 AM",,OUTGOING,{ME},{ADA}'
    )


def test_shares_double_wrap_matches_formats_example(tmp_path: Path) -> None:
    path = write_shares(
        tmp_path / "Shares.csv",
        [
            Share(
                AT,
                "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1",
                "First line.\n\nSecond line.",
            )
        ],
    )
    assert '"First line.""\n""""\n""Second line."' in path.read_text()


def test_comments_use_backslash_escaped_quotes(tmp_path: Path) -> None:
    link = "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1"
    path = write_comments(
        tmp_path / "Comments.csv",
        [Comment(AT, link, 'He said "hi" today'), Comment(AT, link, "plain")],
    )
    assert path.read_text() == (
        "Date,Link,Message\n"
        f'2026-01-05 06:42:07,{link},"He said \\"hi\\" today"\n'
        f"2026-01-05 06:42:07,{link},plain\n"
    )


def test_reactions_bytes(tmp_path: Path) -> None:
    path = write_reactions(tmp_path / "Reactions.csv", [Reaction(AT, "PRAISE", "https://x")])
    assert path.read_text() == "Date,Type,Link\n2026-01-05 06:42:07,PRAISE,https://x\n"


def test_zip_and_folder_hold_the_same_bytes(tmp_path: Path) -> None:
    export = LinkedInExport(
        date(2026, 3, 13), Profile("Sam", "Steady"), reactions=(Reaction(AT, "LIKE", "https://x"),)
    )
    first = write_export_zip(tmp_path, export)
    assert first.name == "Complete_LinkedInDataExport_03-13-2026.zip"
    folder = write_export_folder(tmp_path / "unzipped", export)
    with zipfile.ZipFile(first) as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == {
            p.name: p.read_bytes() for p in folder.iterdir()
        }
    again = write_export_zip(tmp_path / "again.zip", export)
    assert again.read_bytes() == first.read_bytes()
