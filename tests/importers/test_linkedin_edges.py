"""Tiny inline edge cases: broken rows, unreadable files, header eras without a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from ascent.domain.records import (
    ActivityBatch,
    ActivityRecord,
    ContactRef,
    Note,
    OwnerRecord,
    Record,
    Rejected,
)
from ascent.errors import InputError
from ascent.importers.linkedin import LINKEDIN
from ascent.importers.linkedin.owner import Owner
from ascent.importers.linkedin.threads import owner_threads
from ascent.importers.source import Source
from ascent.importers.textfiles import member_table

ADA = "https://www.linkedin.com/in/ada"
BOB = "https://www.linkedin.com/in/bob"
CY = "https://www.linkedin.com/in/cy"
T = "10:00:00 UTC"
M10 = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"  # noqa: E501
INV = "From,To,Sent At,Message,Direction"


def parse(tmp_path: Path, files: dict[str, str | bytes]) -> list[Record]:
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with Source.open(tmp_path) as source:
        return list(LINKEDIN.parse(source))


def activities(records: list[Record]) -> list[ActivityRecord]:
    """The activities, those of a big file's ``ActivityBatch`` (the columnar path) expanded."""
    return [
        a
        for r in records
        for a in (r.records() if isinstance(r, ActivityBatch) else [r])
        if isinstance(a, ActivityRecord)
    ]


def rejected(records: list[Record]) -> list[tuple[str, int, str]]:
    return [(Path(r.file).name, r.line, r.reason) for r in records if isinstance(r, Rejected)]


def test_broken_message_row_is_rejected_at_its_physical_line(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "messages.csv": M10
            + f'c1,,Ada,{ADA},Bob,,2024-01-02 10:00:00 UTC,,"two\nlines",INBOX\n'
            + f"c1,,Bob,https://www.linkedin.com/in/bob,Ada,{ADA},31/31/99,,x,INBOX\n"
        },
    )
    assert rejected(records) == [("messages.csv", 4, "unreadable date '31/31/99' in DATE")]


def test_message_without_any_sender_is_rejected(tmp_path: Path) -> None:
    records = parse(tmp_path, {"messages.csv": M10 + f"c1,,,,Ada,,2024-01-02 {T},,x,INBOX\n"})
    assert rejected(records) == [
        ("messages.csv", 2, "no sender (empty FROM and SENDER PROFILE URL)")
    ]


def test_drafts_without_a_draft_column_are_skipped_by_empty_id_and_folder(tmp_path: Path) -> None:
    records = parse(tmp_path, {"messages.csv": M10 + f",,Ada,{ADA},,,2024-01-02 {T},,x,\n"})
    assert activities(records) == []
    assert [n.message for n in records if isinstance(n, Note)] == [
        "skipped 1 drafts, 0 sponsored/system messages"
    ]


def test_undecodable_file_raises_input_error_naming_it(tmp_path: Path) -> None:
    broken = b"\xff\xfe" + "From\tTo\tDate\tContent\n".encode("utf-16-le") + b"\x00\xd8x\x00"
    with pytest.raises(InputError) as caught:
        parse(tmp_path, {"export/messages.csv": broken})
    assert caught.value.file == str(tmp_path / "export" / "messages.csv")
    assert "not decodable" in caught.value.reason


def test_unrecognisable_file_raises_input_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Connections\.csv: no header row found"):
        parse(tmp_path, {"Connections.csv": "this is not,an export\n1,2\n"})


def test_september_2023_urn_columns_give_no_url(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "Invitations.csv": f"{INV},inviterProfileUrn,inviteeProfileUrn\n"
            'Ada,Bea,"9/1/23, 8:00 AM",,OUTGOING,urn:li:member:1,urn:li:member:2\n'
        },
    )
    assert activities(records)[0].contact == ContactRef(name="Bea")


def test_late_2023_bare_urls_give_no_url(tmp_path: Path) -> None:
    bare = "https://www.linkedin.com/in"
    records = parse(
        tmp_path,
        {
            "Invitations.csv": f"{INV},inviterProfileUrl,inviteeProfileUrl\n"
            f'Cy,Ada,"11/30/23, 12:15 PM",,INCOMING,{bare},{bare}\n'
        },
    )
    (invite,) = activities(records)
    assert invite.contact == ContactRef(name="Cy")
    assert invite.source_key == "inv:in|Cy|2023-11-30T12:15:00+00:00"


def test_unknown_invitation_direction_is_rejected(tmp_path: Path) -> None:
    records = parse(tmp_path, {"Invitations.csv": f'{INV}\nAda,Bea,"9/1/23, 8:00 AM",,SIDEWAYS\n'})
    assert rejected(records) == [("Invitations.csv", 2, "unknown Direction 'SIDEWAYS'")]


