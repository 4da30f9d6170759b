"""The one schema both engines share. Every table but ``orgs`` carries ``org_id``.

The org is the unit of tenancy: every tenant table's primary key is ``(org_id, id)`` and
every foreign key between tenant tables ``(org_id, x_id) -> x (org_id, id)``
(``tenant_keys``), so PostgreSQL's schema can be distributed by ``org_id`` on Citus as it is
(docs/deploy.md, "Moving to a Citus cluster"). SQLite keeps ``id INTEGER PRIMARY KEY`` and
single-column foreign keys (migration 0010 does nothing there): only the rowid numbers
itself, and the embedded database holds one org and is never distributed. Alembic does not
compare primary keys; the foreign keys are what SQLite's schema differs in.

Activities and outcomes are deduplicated by ``(org_id, person_id, source_digest)``: 16 bytes
of BLAKE2b of a stable key from the export (with the channel, for an activity), never a row
number; the readable ``source_key`` is kept beside it.
Activities store their UTC ``day`` so daily rollups need no date arithmetic (MEASURED.md).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, overload

from sqlalchemy import (
    JSON,
    Boolean,
    Constraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from ascent.domain.records import SOURCE_DIGEST_BYTES, SOURCE_KEY_CHARS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: C0 control characters but tab and newline, and DEL: PostgreSQL refuses NUL in text, and
#: none of them belongs in a name, a key or a message, so neither engine stores them
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


@overload
def stored_text(value: str) -> str: ...
@overload
def stored_text(value: None) -> None: ...
@overload
def stored_text(value: str | None) -> str | None: ...
def stored_text(value: str | None) -> str | None:
    """``value`` as every write path stores text: without control characters but tab/newline."""
    return _CONTROLS.sub("", value) if value else value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class OrgScoped:
    """Mixin of a tenant table: every query is filtered by the session's org, and its key is
    ``(org_id, id)`` (``tenant_keys``).

    ``id`` comes from one sequence per table, so it alone still names a row: the ORM keeps its
    identity on ``id`` (``session.get(Person, 7)``) while the database's keys lead with the org.
    """

    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), primary_key=True, index=True)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"primary_key": [cls.__table__.c.id]}  # type: ignore[attr-defined]


def tenant_keys(table: str, **references: str) -> tuple[Constraint, ...]:
    """The keys of the tenant table ``table``: the primary key ``(org_id, id)`` and, for each
    ``column=target`` of ``references``, the foreign key ``(org_id, column)`` to ``target``'s
    ``(org_id, id)``. Named explicitly: the naming convention's would all say ``org_id``."""
    foreign_keys = (
        ForeignKeyConstraint(
            ["org_id", column],
            [f"{target}.org_id", f"{target}.id"],
            name=f"fk_{table}_{column}_{target}",
        )
        for column, target in references.items()
    )
    return (PrimaryKeyConstraint("org_id", "id", name=f"pk_{table}"), *foreign_keys)


class Org(Base):
    __tablename__ = "orgs"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: message and post bodies are stored only when an org opts in (privacy by default)
    store_bodies: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: overrides of the measures' settings (``MeasureSettings`` field -> value)
    settings: Mapped[dict[str, object]] = mapped_column(JSON, default=dict, server_default="{}")
    #: raised by every change that can move any person's measures (``service.snapshots``)
    facts_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: the secret a CRM signs its webhook posts with (HMAC-SHA256); null: webhooks refused
    webhook_secret: Mapped[str | None] = mapped_column(String(128))


class Team(OrgScoped, Base):
    __tablename__ = "teams"
    __table_args__ = (
        *tenant_keys("teams"),
        UniqueConstraint("org_id", "name", name="uq_teams_org_name"),
    )
    name: Mapped[str] = mapped_column(String(200))
    #: the programme start for everyone in the team without a start of their own
    programme_start: Mapped[date | None] = mapped_column(Date)


class Person(OrgScoped, Base):
    __tablename__ = "people"
    __table_args__ = (
        *tenant_keys("people", team_id="teams"),
        UniqueConstraint("org_id", "email", name="uq_people_org_email"),
    )
    team_id: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16), default="seller")
    profile_url: Mapped[str | None] = mapped_column(String(500))
    programme_start: Mapped[date | None] = mapped_column(Date)
    #: the profile as the export last showed it (the jigsaw's profile pillar reads it)
    headline: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    #: raised by every change that can move this person's measures (``service.snapshots``)
    facts_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: the person turned the weekly digest off (``ascent digest``)
    digest_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Account(OrgScoped, Base):
    __tablename__ = "accounts"
    __table_args__ = (
        *tenant_keys("accounts"),
        UniqueConstraint("org_id", "name_key", name="uq_accounts_org_name"),
    )
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))


