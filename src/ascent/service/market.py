"""Market listening: the feeds an org follows (``add_feed``, ``list_feeds``, ``fetch_feeds``)
and what its market says to a team (``market``).

The market of a team is every entry of the org's feeds, and the posts of others that the
team's people imported with their text: a post they reacted to (``reaction``) and a post of
someone else they shared (``share`` with a contact: an X retweet's body is the retweeted
text). Messages are never read here (they are private; a team page would quote them). The
team's own content is its sellers' posts, shares of their own and comments; their texts exist
only when the org keeps bodies (``store_bodies``), and without them there is no gap to show,
only the reason (``gap_note``).

A feed that fails is reported with its reason and stored as its ``last_error``; the others go
on. Feed entries are the market's public text and are kept whatever ``store_bodies`` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import func, select

from ascent.analytics.market import (
    MARKET_VERSION,
    WINDOW_DAYS,
    Corpus,
    GapTerm,
    MarketText,
    QuestionGroup,
    RisingTerm,
    detect_language,
    gap_terms,
    questions,
    rising_terms,
    weeks,
    window,
)
from ascent.errors import AscentError, ConfigError, NotFound
from ascent.importers.feed_source import MAX_BYTES, TIMEOUT, is_web, read_feed
from ascent.importers.feeds import parse_feed
from ascent.service.directory import scoped_org, team_called, team_name
from ascent.store.models import Activity, Feed, FeedItem, Person, stored_text
from ascent.store.scope import UnitOfWork

#: what a feed may be named by: an http(s) URL or a local path; any other scheme is refused
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
URL_CHARS = 2000
NO_BODIES = (
    "The org keeps no post texts (store_bodies is off), so what the team's own posts say "
    "is unknown and no gap is shown."
)


@dataclass(frozen=True)
class FeedView:
    """One followed feed: where it is, when it was last read and why the last read failed."""

    feed_id: int
    url: str
    title: str | None
    added_at: datetime
    fetched_at: datetime | None
    last_error: str | None
    items: int
    #: ``add_feed`` only: whether the feed is new (False: it was already followed)
    added: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "feed_id": self.feed_id,
            "url": self.url,
            "title": self.title,
            "added_at": _iso(self.added_at),
            "fetched_at": _iso(self.fetched_at),
            "last_error": self.last_error,
            "items": self.items,
            "added": self.added,
        }


@dataclass(frozen=True)
class FeedList:
    feeds: list[FeedView]

    def to_dict(self) -> dict[str, Any]:
        return {"feeds": [f.to_dict() for f in self.feeds]}


@dataclass(frozen=True)
class FeedFetch:
    """What one fetch of one feed did: ``fetched``, ``not_modified`` or ``failed`` (why)."""

    feed_id: int
    url: str
    status: str
    added: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "feed_id": self.feed_id,
            "url": self.url,
            "status": self.status,
            "added": self.added,
            "error": self.error,
        }


@dataclass(frozen=True)
class FetchReport:
    feeds: list[FeedFetch]

    def count(self, status: str) -> int:
        return sum(1 for f in self.feeds if f.status == status)

    @property
    def all_failed(self) -> bool:
        """Every feed failed (and there was one): ``ascent market fetch`` exits 1."""
        return bool(self.feeds) and self.count("failed") == len(self.feeds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feeds": [f.to_dict() for f in self.feeds],
            "fetched": self.count("fetched"),
            "not_modified": self.count("not_modified"),
            "failed": self.count("failed"),
            "added": sum(f.added for f in self.feeds),
        }


@dataclass(frozen=True)
class MarketView:
    """What a team's market says as of a day (``ascent market``, ``/team/{id}/market``)."""

    team_id: int
    team: str
    as_of: date
    rising: list[RisingTerm]
    questions: list[QuestionGroup]
    #: None when the team's own texts are unknown (``gap_note`` says why)
    gap: list[GapTerm] | None
    gap_note: str | None
    store_bodies: bool
    #: texts of the window: feed entries, others' posts from imports, own posts (and with text)
    sources: dict[str, int]
    languages: dict[str, int]
    feeds: list[FeedView] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        (this_first, this_last), (last_first, last_last) = weeks(self.as_of)
        first, last = window(self.as_of)
        return {
            "team_id": self.team_id,
            "team": self.team,
            "as_of": self.as_of.isoformat(),
            "version": MARKET_VERSION,
            "this_week": {"first": this_first.isoformat(), "last": this_last.isoformat()},
            "last_week": {"first": last_first.isoformat(), "last": last_last.isoformat()},
            "window": {"first": first.isoformat(), "last": last.isoformat(), "days": WINDOW_DAYS},
            "sources": self.sources,
            "languages": self.languages,
            "rising": [r.to_dict() for r in self.rising],
            "questions": [g.to_dict() for g in self.questions],
            "store_bodies": self.store_bodies,
            "gap": None if self.gap is None else [g.to_dict() for g in self.gap],
            "gap_note": self.gap_note,
            "feeds": [f.to_dict() for f in self.feeds],
        }


