"""Each LinkedIn file the columnar path reads besides messages.csv (issue 10): edge cases,
rejections at their lines and random files, required to read the same on both paths
(``test_columnar_path.both``)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_columnar_path import ADA, BOB, CELL, DATES, NAMES, PROFILE, URLS, both, rejected

from ascent.domain.records import ActivityRecord, ContactRef
from ascent.importers.linkedin import columnar

REACTIONS = "Date,Type,Link\n"
LINK = "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7"


def test_reactions_read_the_same_with_their_rejections_at_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Profile.csv").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "Reactions.csv").write_text(
        REACTIONS
        + f"2024-06-18 10:00:00,LIKE,{LINK}1\n"
        + "\r\n"
        + " , , \n"
        + f"NA,PRAISE,{LINK}2\n"
        + f"2024-02-30 10:00:00,LIKE,{LINK}3\n"
        + "2024-06-17 10:00:00,EMPATHY,NA\n"
        + f'"6/16/2024 10:00","LIKE","{LINK}4?x=""y"""\n'
        + f" 2024-06-15 09:00:00 , INTEREST ,{LINK}5",
        encoding="utf-8",
    )
    reading = both(tmp_path, monkeypatch)
    assert reading.columnar == {"Reactions.csv": True}
    assert rejected(reading.records) == [
        (5, "unreadable date '' in Date"),
        (6, "unreadable date '2024-02-30 10:00:00' in Date"),
        (7, "missing Link"),
    ]
    keys = [r.source_key for r in reading.records if isinstance(r, ActivityRecord)]
    assert keys == [
        f"reaction:{LINK}1|LIKE",
        f'reaction:{LINK}4?x="y"|LIKE',
        f"reaction:{LINK}5|INTEREST",
    ]


REACTION = st.tuples(
    st.one_of(DATES, CELL),
    st.sampled_from(["LIKE", "PRAISE", "", "NA", " LIKE "]),
    st.one_of(st.sampled_from([f"{LINK}1", f"{LINK}2", "", "NA"]), CELL),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(REACTION, max_size=12),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    block=st.sampled_from([512, 1 << 20]),
)
def test_random_reaction_files_read_the_same_on_both_paths(
    rows: list[tuple[str, ...]], ending: str, block: int
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerows(rows)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar, "BLOCK_BYTES", block)
        (Path(folder) / "Reactions.csv").write_text(REACTIONS + buffer.getvalue(), "utf-8")
        both(Path(folder), patch)


COMMENTS = "Date,Link,Message\n"


def test_comments_of_2025_read_the_same_and_older_quoting_goes_by_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Comments.csv").write_text(
        COMMENTS
        + f'2025-01-02 10:00:00,{LINK}1,"He said \\"hi\\" today, ok?"\n'
        + f'2025-01-02 11:00:00,{LINK}2,"two\r\nlines \\\\ and ""doubled"""\n'
        + f"2025-01-02 12:00:00,{LINK}3, NA \n"
        + f"2025-02-30 12:00:00,{LINK}4,bad day\n"
        + "2025-01-03 12:00:00,NA,no link\n"
        + f"2025-01-04 12:00:00,{LINK}5,\n",
        encoding="utf-8",
    )
    reading = both(tmp_path, monkeypatch)
    assert reading.columnar == {"Comments.csv": True}
    assert rejected(reading.records) == [
        (6, "unreadable date '2025-02-30 12:00:00' in Date"),
        (7, "missing Link"),
    ]
    bodies = [r.body for r in reading.records if isinstance(r, ActivityRecord)]
    assert bodies == ['He said "hi" today, ok?', 'two\nlines \\ and "doubled"', "NA", None]
    continued = COMMENTS + f"2023-01-02 10:00:00,{LINK}1,first line\nsecond line\n"
    (tmp_path / "Comments.csv").write_text(continued, encoding="utf-8")
    assert both(tmp_path, monkeypatch).columnar == {"Comments.csv": False}


COMMENT = st.tuples(st.one_of(DATES, CELL), st.sampled_from([f"{LINK}1", "", "NA", "x"]), CELL)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(COMMENT, max_size=12),
    ending=st.sampled_from(["\n", "\r\n"]),
    escaped=st.booleans(),
)
def test_random_comment_files_read_the_same_on_both_paths(
    rows: list[tuple[str, ...]], ending: str, escaped: bool
) -> None:
    buffer = io.StringIO()
    style = {"escapechar": "\\", "doublequote": False} if escaped else {}
    csv.writer(buffer, lineterminator=ending, **style).writerows(rows)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        (Path(folder) / "Comments.csv").write_text(COMMENTS + buffer.getvalue(), "utf-8")
        both(Path(folder), patch)


SHARES = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"


def test_shares_read_the_same_with_kinds_keys_and_repaired_line_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Shares.csv").write_text(
        SHARES
        + f'2025-01-02 10:00:00,{LINK}1,"First line.""\n""""\n""Second ""quoted"".",,,MEMBER\n'
        + f"2025-01-03 10:00:00,{LINK}2,,https://lnkd.in/x,,MEMBER\n"
        + "2025-01-04 10:00:00,,,,https://media.example/1.png,MEMBER\n"
        + ",,,,,\n"
        + f"someday,{LINK}3,lost,,,MEMBER\n"
        + f"2025-01-05 10:00:00,{LINK}4,Why? NA,,,MEMBER\n",
        encoding="utf-8",
    )
    reading = both(tmp_path, monkeypatch)
    assert reading.columnar == {"Shares.csv": True}
    assert rejected(reading.records) == [(8, "unreadable date 'someday' in Date")]
    shares = [r for r in reading.records if isinstance(r, ActivityRecord)]
    assert [(s.kind, s.source_key, s.body) for s in shares] == [
        ("post", f"share:{LINK}1", 'First line.\n\nSecond "quoted".'),
        ("share", f"share:{LINK}2", None),
        ("post", "share:2025-01-04T10:00:00+00:00", None),
        ("post", f"share:{LINK}4", "Why? NA"),
    ]