def test_owner_url_prefers_outgoing_invitations_over_message_counts(tmp_path: Path) -> None:
    chatty = "https://www.linkedin.com/in/chatty"
    records = parse(
        tmp_path,
        {
            "Invitations.csv": f"{INV},inviterProfileUrl,inviteeProfileUrl\n"
            f'Ada,Bea,"9/1/24, 8:00 AM",,OUTGOING,{ADA}/,https://www.linkedin.com/in/bea\n',
            "messages.csv": M10
            + "".join(
                f"c{i},,Chatty,{chatty},Ada,{ADA},2024-01-0{i} {T},,hi,INBOX\n" for i in range(1, 4)
            ),
        },
    )
    assert records[0] == OwnerRecord(profile_url=ADA)
    assert {a.kind for a in activities(records)} == {"invite_out", "message_in"}


def test_owner_name_and_url_from_messages_alone(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "messages.csv": M10
            + f"c1,,Ada Example,{ADA},Bob,{BOB},2024-01-02 {T},,a,INBOX\n"
            + f"c1,,Ada Example,{ADA},Bob,{BOB},2024-01-01 {T},,b,INBOX\n"
            + f"c1,,Bob,{BOB},Ada Example,{ADA},2024-01-03 {T},,c,INBOX\n"
        },
    )
    assert records[0] == OwnerRecord(name="Ada Example", profile_url=ADA)
    assert [a.kind for a in activities(records)] == ["message_out", "message_out", "message_in"]


def test_direction_by_owner_name_when_urls_are_missing(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "Profile.csv": "First Name,Last Name,Headline\nAda,Example,Seller\n",
            "messages.csv": M10 + "c1,,Ada Example,,Bob,,2024-01-02 10:00:00 UTC,,a,INBOX\n"
            "c1,,Bob,,Ada Example,,2024-01-03 10:00:00 UTC,,b,INBOX\n",
        },
    )
    assert [(a.kind, a.contact) for a in activities(records)] == [
        ("message_out", ContactRef(name="Bob")),
        ("message_in", ContactRef(name="Bob")),
    ]


def test_comment_line_numbers_stay_physical_after_continuations(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "Comments.csv": "Date,Link,Message\r\n"
            "2022-01-02 10:00:00,https://l/1,first\r\nmore\r\n\r\nend\r\n"
            "22/01/2022,https://l/2,bad date\r\n"
            "2022-01-01 10:00:00,,no link\r\n"
        },
    )
    assert rejected(records) == [
        ("Comments.csv", 6, "unreadable date '22/01/2022' in Date"),
        ("Comments.csv", 7, "missing Link"),
    ]
    assert activities(records)[0].body == "first\nmore\n\nend"


def test_reaction_without_link_is_rejected(tmp_path: Path) -> None:
    records = parse(tmp_path, {"Reactions.csv": "Date,Type,Link\n2024-01-01 10:00:00,LIKE,\n"})
    assert rejected(records) == [("Reactions.csv", 2, "missing Link")]


def test_blank_lines_are_not_rows_and_header_only_files_are_empty(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "Reactions.csv": "Date,Type,Link\n\n,,\n",
            "Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
        },
    )
    assert records == [OwnerRecord()]


def test_single_file_source(tmp_path: Path) -> None:
    path = tmp_path / "Reactions.csv"
    path.write_text("Date,Type,Link\n2024-01-01 10:00:00,LIKE,https://l/1\n", encoding="utf-8")
    source = Source.open(path)
    assert LINKEDIN.detect(source)
    assert [a.kind for a in activities(list(LINKEDIN.parse(source)))] == ["reaction"]


def test_a_member_urn_in_the_email_column_is_no_email(tmp_path: Path) -> None:
    records = parse(
        tmp_path,
        {
            "Connections.csv": (
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                "Kim,Sample,,urn:li:member:123456789,Acme,CTO,09 Oct 2024\n"
                ",,,urn:li:member:987654321,,,09 Oct 2024\n"
                "Lee,Demo,,Lee@Demo.example,,,08 Oct 2024\n"
            )
        },
    )
    assert [(a.source_key, a.contact) for a in activities(records)] == [
        (
            "connect:kim sample|2024-10-09",
            ContactRef(name="Kim Sample", company="Acme", position="CTO"),
        ),
        ("connect:2024-10-09:hidden:1", None),
        ("connect:lee demo|2024-10-08", ContactRef(name="Lee Demo", email="lee@demo.example")),
    ]


