"""Plain rows of a 2026-era LinkedIn export, before they are rendered to bytes.

Times are timezone-aware UTC datetimes; the writer turns them into each file's own text
format (FORMATS §1.11), so a test states *when* and the writer owns *how it looks*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Connection:
    """A Connections.csv row; all-empty but ``connected_on`` is LinkedIn's hidden member row."""

    connected_on: date
    first_name: str = ""
    last_name: str = ""
    url: str = ""
    email: str = ""
    company: str = ""
    position: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """A messages.csv row; ``to_names`` and ``recipient_urls`` are lists, joined on write."""

    conversation_id: str
    sender_name: str
    sender_url: str
    to_names: tuple[str, ...]
    recipient_urls: tuple[str, ...]
    sent_at: datetime
    content: str
    title: str = ""
    subject: str = ""
    folder: str = "INBOX"
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Invitation:
    """An Invitations.csv row (2024-2026 form with profile URLs)."""

    from_name: str
    to_name: str
    sent_at: datetime
    direction: str
    inviter_url: str
    invitee_url: str
    message: str = ""


@dataclass(frozen=True, slots=True)
class Share:
    """A Shares.csv row: one of the owner's posts."""

    posted_at: datetime
    link: str
    commentary: str
    shared_url: str = ""
    media_url: str = ""
    visibility: str = "MEMBER_NETWORK"


@dataclass(frozen=True, slots=True)
class Comment:
    """A Comments.csv row: a comment the owner wrote on the post at ``link``."""

    commented_at: datetime
    link: str
    message: str


@dataclass(frozen=True, slots=True)
class Reaction:
    """A Reactions.csv row: a reaction the owner gave (``LIKE``, ``PRAISE``, …)."""

    reacted_at: datetime
    type: str
    link: str


@dataclass(frozen=True, slots=True)
class Profile:
    """The single Profile.csv row (2022-2026 header)."""

    first_name: str
    last_name: str
    headline: str = ""
    summary: str = ""
    industry: str = ""
    geo_location: str = ""
    birth_date: str = ""
    maiden_name: str = ""
    address: str = ""
    zip_code: str = ""
    twitter_handles: str = ""
    websites: str = ""
    instant_messengers: str = ""


@dataclass(frozen=True, slots=True)
class Position:
    """A Positions.csv row; ``finished_on`` empty means the current job."""

    company_name: str
    title: str
    started_on: str
    finished_on: str = ""
    description: str = ""
    location: str = ""


@dataclass(frozen=True, slots=True)
class LinkedInExport:
    """Everything one 2026 ``Complete_LinkedInDataExport`` holds that Ascent reads."""

    exported_on: date
    profile: Profile
    positions: tuple[Position, ...] = ()
    connections: tuple[Connection, ...] = ()
    messages: tuple[Message, ...] = ()
    invitations: tuple[Invitation, ...] = ()
    shares: tuple[Share, ...] = ()
    comments: tuple[Comment, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    extra_files: dict[str, bytes] = field(default_factory=dict)