SHARE = st.tuples(
    st.one_of(DATES, CELL),
    st.sampled_from([f"{LINK}1", "", "NA"]),
    st.one_of(CELL, st.sampled_from(['a"\n"b', 'a"\r\n""\r\n"b'])),
    st.sampled_from(["", "https://lnkd.in/x", "NA"]),
    CELL,
    st.just("MEMBER"),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(SHARE, max_size=12), ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_share_files_read_the_same_on_both_paths(
    rows: list[tuple[str, ...]], ending: str
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerows(rows)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        (Path(folder) / "Shares.csv").write_text(SHARES + buffer.getvalue(), "utf-8")
        both(Path(folder), patch)


INVITATIONS = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"


def test_invitations_read_the_same_with_their_rejections_at_their_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Invitations.csv").write_text(
        INVITATIONS
        + f'Ada Example,Bob,"1/24/25, 6:42 AM",Hi?,OUTGOING,{ADA},{BOB}\n'
        + f'Bob,Ada Example,"12/15/24, 7:47 AM",,incoming,{BOB},{ADA}\n'
        + ",,,,,,\n"
        + f'Ada Example,Cy,"1/2/25, 1:00 PM",,SIDEWAYS,{ADA},\n'
        + 'Ada Example,,"13/45/25, 1:00 PM",,OUTGOING,,\n'
        + 'Ada Example,,"1/3/25, 1:00 PM",,OUTGOING,,https://www.linkedin.com/in\n',
        encoding="utf-8",
    )
    reading = both(tmp_path, monkeypatch)
    assert reading.columnar == {"Invitations.csv": True}
    assert rejected(reading.records) == [
        (5, "unknown Direction 'SIDEWAYS'"),
        (6, "unreadable date '13/45/25, 1:00 PM' in Sent At"),
    ]
    invites = [r for r in reading.records if isinstance(r, ActivityRecord)]
    assert [(r.kind, r.source_key, r.contact) for r in invites] == [
        ("invite_out", f"inv:out|{BOB}|2025-01-24T06:42:00+00:00", ContactRef("Bob", BOB)),
        ("invite_in", f"inv:in|{BOB}|2024-12-15T07:47:00+00:00", ContactRef("Bob", BOB)),
        ("invite_out", "inv:out||2025-01-03T13:00:00+00:00", None),
    ]


INVITATION = st.tuples(
    NAMES,
    NAMES,
    st.sampled_from(["1/24/25, 6:42 AM", "2024-01-02 10:00:00", "x", ""]),
    CELL,
    st.sampled_from(["OUTGOING", "INCOMING", "outgoing", "", "NA", "ß"]),
    URLS,
    URLS,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(INVITATION, max_size=12), ending=st.sampled_from(["\n", "\r\n"]))
def test_random_invitation_files_read_the_same_on_both_paths(
    rows: list[tuple[str, ...]], ending: str
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerows(rows)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        (Path(folder) / "Invitations.csv").write_text(INVITATIONS + buffer.getvalue(), "utf-8")
        both(Path(folder), patch)


CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    ' are missing. You will only see email addresses for connections who have allowed it."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)


def test_connections_read_the_same_with_hidden_members_numbered_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [f"Ann{i},Lee,{ADA}-{i},,Acme,AE,16 Dec 2024\n" for i in range(60)]
    rows[10:10] = [",,,,,,16 Dec 2024\n", ",,,,,,16 Dec 2024\n"]
    rows[40:40] = [
        ",,,,,,16 Dec 2024\n",
        "Bo,Ek,,urn:li:member:1, - ,NA,18-Jun-24\n",
        "Cy,,,,,,not a date\n",
        " , , , , , , \n",
    ]
    monkeypatch.setattr(columnar, "BLOCK_BYTES", 512)
    (tmp_path / "Connections.csv").write_text(CONNECTIONS + "".join(rows), encoding="utf-8")
    reading = both(tmp_path, monkeypatch)
    assert reading.columnar == {"Connections.csv": True}
    assert reading.batches > 4
    assert rejected(reading.records) == [(47, "unreadable date 'not a date' in Connected On")]
    keys = [r.source_key for r in reading.records if isinstance(r, ActivityRecord)]
    assert [k for k in keys if "hidden" in k] == [
        "connect:2024-12-16:hidden:1",
        "connect:2024-12-16:hidden:2",
        "connect:2024-12-16:hidden:3",
    ]
    assert "connect:bo ek|2024-06-18" in keys


CONNECTION = st.tuples(
    NAMES,
    NAMES,
    URLS,
    st.sampled_from(["", "a@b.example", "urn:li:member:1"]),
    CELL,
    CELL,
    st.sampled_from(["16 Dec 2024", "18-Jun-24", "1/8/18, 6:14 PM", "", "x"]),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(CONNECTION, max_size=12), ending=st.sampled_from(["\n", "\r\n"]))
def test_random_connection_files_read_the_same_on_both_paths(
    rows: list[tuple[str, ...]], ending: str
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerows(rows)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        (Path(folder) / "Connections.csv").write_text(CONNECTIONS + buffer.getvalue(), "utf-8")
        both(Path(folder), patch)
