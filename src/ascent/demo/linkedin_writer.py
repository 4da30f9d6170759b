"""Render 2026-era LinkedIn export files byte for byte (FORMATS §1), as files, a folder or a ZIP.

This is the demo generator's back end and the test suite's fixture factory: a test builds a
few rows, calls ``write_messages(path, rows)`` (or ``write_export_zip``) and gets exactly the
bytes a real March 2026 export would hold, quirks included: the Connections ``Notes:``
preamble and missing final newline, the all-quoted messages.csv, the double-wrapped
multi-line Shares commentary and the backslash-escaped quotes of Comments.csv.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Final

from ascent.demo.linkedin_rows import (
    Comment,
    Connection,
    Invitation,
    LinkedInExport,
    Message,
    Position,
    Profile,
    Reaction,
    Share,
)

MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CONNECTIONS_PREAMBLE: Final = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTIONS_HEADER: Final = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)
MESSAGES_HEADER: Final = (
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
)
INVITATIONS_HEADER: Final = (
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
)
SHARES_HEADER: Final = (
    "Date",
    "ShareLink",
    "ShareCommentary",
    "SharedUrl",
    "MediaUrl",
    "Visibility",
)
COMMENTS_HEADER: Final = ("Date", "Link", "Message")
REACTIONS_HEADER: Final = ("Date", "Type", "Link")
PROFILE_HEADER: Final = (
    "First Name",
    "Last Name",
    "Maiden Name",
    "Address",
    "Birth Date",
    "Headline",
    "Summary",
    "Industry",
    "Zip Code",
    "Geo Location",
    "Twitter Handles",
    "Websites",
    "Instant Messengers",
)
POSITIONS_HEADER: Final = (
    "Company Name",
    "Title",
    "Description",
    "Location",
    "Started On",
    "Finished On",
)


# --- date formats (FORMATS §1.11); no strftime("%b"), which follows the locale -------------


def connections_date(day: date) -> str:
    """``09 Oct 2024``: Connections.csv's date-only form."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def invitation_time(moment: datetime) -> str:
    """``1/24/25, 6:42 AM``: month, day and hour not zero-padded, no zone."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {half}"


def plain_time(moment: datetime) -> str:
    """``2026-03-09 14:58:01``: Shares, Comments and Reactions carry no zone marker."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def message_time(moment: datetime) -> str:
    """``2026-03-09 14:58:01 UTC``: messages.csv is always UTC."""
    return plain_time(moment) + " UTC"


# --- rendering ---------------------------------------------------------------------------


def _csv_text(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, quote_all: bool = False
) -> str:
    out = io.StringIO()
    if quote_all:
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    else:
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def render_connections(rows: Iterable[Connection]) -> str:
    """Preamble, 7-column header, rows as given (newest first), and no final newline."""
    body = _csv_text(
        CONNECTIONS_HEADER,
        (
            (
                r.first_name,
                r.last_name,
                r.url,
                r.email,
                r.company,
                r.position,
                connections_date(r.connected_on),
            )
            for r in rows
        ),
    )
    return CONNECTIONS_PREAMBLE + body.removesuffix("\n")


def linkedin_message_order(rows: Iterable[Message]) -> list[Message]:
    """Group by conversation (latest conversation first), newest message first inside each.

    Real files are grouped but not globally sorted; this is one order they show.
    """
    groups: dict[str, list[Message]] = {}
    for row in rows:
        groups.setdefault(row.conversation_id, []).append(row)
    for group in groups.values():
        group.sort(key=lambda m: m.sent_at, reverse=True)
    ordered = sorted(
        groups.values(), key=lambda g: (g[0].sent_at, g[0].conversation_id), reverse=True
    )
    return [m for group in ordered for m in group]


def render_messages(rows: Iterable[Message], *, linkedin_order: bool = True) -> str:
    """The Mar 2026 form: 11 columns, every field double-quoted, header included."""
    ordered = linkedin_message_order(rows) if linkedin_order else list(rows)
    return _csv_text(
        MESSAGES_HEADER,
        (
            (
                m.conversation_id,
                m.title,
                m.sender_name,
                m.sender_url,
                ",".join(m.to_names),
                ",".join(m.recipient_urls),
                message_time(m.sent_at),
                m.subject,
                m.content,
                m.folder,
                ",".join(m.attachments),
            )
            for m in ordered
        ),
        quote_all=True,
    )


def render_invitations(rows: Iterable[Invitation]) -> str:
    """Invitations.csv with the 2024-2026 URL columns."""
    return _csv_text(
        INVITATIONS_HEADER,
        (
            (
                r.from_name,
                r.to_name,
                invitation_time(r.sent_at),
                r.message,
                r.direction,
                r.inviter_url,
                r.invitee_url,
            )
            for r in rows
        ),
    )


def double_wrap(commentary: str) -> str:
    r"""LinkedIn's Shares quirk: every line after the first sits in an extra quote pair.

    The value ``a⏎⏎b`` is written as ``a"⏎""⏎"b``; csv quoting then doubles those quotes,
    giving the raw bytes FORMATS §1.5 shows. Readers undo it by replacing ``"\r?\n"``.
    """
    return commentary.replace("\n", '"\n"')