def add_feed(uow: UnitOfWork, *, url: str, now: datetime | None = None) -> FeedView:
    """Follow the feed at ``url`` (an http(s) URL, or a local file, kept as its absolute
    path); following it again changes nothing. Reads nothing yet (``fetch_feeds`` does)."""
    where = feed_location(url)
    feed = _feed_at(uow, where)
    if feed is not None:
        return _view(uow, feed)
    moment = now or datetime.now(UTC)
    uow.session.add(Feed(org_id=uow.scope.org_id, url=where, added_at=moment))
    uow.session.flush()
    feed = _feed_at(uow, where)
    assert feed is not None
    view = _view(uow, feed, added=True)
    uow.commit()
    return view


def feed_location(url: str) -> str:
    """How a feed is stored: an http(s) URL as given, a file as its absolute path."""
    text = stored_text(url.strip())
    if not text:
        raise ConfigError("give a feed's http(s) URL or a local file")
    if len(text) > URL_CHARS:
        raise ConfigError(f"a feed's URL is at most {URL_CHARS} characters")
    if is_web(text):
        if not urlsplit(text).hostname:
            raise ConfigError(f"no host in the URL {text!r}")
        return text
    if text.lower().startswith("file://"):
        text = unquote(urlsplit(text).path)
    elif _SCHEME.match(text) and not Path(text).exists():
        raise ConfigError(f"only http(s) URLs and local files can be followed, not {text!r}")
    path = Path(text).expanduser().resolve()
    if not path.is_file():
        raise NotFound(f"no file {str(path)!r}")
    return str(path)


def list_feeds(uow: UnitOfWork) -> FeedList:
    """Every feed the org follows, in the order they were added."""
    feeds = uow.session.scalars(select(Feed).order_by(Feed.id)).all()
    counts = _item_counts(uow)
    return FeedList([_view(uow, f, counts=counts) for f in feeds])


