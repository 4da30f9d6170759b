"""The demo's web traffic: tagged links in posts, and a Plausible "Export data" ZIP of visits.

A share of each seller's posts links to a page of their site with the link ``ascent link``
makes (``utm_source=linkedin``, ``utm_content`` = the post's URN); every such post brings
visits on its day and the next few, customer-focused posts more than announcements. Around
them: visits through X (for the sellers in ``X_SHARERS``), search and direct traffic. Drawn
from each persona's own ``…:web`` random stream, so the social exports do not change.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Final
from urllib.parse import unquote

from ascent.demo import texts
from ascent.demo.personas import Persona
from ascent.demo.timeline import History, days, is_working_day
from ascent.domain.traffic import tag_link

#: the share of posts that carry a tagged link to the seller's site
LINK_SHARE: Final = 0.35
#: the sellers who post regularly and export their site's visits
WEB_SELLERS: Final = frozenset(
    {"steady", "steady_south", "wonder", "pusher", "grinder", "lead_north"}
)
#: sellers who also share their links on X (visits from ``t.co``)
X_SHARERS: Final = frozenset({"steady", "steady_south", "wonder"})
CAMPAIGN: Final = "social-selling"
PAGES: Final = ("close-faster", "onboarding-checklist", "one-decision-a-day", "report-audit")
SOURCES_HEADER: Final = (
    "date",
    "source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "utm_term",
    "visitors",
    "visits",
    "visit_duration",
    "bounces",
)


@dataclass(frozen=True, slots=True)
class Visits:
    """One row of ``imported_sources``: visits on a day from one source."""

    day: date
    source: str
    medium: str = ""
    campaign: str = ""
    content: str = ""
    visits: int = 1


def site_of(persona: Persona) -> str:
    """The seller's own site: ``sam-steady.demo.example``."""
    return persona.name.lower().replace(" ", "-") + ".demo.example"


def post_urn(share_link: str) -> str:
    """``urn:li:activity:…`` of a Shares.csv ``ShareLink``."""
    return unquote(share_link.rsplit("/", 1)[1])


def tag_shares(persona: Persona, history: History, seed: int) -> None:
    """Give ``LINK_SHARE`` of the persona's posts a tagged link to a page of their site."""
    rng = random.Random(f"ascent-demo:{seed}:{persona.key}:links")  # noqa: S311 - demo data
    history.shares = [
        replace(s, shared_url=_tagged(persona, s.link, rng.choice(PAGES)))
        if rng.random() < LINK_SHARE
        else s
        for s in history.shares
    ]


def _tagged(persona: Persona, link: str, page: str) -> str:
    url = f"https://{site_of(persona)}/notes/{page}"
    return tag_link(url, source="linkedin", campaign=CAMPAIGN, content=post_urn(link))


def visits(
    persona: Persona, history: History, *, first: date, end: date, seed: int
) -> list[Visits]:
    """The persona's site visits from ``first`` to ``end``; none but for ``WEB_SELLERS``."""
    tagged = [s for s in history.shares if "utm_content=" in s.shared_url]
    if persona.key not in WEB_SELLERS or not history.shares:
        return []
    rng = random.Random(f"ascent-demo:{seed}:{persona.key}:web")  # noqa: S311 - demo data
    found: list[Visits] = []
    for share in sorted(tagged, key=lambda s: s.posted_at):
        peak = rng.randint(1, 4) if share.commentary in texts.SELF_VOICE else rng.randint(4, 12)
        for later in range(4):
            day = share.posted_at.date() + timedelta(days=later)
            count = peak // (later + 1)
            if day <= end and count:
                found.append(
                    Visits(day, "LinkedIn", "social", CAMPAIGN, post_urn(share.link), count)
                )
    for day in days(first, end):
        found += _background(rng, persona, day)
    return _added_up(found)


def _background(rng: random.Random, persona: Persona, day: date) -> list[Visits]:
    """Untagged LinkedIn, X, search and direct visits of one day."""
    working = is_working_day(day)
    found = []
    if working and rng.random() < 0.3:
        found.append(Visits(day, "LinkedIn", visits=rng.randint(1, 3)))
    if persona.key in X_SHARERS and rng.random() < 0.35:
        found.append(Visits(day, "Twitter", "social", CAMPAIGN, visits=rng.randint(1, 5)))
    if rng.random() < (0.5 if working else 0.2):
        found.append(Visits(day, "Google", "organic", visits=rng.randint(1, 4)))
    if rng.random() < 0.4:
        found.append(Visits(day, "", visits=rng.randint(1, 3)))
    return found


def _added_up(rows: Iterable[Visits]) -> list[Visits]:
    """One row per day, source, medium, campaign and content, in Plausible's order."""
    totals: dict[tuple[date, str, str, str, str], int] = defaultdict(int)
    for r in rows:
        totals[r.day, r.source, r.medium, r.campaign, r.content] += r.visits
    return [Visits(*key, visits=n) for key, n in sorted(totals.items())]


def render_sources(rows: Iterable[Visits]) -> str:
    """``imported_sources_…csv``: every string quoted, as Plausible writes it."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(SOURCES_HEADER)
    for r in rows:
        visitors = max(1, r.visits - r.visits // 5)
        text = (r.day.isoformat(), r.source, r.medium, r.campaign, r.content, "")
        writer.writerow((*text, visitors, r.visits, 95 * r.visits, r.visits // 2))
    return out.getvalue()


def write_plausible_zip(
    folder: Path, persona: Persona, rows: list[Visits], *, first: date, end: date
) -> Path:
    """``<site_with_underscores>-<from>-<to>.zip`` holding ``imported_sources`` (and the
    daily ``imported_visitors`` totals, which the importer leaves out with a note)."""
    folder.mkdir(parents=True, exist_ok=True)
    span = f"{first:%Y%m%d}_{end:%Y%m%d}"
    for stale in folder.glob("*.zip"):
        stale.unlink()
    path = folder / f"{site_of(persona).replace('.', '_')}-{first:%Y%m%d}-{end:%Y%m%d}.zip"
    daily: dict[date, int] = defaultdict(int)
    for r in rows:
        daily[r.day] += r.visits
    visitors = io.StringIO()
    writer = csv.writer(visitors, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(("date", "visitors", "pageviews", "bounces", "visits", "visit_duration"))
    writer.writerows((d.isoformat(), n, 2 * n, n // 2, n, 95 * n) for d, n in sorted(daily.items()))
    stamp = (end.year, end.month, end.day, 0, 0, 0)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            (f"imported_sources_{span}.csv", render_sources(rows)),
            (f"imported_visitors_{span}.csv", visitors.getvalue()),
        ):
            archive.writestr(zipfile.ZipInfo(name, stamp), text.encode("utf-8"))
    return path