def render_shares(rows: Iterable[Share]) -> str:
    """Shares.csv, multi-line commentary double-wrapped."""
    return _csv_text(
        SHARES_HEADER,
        (
            (
                plain_time(s.posted_at),
                s.link,
                double_wrap(s.commentary),
                s.shared_url,
                s.media_url,
                s.visibility,
            )
            for s in rows
        ),
    )


def _backslash_field(value: str) -> str:
    r"""2025-26 Comments quoting: quote when needed, and escape quotes with a backslash."""
    if any(ch in value for ch in ',"\n\r'):
        return '"' + value.replace('"', '\\"') + '"'
    return value


def render_comments(rows: Iterable[Comment]) -> str:
    """Comments.csv in its 2025-26 dialect (csv.writer cannot produce it, so it is built here)."""
    lines = [",".join(COMMENTS_HEADER)]
    lines += [
        ",".join(_backslash_field(v) for v in (plain_time(c.commented_at), c.link, c.message))
        for c in rows
    ]
    return "\n".join(lines) + "\n"


def render_reactions(rows: Iterable[Reaction]) -> str:
    """Reactions.csv: ``Date,Type,Link``."""
    return _csv_text(REACTIONS_HEADER, ((plain_time(r.reacted_at), r.type, r.link) for r in rows))


def render_profile(profile: Profile) -> str:
    """Profile.csv: one row under the 2022-2026 header."""
    p = profile
    return _csv_text(
        PROFILE_HEADER,
        [
            (
                p.first_name,
                p.last_name,
                p.maiden_name,
                p.address,
                p.birth_date,
                p.headline,
                p.summary,
                p.industry,
                p.zip_code,
                p.geo_location,
                p.twitter_handles,
                p.websites,
                p.instant_messengers,
            )
        ],
    )


def render_positions(rows: Iterable[Position]) -> str:
    """Positions.csv (stable 2018-2026)."""
    return _csv_text(
        POSITIONS_HEADER,
        (
            (r.company_name, r.title, r.description, r.location, r.started_on, r.finished_on)
            for r in rows
        ),
    )


# --- writing single files ----------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def write_connections(path: Path, rows: Iterable[Connection]) -> Path:
    """Write Connections.csv exactly as LinkedIn does."""
    return _write(path, render_connections(rows))


def write_messages(path: Path, rows: Iterable[Message], *, linkedin_order: bool = True) -> Path:
    """Write messages.csv (Mar 2026 form)."""
    return _write(path, render_messages(rows, linkedin_order=linkedin_order))


def write_invitations(path: Path, rows: Iterable[Invitation]) -> Path:
    """Write Invitations.csv."""
    return _write(path, render_invitations(rows))


def write_shares(path: Path, rows: Iterable[Share]) -> Path:
    """Write Shares.csv."""
    return _write(path, render_shares(rows))


def write_comments(path: Path, rows: Iterable[Comment]) -> Path:
    """Write Comments.csv."""
    return _write(path, render_comments(rows))


def write_reactions(path: Path, rows: Iterable[Reaction]) -> Path:
    """Write Reactions.csv."""
    return _write(path, render_reactions(rows))


def write_profile(path: Path, profile: Profile) -> Path:
    """Write Profile.csv."""
    return _write(path, render_profile(profile))


# --- whole exports -----------------------------------------------------------------------


def export_zip_name(exported_on: date) -> str:
    """``Complete_LinkedInDataExport_MM-DD-YYYY.zip``."""
    return f"Complete_LinkedInDataExport_{exported_on:%m-%d-%Y}.zip"


def render_export(export: LinkedInExport) -> dict[str, bytes]:
    """File name -> bytes for every file of the export, in a fixed order."""
    texts = {
        "Profile.csv": render_profile(export.profile),
        "Positions.csv": render_positions(export.positions),
        "Connections.csv": render_connections(export.connections),
        "messages.csv": render_messages(export.messages),
        "Invitations.csv": render_invitations(export.invitations),
        "Shares.csv": render_shares(export.shares),
        "Comments.csv": render_comments(export.comments),
        "Reactions.csv": render_reactions(export.reactions),
    }
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    files.update(export.extra_files)
    return files


def write_export_folder(folder: Path, export: LinkedInExport) -> Path:
    """Write the export unzipped into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in render_export(export).items():
        (folder / name).write_bytes(data)
    return folder


def write_export_zip(path: Path, export: LinkedInExport, *, top_folder: str | None = None) -> Path:
    """Write the export as a ZIP; identical input gives identical bytes (fixed entry times).

    ``path`` may be a directory, in which case the real archive name is used. ``top_folder``
    nests the files one level down, as re-downloaded archives (``… (1)/``) do.
    """
    if path.is_dir():
        path = path / export_zip_name(export.exported_on)
    stamp = (export.exported_on.year, export.exported_on.month, export.exported_on.day, 0, 0, 0)
    prefix = f"{top_folder}/" if top_folder else ""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in render_export(export).items():
            info = zipfile.ZipInfo(prefix + name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return path