class Contact(OrgScoped, Base):
    __tablename__ = "contacts"
    __table_args__ = (*tenant_keys("contacts", account_id="accounts"),)
    account_id: Mapped[int | None] = mapped_column()
    name: Mapped[str | None] = mapped_column(String(300))
    company: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[str | None] = mapped_column(String(300))


class ContactIdentity(OrgScoped, Base):
    """One way to recognise a contact: ``profile_url``, ``uid``, ``email``, ``handle``,
    ``name_company`` or ``name``.

    ``matched_by`` says how it joined its contact and ``confidence`` how sure that is
    (``ascent.store.contacts``): the contact's first sighting or a shared identifier (1.0),
    the same name and company (0.8), the same full name on another network (0.5), or a person
    who merged or split contacts by hand (1.0).
    """

    __tablename__ = "contact_identities"
    __table_args__ = (
        *tenant_keys("contact_identities", contact_id="contacts"),
        UniqueConstraint("org_id", "kind", "value", name="uq_contact_identities_key"),
    )
    contact_id: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(500))
    matched_by: Mapped[str] = mapped_column(
        String(16), default="identity", server_default="identity"
    )
    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")


class ImportBatch(OrgScoped, Base):
    __tablename__ = "import_batches"
    __table_args__ = (*tenant_keys("import_batches", person_id="people"),)
    person_id: Mapped[int | None] = mapped_column()
    format: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    report: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class Activity(OrgScoped, Base):
    __tablename__ = "activities"
    __table_args__ = (
        *tenant_keys(
            "activities",
            person_id="people",
            contact_id="contacts",
            identity_id="contact_identities",
            import_batch_id="import_batches",
        ),
        # the channel is inside the digest: (channel, source_key) is the activity's key
        UniqueConstraint(
            "org_id", "person_id", "source_digest", name="uq_activities_source_digest"
        ),
        Index("ix_activities_person_day_kind", "person_id", "day", "kind"),
        Index("ix_activities_batch", "import_batch_id"),
        # what deleting or merging a contact or an identity looks up (erase, merge, split)
        Index("ix_activities_contact", "org_id", "contact_id"),
        Index("ix_activities_identity", "org_id", "identity_id"),
    )
    person_id: Mapped[int] = mapped_column()
    contact_id: Mapped[int | None] = mapped_column()
    #: the identity the contact was recognised by: what ``ascent contacts split`` moves
    identity_id: Mapped[int | None] = mapped_column()
    import_batch_id: Mapped[int | None] = mapped_column()
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date)
    raw_time: Mapped[str] = mapped_column(String(64))
    #: readable, neither unique nor indexed: deduplication uses ``source_digest``
    source_key: Mapped[str] = mapped_column(String(SOURCE_KEY_CHARS))
    #: ``domain.records.source_digest(channel, source_key)``: a short fixed-size unique key
    #: instead of the long random text, which made the unique index a third of import time
    source_digest: Mapped[bytes] = mapped_column(LargeBinary(SOURCE_DIGEST_BYTES))
    link: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    is_question: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the content coach's score (0..100) of a post or share's text, kept like ``is_question``
    #: when the body itself is not; null for other kinds and for posts without text
    coach_score: Mapped[int | None] = mapped_column(SmallInteger)


class Outcome(OrgScoped, Base):
    __tablename__ = "outcomes"
    __table_args__ = (
        *tenant_keys(
            "outcomes",
            person_id="people",
            contact_id="contacts",
            identity_id="contact_identities",
            account_id="accounts",
            import_batch_id="import_batches",
        ),
        UniqueConstraint("org_id", "person_id", "source_digest", name="uq_outcomes_source_digest"),
        Index("ix_outcomes_person_day", "person_id", "day"),
        Index("ix_outcomes_batch", "import_batch_id"),
        Index("ix_outcomes_contact", "org_id", "contact_id"),
        Index("ix_outcomes_identity", "org_id", "identity_id"),
    )
    person_id: Mapped[int] = mapped_column()
    contact_id: Mapped[int | None] = mapped_column()
    identity_id: Mapped[int | None] = mapped_column()
    account_id: Mapped[int | None] = mapped_column()
    import_batch_id: Mapped[int | None] = mapped_column()
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date)
    raw_time: Mapped[str] = mapped_column(String(64))
    amount: Mapped[float | None] = mapped_column(Float)
    source_channel: Mapped[str | None] = mapped_column(String(16))
    #: the traffic source as the export names it (``ascent.domain.traffic``)
    source: Mapped[str | None] = mapped_column(String(300))
    medium: Mapped[str | None] = mapped_column(String(300))
    campaign: Mapped[str | None] = mapped_column(String(300))
    content: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    #: readable, neither unique nor indexed: deduplication uses ``source_digest``
    source_key: Mapped[str] = mapped_column(String(SOURCE_KEY_CHARS))
    #: ``domain.records.source_digest(source_key)``
    source_digest: Mapped[bytes] = mapped_column(LargeBinary(SOURCE_DIGEST_BYTES))


