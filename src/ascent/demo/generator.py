"""Build the demo programme (DESIGN §8): one real-format LinkedIn export per persona plus one
Ascent outcomes CSV, all deterministic for a given seed and end date.

Each persona draws from its own ``random.Random`` seeded with the seed and the persona key,
so adding a persona never changes another's history, and nothing reads the clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ascent.demo import texts
from ascent.demo.activity import simulate_days
from ascent.demo.linkedin_rows import Connection, LinkedInExport, Position, Profile
from ascent.demo.linkedin_writer import export_zip_name, write_export_zip
from ascent.demo.network import add_history_tail
from ascent.demo.outcomes import OutcomeRow, write_outcomes
from ascent.demo.personas import PERSONAS, TARGET_ACCOUNTS, Persona
from ascent.demo.shapes import SHAPES
from ascent.demo.timeline import History, Run

#: this persona's ZIP nests its files in a top folder, as re-downloaded archives do
NESTED_PERSONA = "listener"


@dataclass(frozen=True, slots=True)
class DemoEntry:
    """One persona and the export written for it."""

    persona: Persona
    export: Path

    def to_dict(self) -> dict[str, str]:
        p = self.persona
        return {
            "key": p.key,
            "name": p.name,
            "email": p.email,
            "team": p.team,
            "role": p.role,
            "intended_phase": p.intended_phase,
            "export": str(self.export),
        }


@dataclass(frozen=True, slots=True)
class DemoManifest:
    """What ``build_demo`` wrote: an export per persona and the shared outcomes CSV."""

    end: date
    seed: int
    weeks: int
    personas: tuple[DemoEntry, ...]
    outcomes: Path

    def to_dict(self) -> dict[str, Any]:
        return {
            "end": self.end.isoformat(),
            "seed": self.seed,
            "weeks": self.weeks,
            "personas": [entry.to_dict() for entry in self.personas],
            "outcomes": str(self.outcomes),
            "target_accounts": {team: list(names) for team, names in TARGET_ACCOUNTS.items()},
        }


def build_demo(out_dir: Path, *, end: date, seed: int = 2026, weeks: int = 26) -> DemoManifest:
    """Write every persona's export and the outcomes CSV under ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: list[DemoEntry] = []
    outcomes: list[OutcomeRow] = []
    for persona in PERSONAS:
        history = simulate_persona(persona, end=end, seed=seed, weeks=weeks)
        entries.append(DemoEntry(persona, _write_export(out_dir, persona, history, end)))
        outcomes += _numbered(persona, history.outcomes)
    path = write_outcomes(out_dir / "outcomes.csv", outcomes)
    return DemoManifest(end, seed, weeks, tuple(entries), path)


def simulate_persona(persona: Persona, *, end: date, seed: int, weeks: int = 26) -> History:
    """One persona's full history, from its own random stream."""
    # reproducible demo data, not secrets: a seeded PRNG is the point
    rng = random.Random(f"ascent-demo:{seed}:{persona.key}")  # noqa: S311
    run = Run.create(persona, SHAPES[persona.key], rng, end=end, weeks=weeks)
    add_history_tail(run)
    simulate_days(run)
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
