"""The demo programme (DESIGN §8): generate real-format exports, import them, report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ascent.demo import build_demo
from ascent.service.imports import ImportReport, import_paths
from ascent.service.people import PersonRow, list_people
from ascent.store.scope import UnitOfWork


@dataclass
class DemoResult:
    exports: Path
    imports: list[ImportReport]
    people: list[PersonRow]


def run_demo(uow: UnitOfWork, *, exports: Path, end: date, seed: int) -> DemoResult:
    """Write the demo exports to ``exports``, import each seller's, then the outcomes."""
    manifest = build_demo(exports, end=end, seed=seed)
    reports = [
        import_paths(uow, paths=[entry.export], person=entry.persona.email, team=entry.persona.team)
        for entry in manifest.personas
    ]
    reports.append(import_paths(uow, paths=[manifest.outcomes]))
    return DemoResult(exports, reports, list_people(uow, as_of=end))