class ActivityDay(OrgScoped, Base):
    """Rollup: activities per person, day, kind and channel, maintained at import time."""

    __tablename__ = "activity_days"
    __table_args__ = (
        *tenant_keys("activity_days", person_id="people"),
        UniqueConstraint(
            "org_id", "person_id", "day", "kind", "channel", name="uq_activity_days_key"
        ),
    )
    person_id: Mapped[int] = mapped_column()
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    n: Mapped[int] = mapped_column(Integer)


class ContactDay(OrgScoped, Base):
    """Rollup: one person's touches, answers, meetings and connects with a contact per day."""

    __tablename__ = "contact_days"
    __table_args__ = (
        *tenant_keys("contact_days", person_id="people", contact_id="contacts"),
        UniqueConstraint("org_id", "person_id", "contact_id", "day", name="uq_contact_days_key"),
        Index("ix_contact_days_contact", "org_id", "contact_id"),
    )
    person_id: Mapped[int] = mapped_column()
    contact_id: Mapped[int] = mapped_column()
    day: Mapped[date] = mapped_column(Date)
    touches: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    meetings: Mapped[int] = mapped_column(Integer, default=0)
    connects: Mapped[int] = mapped_column(Integer, default=0)


class Pause(OrgScoped, Base):
    """A holiday or leave: habit strength does not decay over these days."""

    __tablename__ = "pauses"
    __table_args__ = (*tenant_keys("pauses", person_id="people"),)
    person_id: Mapped[int] = mapped_column(index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


class Snapshot(OrgScoped, Base):
    """One person's served figures as of one day (``service.snapshots``): read instead of
    computed while the metrics version and the org's and person's fact versions it was
    computed from are still the current ones."""

    __tablename__ = "snapshots"
    __table_args__ = (
        *tenant_keys("snapshots", person_id="people"),
        UniqueConstraint("org_id", "person_id", name="uq_snapshots_person"),
    )
    person_id: Mapped[int] = mapped_column()
    as_of: Mapped[date] = mapped_column(Date)
    metrics_version: Mapped[int] = mapped_column(Integer)
    org_version: Mapped[int] = mapped_column(Integer)
    person_version: Mapped[int] = mapped_column(Integer)
    #: the figures as JSON text, floats exact (``service.snapshots.encode``), and apart from
    #: them the weekly timeline, the bulk of a row, decoded only when read
    figures: Mapped[str] = mapped_column(Text)
    timeline: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Strategy(OrgScoped, Base):
    """Goals, tactics and targets of a team (or one person), as loaded from YAML."""

    __tablename__ = "strategies"
    __table_args__ = (
        *tenant_keys("strategies", team_id="teams"),
        UniqueConstraint("org_id", "team_id", name="uq_strategies_team"),
    )
    team_id: Mapped[int] = mapped_column()
    document: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class TargetAccount(OrgScoped, Base):
    __tablename__ = "target_accounts"
    __table_args__ = (
        *tenant_keys("target_accounts", strategy_id="strategies", account_id="accounts"),
        UniqueConstraint("org_id", "strategy_id", "account_id", name="uq_target_accounts_key"),
    )
    strategy_id: Mapped[int] = mapped_column()
    account_id: Mapped[int] = mapped_column()


class User(OrgScoped, Base):
    """A login: an e-mail, a role (``seller``, ``lead``, ``admin``) and an argon2 hash.

    A seller is one of the org's people (``person_id``; their team is that person's); a lead
    has a team (``team_id``); an admin neither. The hash is null until a password is set
    through a one-time link (``ascent users reset``).
    """

    __tablename__ = "users"
    __table_args__ = (
        *tenant_keys("users", person_id="people", team_id="teams"),
        UniqueConstraint("org_id", "email", name="uq_users_org_email"),
    )
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column()
    team_id: Mapped[int | None] = mapped_column()
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: the user turned the weekly digest off (``ascent digest``)
    digest_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class WebSession(OrgScoped, Base):
    """A server-side login session: only the SHA-256 of its token is stored, so a copy of
    the database opens no session; ``revoked_at`` ends it (log-out, password reset)."""

    __tablename__ = "web_sessions"
    __table_args__ = (
        *tenant_keys("web_sessions", user_id="users"),
        UniqueConstraint("org_id", "token_hash", name="uq_web_sessions_token"),
    )
    user_id: Mapped[int] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(OrgScoped, Base):
    """A failed login, by e-mail and client (IP): login throttling counts these in the
    database, so that several web workers share one count."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        *tenant_keys("login_attempts"),
        Index("ix_login_attempts_email_at", "org_id", "email", "at"),
        Index("ix_login_attempts_client_at", "org_id", "client", "at"),
        Index("ix_login_attempts_at", "at"),
    )
    email: Mapped[str] = mapped_column(String(320))
    client: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ResetToken(OrgScoped, Base):
    """A one-time link to set a password: the SHA-256 of its token, until when it is valid,
    and when it was used (a used token never works again)."""

    __tablename__ = "reset_tokens"
    __table_args__ = (
        *tenant_keys("reset_tokens", user_id="users"),
        UniqueConstraint("org_id", "token_hash", name="uq_reset_tokens_token"),
    )
    user_id: Mapped[int] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Feed(OrgScoped, Base):
    """An RSS or Atom feed the org follows to listen to its market (``ascent market add``)."""

    __tablename__ = "feeds"
    __table_args__ = (
        *tenant_keys("feeds"),
        UniqueConstraint("org_id", "url", name="uq_feeds_url"),
    )
    #: an http(s) URL, or a local file's absolute path
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(500))
    #: HTTP caching validators from the last successful fetch
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: why the last fetch failed (one line), null when it succeeded
    last_error: Mapped[str | None] = mapped_column(Text)


class FeedItem(OrgScoped, Base):
    """One entry of a followed feed: public text of the market, kept to find its terms."""

    __tablename__ = "feed_items"
    __table_args__ = (
        *tenant_keys("feed_items", feed_id="feeds"),
        UniqueConstraint("org_id", "feed_id", "item_digest", name="uq_feed_items_key"),
        Index("ix_feed_items_day", "org_id", "day"),
    )
    feed_id: Mapped[int] = mapped_column()
    #: ``domain.records.source_digest`` of the entry's id (or link, or title)
    item_digest: Mapped[bytes] = mapped_column(LargeBinary(SOURCE_DIGEST_BYTES))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[date] = mapped_column(Date)
    title: Mapped[str | None] = mapped_column(Text)
    #: the entry's text without markup, cut to a bounded length
    text: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    #: ISO 639-1 code where detectable
    lang: Mapped[str | None] = mapped_column(String(8))


class ApiToken(OrgScoped, Base):
    """A bearer token of the REST API (``ascent tokens create``): only the SHA-256 of the
    token is stored; it acts as its user (their role and visibility), or as the org's admin
    when it has none, and ``scope`` ``read`` refuses every write. ``revoked_at`` ends it."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        *tenant_keys("api_tokens", user_id="users"),
        UniqueConstraint("org_id", "token_hash", name="uq_api_tokens_token"),
    )
    #: the user it acts as; null: the org's admin (a token made on the server's command line)
    user_id: Mapped[int | None] = mapped_column()
    name: Mapped[str] = mapped_column(String(200))
    #: ``read`` or ``write``
    scope: Mapped[str] = mapped_column(String(8))
    token_hash: Mapped[str] = mapped_column(String(64))
    #: the token's first characters, shown to tell tokens apart (never enough to use one)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Job(OrgScoped, Base):
    """A background job (an import of uploaded exports): queued, running, done or failed.

    Its state lives here, not in a worker, so that any web worker can report it and a worker
    that dies leaves it retryable (``service.jobs``); the queue (procrastinate on
    PostgreSQL, a thread in embedded mode) only carries the job's id.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        *tenant_keys("jobs", user_id="users", person_id="people"),
        Index("ix_jobs_org_status", "org_id", "status"),
    )
    kind: Mapped[str] = mapped_column(String(16))
    #: ``queued``, ``running``, ``done`` or ``failed``
    status: Mapped[str] = mapped_column(String(16))
    #: who asked for it (null: the command line) and for whom (an import's person)
    user_id: Mapped[int | None] = mapped_column()
    person_id: Mapped[int | None] = mapped_column()
    #: what the job needs: the spooled files' names and paths, options
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    #: progress: a step's name and how far it got (``done`` of ``total``, total 0: unknown)
    step: Mapped[str | None] = mapped_column(String(200))
    done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: what it produced (an import's report) and why it failed (one line)
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: raised while it runs: a running job whose heartbeat stopped belongs to a dead worker
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
