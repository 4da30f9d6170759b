"""The demo's market: three small local feeds (two RSS 2.0, one Atom) of invented news and
discussion about what the demo sellers sell (reporting and month-end close for finance and
operations teams).

Entries fall in the ``FEED_WEEKS`` weeks before the end, a few per week and feed. Some are
questions (titles ending in ``?``), and one topic rises: ``continuous close`` appears in one
entry of the oldest weeks and in most entries of the last two, so "rising terms" has
something to find. Deterministic: the wording follows from the entry's week and place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

FEED_WEEKS: Final = 8
RISING: Final = "continuous close"
#: (file name, title, site, format, entries per week)
FEEDS: Final = (
    ("finance-ops-weekly.xml", "Finance Ops Weekly", "https://finance-ops.example", "rss", 2),
    ("revops-digest.atom", "The RevOps Digest", "https://revops-digest.example", "atom", 2),
    ("cfo-forum.xml", "CFO Forum: questions of the week", "https://cfo-forum.example", "rss", 1),
)
STEADY_TOPICS: Final = (
    (
        "Month-end checklists that finance teams actually keep",
        "A checklist works when every step has an owner and a deadline.",
    ),
    (
        "Why reporting projects stall after the pilot",
        "Most stall when nobody outside finance reads the first reports.",
    ),
    (
        "Spreadsheet reconciliation is still the Friday job",
        "Teams still spend Friday afternoons matching exports by hand.",
    ),
    (
        "Onboarding new customers: the first week decides",
        "Renewals are decided in the first week of onboarding, not the last.",
    ),
    (
        "Budget owners, IT and procurement want different things",
        "Three buyers, three checklists: a deal needs all of them.",
    ),
)
QUESTIONS: Final = (
    "How do you keep the month-end close under five days?",
    "Which report would your team stop producing if nobody noticed?",
    "Who owns data quality between finance and operations?",
    "How many tools does your team use to build one board report?",
    "Is a weekly cash forecast worth the effort for a team of ten?",
)
RISING_TOPICS: Final = (
    (
        "Continuous close: closing the books every day",
        "Continuous close moves reconciliation into the month.",
    ),
    (
        "What continuous close means for auditors",
        "Auditors ask how a continuous close keeps its controls.",
    ),
    (
        "Is continuous close ready for mid-sized teams?",
        "Mid-sized teams ask whether continuous close is worth it yet.",
    ),
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item."""

    title: str
    summary: str
    link: str
    published: datetime


def feed_entries(feed: int, end: date) -> list[Entry]:
    """Entries of the ``feed``-th feed, newest first: ``per_week`` a week over FEED_WEEKS."""
    _, _, site, _, per_week = FEEDS[feed]
    found = []
    for week in range(FEED_WEEKS):  # week 0 is the oldest
        for n in range(per_week):
            day = end - timedelta(days=7 * (FEED_WEEKS - 1 - week) + 2 + 3 * n + feed)
            title, summary = _topic(feed, week, n)
            at = datetime.combine(day, time(7 + feed, 15 * n), UTC)
            found.append(Entry(title, summary, f"{site}/posts/{week + 1}-{n + 1}", at))
    return sorted(found, key=lambda e: e.published, reverse=True)


def _topic(feed: int, week: int, n: int) -> tuple[str, str]:
    """The rising topic in one entry in four in the first four weeks, one in two in the
    next two and every entry of the last two; questions in the forum feed and in one of two
    entries of the others."""
    every = 1 if week >= FEED_WEEKS - 2 else 2 if week >= FEED_WEEKS - 4 else 4
    rising = (week + n + feed) % every == 0
    if rising and feed != 2:
        return RISING_TOPICS[(week + n) % len(RISING_TOPICS)]
    if feed == 2 or (week + n) % 2 == 1:
        question = QUESTIONS[(week + feed) % len(QUESTIONS)]
        if rising:
            question = "Has anyone moved to a continuous close? What broke first?"
        return question, f"Readers ask: {question} Share what works in your team."
    return STEADY_TOPICS[(week + feed + n) % len(STEADY_TOPICS)]


def render_rss(title: str, site: str, entries: list[Entry]) -> str:
    """An RSS 2.0 document."""
    items = "".join(
        f"    <item>\n      <title>{escape(e.title)}</title>\n      <link>{escape(e.link)}</link>\n"
        f'      <guid isPermaLink="true">{escape(e.link)}</guid>\n'
        f"      <pubDate>{format_datetime(e.published)}</pubDate>\n"
        f"      <description>{escape(e.summary)}</description>\n    </item>\n"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
        f"    <title>{escape(title)}</title>\n    <link>{escape(site)}</link>\n"
        f"    <description>{escape(title)} (invented for the Ascent demo)</description>\n"
        f"    <language>en</language>\n{items}  </channel>\n</rss>\n"
    )


def render_atom(title: str, site: str, entries: list[Entry]) -> str:
    """An Atom 1.0 document."""
    updated = entries[0].published.isoformat().replace("+00:00", "Z")
    items = "".join(
        f"  <entry>\n    <title>{escape(e.title)}</title>\n"
        f'    <link href="{escape(e.link)}"/>\n    <id>{escape(e.link)}</id>\n'
        f"    <updated>{e.published.isoformat().replace('+00:00', 'Z')}</updated>\n"
        f"    <summary>{escape(e.summary)}</summary>\n  </entry>\n"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="en">\n  <title>{escape(title)}</title>\n  <link href="{escape(site)}/"/>\n'
        f"  <id>{escape(site)}/</id>\n  <updated>{updated}</updated>\n"
        f"  <author><name>{escape(title)}</name></author>\n{items}</feed>\n"
    )


def write_feeds(folder: Path, end: date) -> tuple[Path, ...]:
    """The three feed files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (name, title, site, kind, _) in enumerate(FEEDS):
        entries = feed_entries(n, end)
        render = render_atom if kind == "atom" else render_rss
        path = folder / name
        path.write_bytes(render(title, site, entries).encode("utf-8"))
        paths.append(path)
    return tuple(paths)