def fetch_feeds(
    uow: UnitOfWork,
    *,
    now: datetime | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> FetchReport:
    """Read every followed feed and keep its new entries; a feed that fails is reported
    (and kept as its ``last_error``) while the others go on; commits."""
    moment = now or datetime.now(UTC)
    done = [
        _fetch_one(uow, feed, moment, timeout, max_bytes)
        for feed in uow.session.scalars(select(Feed).order_by(Feed.id)).all()
    ]
    uow.commit()
    return FetchReport(done)


def _fetch_one(
    uow: UnitOfWork, feed: Feed, now: datetime, timeout: float, max_bytes: int
) -> FeedFetch:
    try:
        got = read_feed(
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            timeout=timeout,
            max_bytes=max_bytes,
        )
        if got.body is None:
            feed.fetched_at, feed.last_error = now, None
            return FeedFetch(feed.id, feed.url, "not_modified")
        parsed = parse_feed(got.body, source=feed.url, seen_at=now)
    except AscentError as exc:
        feed.last_error = stored_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return FeedFetch(feed.id, feed.url, "failed", error=feed.last_error)
    known = set(
        uow.session.scalars(select(FeedItem.item_digest).where(FeedItem.feed_id == feed.id))
    )
    new = [e for e in parsed.entries if e.digest not in known]
    uow.session.add_all(
        FeedItem(
            org_id=uow.scope.org_id,
            feed_id=feed.id,
            item_digest=e.digest,
            published_at=e.published_at,
            day=e.day,
            title=stored_text(e.title),
            text=stored_text(e.text),
            link=stored_text(e.link),
            lang=detect_language(_joined(e.title, e.text)),
        )
        for e in new
    )
    feed.title = stored_text(parsed.title) or feed.title
    feed.etag, feed.last_modified = got.etag, got.last_modified
    feed.fetched_at, feed.last_error = now, None
    uow.session.flush()
    return FeedFetch(feed.id, feed.url, "fetched", added=len(new))


def find_team_id(uow: UnitOfWork, team: str | None) -> int:
    """The id of the team named ``team``; without a name, the org's only team."""
    return team_called(uow, team).id


def market(uow: UnitOfWork, *, team_id: int, as_of: date) -> MarketView:
    """The team's market as of ``as_of``: rising terms, questions, and the gap to its own
    posts (see the module docstring and ``analytics.market``)."""
    name = team_name(uow, team_id=team_id)
    first, last = window(as_of)
    feed_texts = _feed_texts(uow, first, last)
    imported = _imported_texts(uow, team_id, first, last)
    corpus = Corpus([*feed_texts, *imported])
    own, own_posts = _own_texts(uow, team_id, first, last)
    keeps = bool(scoped_org(uow).store_bodies)
    gap, note = _gap(corpus, Corpus(own), as_of, keeps=keeps, posts=own_posts)
    sources = {
        "feed_items": len(feed_texts),
        "imported_posts": len(imported),
        "own_posts": own_posts,
        "own_posts_with_text": len(own),
    }
    return MarketView(
        team_id,
        name,
        as_of,
        rising_terms(corpus, as_of),
        questions(corpus, as_of),
        gap,
        note,
        keeps,
        sources,
        corpus.languages(first, last),
        list_feeds(uow).feeds,
    )


def _gap(
    corpus: Corpus, own: Corpus, as_of: date, *, keeps: bool, posts: int
) -> tuple[list[GapTerm] | None, str | None]:
    """The gap, or None and why it cannot be told (no texts of the team's own posts)."""
    if not keeps:
        return None, NO_BODIES
    if posts and not own.texts:
        return None, (
            f"None of the team's {posts} posts of the last {WINDOW_DAYS} days has its text "
            "stored (imported before store_bodies was on), so no gap is shown."
        )
    note = None if own.texts else f"The team published nothing in the last {WINDOW_DAYS} days."
    return gap_terms(corpus, own, as_of), note


def _feed_texts(uow: UnitOfWork, first: date, last: date) -> list[MarketText]:
    rows = uow.session.execute(
        select(FeedItem.day, FeedItem.title, FeedItem.text, FeedItem.lang)
        .where(FeedItem.day.between(first, last))
        .order_by(FeedItem.day, FeedItem.id)
    )
    return [MarketText(day, _joined(title, text), lang, "feed") for day, title, text, lang in rows]


def _imported_texts(uow: UnitOfWork, team_id: int, first: date, last: date) -> list[MarketText]:
    others = (Activity.kind == "reaction") | (
        (Activity.kind == "share") & Activity.contact_id.is_not(None)
    )
    rows = uow.session.execute(
        select(Activity.day, Activity.body)
        .join(Person, Person.id == Activity.person_id)
        .where(Person.team_id == team_id, Activity.day.between(first, last))
        .where(others, Activity.body.is_not(None))
        .order_by(Activity.day, Activity.id)
    )
    return [MarketText(day, body, None, "import") for day, body in rows if body]


def _own_texts(
    uow: UnitOfWork, team_id: int, first: date, last: date
) -> tuple[list[MarketText], int]:
    """The texts of the team's sellers' own posts in the window, and how many posts there are
    (with or without a stored text)."""
    own = (Activity.kind.in_(("post", "comment"))) | (
        (Activity.kind == "share") & Activity.contact_id.is_(None)
    )
    rows = uow.session.execute(
        select(Activity.day, Activity.body)
        .join(Person, Person.id == Activity.person_id)
        .where(Person.team_id == team_id, Person.role == "seller")
        .where(Activity.day.between(first, last), own)
        .order_by(Activity.day, Activity.id)
    ).all()
    return [MarketText(day, body, None, "own") for day, body in rows if body], len(rows)


def _feed_at(uow: UnitOfWork, url: str) -> Feed | None:
    return uow.session.scalars(select(Feed).where(Feed.url == url)).first()


def _item_counts(uow: UnitOfWork) -> dict[int, int]:
    rows = uow.session.execute(
        select(FeedItem.feed_id, func.count()).group_by(FeedItem.feed_id)
    ).all()
    return {int(feed_id): int(n) for feed_id, n in rows}


def _view(
    uow: UnitOfWork, feed: Feed, *, added: bool = False, counts: dict[int, int] | None = None
) -> FeedView:
    items = (counts if counts is not None else _item_counts(uow)).get(feed.id, 0)
    return FeedView(
        feed.id,
        feed.url,
        feed.title,
        _aware(feed.added_at),
        _aware(feed.fetched_at) if feed.fetched_at else None,
        feed.last_error,
        items,
        added,
    )


def _joined(title: str | None, text: str | None) -> str:
    return "\n".join(part for part in (title, text) if part)


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive times: they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else _aware(moment).astimezone(UTC).isoformat()
