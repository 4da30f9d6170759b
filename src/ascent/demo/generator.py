"""Build the demo programme (DESIGN §8): one real-format LinkedIn export per persona, one
Ascent outcomes CSV, a HubSpot deals export (``demo.crm``), a Plausible export of site visits
per posting seller (``demo.web``) and three market feeds (``demo.feeds``), all deterministic
for a given seed and end date.

Each persona draws from its own ``random.Random`` seeded with the seed and the persona key,
so adding a persona never changes another's history, and nothing reads the clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ascent.demo import texts
from ascent.demo.activity import simulate_days
from ascent.demo.crm import Deal, deal_book, write_deals
from ascent.demo.feeds import write_feeds
from ascent.demo.linkedin_rows import Connection, LinkedInExport, Position, Profile
from ascent.demo.linkedin_writer import export_zip_name, write_export_zip
from ascent.demo.network import add_history_tail
from ascent.demo.outcomes import OutcomeRow, write_outcomes
from ascent.demo.personas import PERSONAS, TARGET_ACCOUNTS, Persona
from ascent.demo.posts import vary_posts
from ascent.demo.shapes import SHAPES
from ascent.demo.timeline import History, Run
from ascent.demo.web import tag_shares, visits, write_plausible_zip

#: this persona's ZIP nests its files in a top folder, as re-downloaded archives do
NESTED_PERSONA = "listener"


@dataclass(frozen=True, slots=True)
class DemoEntry:
    """One persona, the export written for it and the visits to their site (if they post)."""

    persona: Persona
    export: Path
    web: Path | None = None

    def to_dict(self) -> dict[str, str | None]:
        p = self.persona
        return {
            "key": p.key,
            "name": p.name,
            "email": p.email,
            "team": p.team,
            "role": p.role,
            "intended_phase": p.intended_phase,
            "export": str(self.export),
            "web": None if self.web is None else str(self.web),
        }


@dataclass(frozen=True, slots=True)
class DemoManifest:
    """What ``build_demo`` wrote: an export per persona, the shared outcomes CSV, the team's
    CRM export and the market's feed files."""

    end: date
    seed: int
    weeks: int
    personas: tuple[DemoEntry, ...]
    outcomes: Path
    crm: Path
    feeds: tuple[Path, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "end": self.end.isoformat(),
            "seed": self.seed,
            "weeks": self.weeks,
            "personas": [entry.to_dict() for entry in self.personas],
            "outcomes": str(self.outcomes),
            "crm": str(self.crm),
            "feeds": [str(p) for p in self.feeds],
            "target_accounts": {team: list(names) for team, names in TARGET_ACCOUNTS.items()},
        }


def build_demo(out_dir: Path, *, end: date, seed: int = 2026, weeks: int = 26) -> DemoManifest:
    """Write every persona's exports, the outcomes CSV, the CRM export and the feeds under
    ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    start = end - timedelta(days=weeks * 7 - 1)
    entries: list[DemoEntry] = []
    outcomes: list[OutcomeRow] = []
    deals: list[Deal] = []
    for persona in PERSONAS:
        history = simulate_persona(persona, end=end, seed=seed, weeks=weeks)
        export = _write_export(out_dir, persona, history, end)
        web = _write_web(out_dir, persona, history, start=start, end=end, seed=seed)
        entries.append(DemoEntry(persona, export, web))
        outcomes += _numbered(persona, history.outcomes)
        deals += deal_book(persona, history.outcomes, start=start, end=end, seed=seed)
    path = write_outcomes(out_dir / "outcomes.csv", outcomes)
    crm = write_deals(out_dir / "crm", deals, end)
    feeds = write_feeds(out_dir / "feeds", end)
    return DemoManifest(end, seed, weeks, tuple(entries), path, crm, feeds)


def simulate_persona(persona: Persona, *, end: date, seed: int, weeks: int = 26) -> History:
    """One persona's full history, from its own random stream."""
    # reproducible demo data, not secrets: a seeded PRNG is the point
    rng = random.Random(f"ascent-demo:{seed}:{persona.key}")  # noqa: S311
    run = Run.create(persona, SHAPES[persona.key], rng, end=end, weeks=weeks)
    add_history_tail(run)
    simulate_days(run)
    vary_posts(persona, run.history, seed)
    tag_shares(persona, run.history, seed)
    return run.history


def linkedin_export(persona: Persona, history: History, end: date) -> LinkedInExport:
    """The persona's history as a 2026 LinkedIn export, rows newest first."""
    h = history
    return LinkedInExport(
        exported_on=end,
        profile=_profile(persona),
        positions=(
            Position("Ascent Demo Co", "Account Executive", "Jan 2023"),
            Position("Example Software Ltd", "Sales Development Rep", "Mar 2019", "Dec 2022"),
        ),
        connections=tuple(sorted(h.connections, key=_connection_order, reverse=True)),
        messages=tuple(h.messages),
        invitations=tuple(sorted(h.invitations, key=lambda r: r.sent_at, reverse=True)),
        shares=tuple(sorted(h.shares, key=lambda r: r.posted_at, reverse=True)),
        comments=tuple(sorted(h.comments, key=lambda r: r.commented_at, reverse=True)),
        reactions=tuple(sorted(h.reactions, key=lambda r: r.reacted_at, reverse=True)),
    )


def _connection_order(row: Connection) -> tuple[date, str]:
    return (row.connected_on, row.url)


def _profile(persona: Persona) -> Profile:
    index = sum(map(ord, persona.key)) % len(texts.HEADLINES)
    return Profile(
        persona.first_name,
        persona.last_name,
        headline=texts.HEADLINES[index],
        summary=f"I help {persona.team.split()[1]} teams spend less time on reports, "
        "and more on customers.\nAsk me about onboarding.",
        industry="Software Development",
        geo_location="London Area, United Kingdom",
        birth_date="Mar 7",
    )


def _write_export(out_dir: Path, persona: Persona, history: History, end: date) -> Path:
    folder = out_dir / "linkedin" / persona.key
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("Complete_LinkedInDataExport_*.zip"):
        stale.unlink()
    name = export_zip_name(end)
    top = name.removesuffix(".zip") + " (1)" if persona.key == NESTED_PERSONA else None
    return write_export_zip(folder / name, linkedin_export(persona, history, end), top_folder=top)


def _write_web(
    out_dir: Path, persona: Persona, history: History, *, start: date, end: date, seed: int
) -> Path | None:
    """A Plausible export of the persona's site visits over the window, if they ever posted."""
    rows = visits(persona, history, first=start, end=end, seed=seed)
    if not rows:
        return None
    return write_plausible_zip(out_dir / "web" / persona.key, persona, rows, first=start, end=end)


def _numbered(persona: Persona, rows: list[OutcomeRow]) -> list[OutcomeRow]:
    """Date order with stable ids ``demo-<persona>-<n>``."""
    ordered = sorted(rows, key=lambda r: (r.day, r.kind, r.contact_url))
    return [
        OutcomeRow(
            r.when,
            r.kind,
            r.person,
            r.contact,
            r.contact_url,
            r.account,
            id=f"demo-{persona.key}-{n}",
            amount=r.amount,
            channel=r.channel,
            source=r.source,
            note=r.note,
        )
        for n, r in enumerate(ordered, start=1)
    ]