def test_hidden_rows_before_the_owners_row_are_all_kept_in_file_order(tmp_path: Path) -> None:
    hidden = "".join(
        f"c1,,LinkedIn Member,,Ada,{ADA},2024-01-02 {T},,h{n},INBOX\n" for n in range(10_001)
    )
    records = parse(
        tmp_path,
        {
            "messages.csv": M10
            + hidden
            + f"c1,,Ada,{ADA},Bob,{BOB},2024-01-01 {T},,hi,INBOX\n"
            + f"c2,,LinkedIn Member,,Ada,{ADA},2024-01-01 {T},,spam,INBOX\n"
        },
    )
    bob = ContactRef(name="Bob", profile_url=BOB)
    assert [(a.kind, a.contact, a.body) for a in activities(records)] == [
        *(("message_in", bob, f"h{n}") for n in range(10_001)),
        ("message_out", bob, "hi"),
    ]  # none held back for the owner's row, none dropped past a cap
    assert [n.message for n in records if isinstance(n, Note)] == [
        "skipped 0 drafts, 1 sponsored/system messages (1 from a hidden LinkedIn Member in "
        "threads the owner never wrote in)"
    ]


def test_the_first_pass_keeps_one_counterpart_per_thread_the_owner_wrote_in(
    tmp_path: Path,
) -> None:
    (tmp_path / "messages.csv").write_text(
        M10
        + "".join(f"c1,,LinkedIn Member,,Ada,{ADA},2024-01-02 {T},,h,INBOX\n" for _ in range(50))
        + f"c1,,Ada,{ADA},Bob,{BOB},2024-01-01 {T},,hi,INBOX\n"
        + f'c2,,Ada,{ADA},"Bob,Cy","{BOB},{CY}",2024-01-01 {T},,all,INBOX\n'
        + f"c3,,Bob,{BOB},Ada,{ADA},2024-01-01 {T},,yo,INBOX\n"
        + f",,Ada,{ADA},,,2024-01-02 {T},,draft,\n",
        encoding="utf-8",
    )
    owner = Owner(OwnerRecord(name="Ada", profile_url=ADA))
    with (
        Source.open(tmp_path) as source,
        member_table(source, "messages.csv", lambda row: "FROM" in row) as table,
    ):
        wrote = owner_threads(table, owner, lambda row, sender, url: None if row[0] else "draft")
    assert wrote == {"c1": ContactRef(name="Bob", profile_url=BOB), "c2": None}


def test_a_one_megabyte_message_body_imports(tmp_path: Path) -> None:
    body = "word " * 200_000 + "end"
    records = parse(
        tmp_path,
        {
            "messages.csv": M10
            + f"c1,,Bob,{BOB},Ada,{ADA},2024-01-02 {T},,{body},INBOX\n"
            + f'c1,,Ada,{ADA},Bob,{BOB},2024-01-01 {T},,"{body}, ok",INBOX\n'
        },
    )
    assert [a.body for a in activities(records)] == [body, f"{body}, ok"]


M2018 = "From,To,Date,Subject,Content,Direction,Folder\n"


def test_2018_unanswered_inmail_is_kept_when_its_sender_is_known_to_be_a_person(
    tmp_path: Path,
) -> None:
    records = parse(
        tmp_path,
        {
            "Messages.csv": M2018
            + 'Kim  sample,Ada Example,"6/19/18, 5:54 AM",Sales roles,Recruiter,INCOMING,INBOX\n'
            + 'Lee Demo,Ada Example,"6/18/18, 5:54 AM",Your demo,Invited prospect,INCOMING,INBOX\n'
            + 'Mo Roe,Ada Example,"6/17/18, 5:54 AM",Quick question,Follow-up,INCOMING,INBOX\n'
            + 'Mo Roe,Ada Example,"6/16/18, 5:54 AM",,Hi Ada,INCOMING,INBOX\n'
            + 'Example Cloud,Ada Example,"6/15/18, 5:54 AM",Summit,Register now,INCOMING,INBOX\n'
            + 'Nia Stranger,Ada Example,"6/14/18, 5:54 AM",Hello,Cold InMail,INCOMING,INBOX\n',
            "Connections.csv": "First Name,Last Name,Email Address,Company,Position,Connected On\n"
            + 'Kim,Sample,,Globex,Recruiter,"1/8/18, 6:14 PM"\n',
            "Invitations.csv": f"{INV}\n" + 'Ada Example,Lee Demo,"5/1/18, 9:00 AM",,OUTGOING\n',
        },
    )
    assert [
        (a.contact and a.contact.name, a.body)
        for a in activities(records)
        if a.kind == "message_in"
    ] == [
        ("Kim  sample", "Recruiter"),  # a connection, named by full name
        ("Lee Demo", "Invited prospect"),  # invited by the owner
        ("Mo Roe", "Follow-up"),  # also wrote without a subject: a person
        ("Mo Roe", "Hi Ada"),
    ]
    assert [n.message for n in records if isinstance(n, Note)] == [
        "skipped 0 drafts, 2 sponsored/system messages (2 unanswered InMail with a subject "
        "from outside the owner's network (company pages))"
    ]  # the company page, and the stranger's cold InMail the file cannot tell from one
