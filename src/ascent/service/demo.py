"""The demo programme (DESIGN §8): generate real-format exports, import them, make the demo
logins (password ``demo``), report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from ascent.demo import TARGET_ACCOUNTS, build_demo
from ascent.domain.strategy import Goal, Strategy, Tactic
from ascent.service.imports import ImportReport, import_paths
from ascent.service.people import PersonReport, people_reports
from ascent.service.strategy import load_strategy
from ascent.service.users import UserView, check_demo_database, demo_logins
from ascent.store.scope import UnitOfWork


@dataclass
class DemoResult:
    exports: Path
    imports: list[ImportReport]
    people: list[PersonReport]
    #: every seller, a lead per team and an admin, all with the password ``demo``
    logins: list[UserView]


def run_demo(uow: UnitOfWork, *, exports: Path, end: date, seed: int) -> DemoResult:
    """Write the demo exports and team strategies to ``exports``, import and load them, and
    make the demo logins; refused (before anything is written) in a database that holds
    real people or logins."""
    check_demo_database(uow)
    manifest = build_demo(exports, end=end, seed=seed)
    for team, accounts in TARGET_ACCOUNTS.items():
        load_strategy(uow, path=_write_strategy(exports, demo_strategy(team, accounts)))
    reports = [
        import_paths(uow, paths=[entry.export], person=entry.persona.email, team=entry.persona.team)
        for entry in manifest.personas
    ]
    reports.append(import_paths(uow, paths=[manifest.outcomes]))
    logins = demo_logins(uow)
    return DemoResult(exports, reports, people_reports(uow, as_of=end), logins)


def demo_strategy(team: str, accounts: tuple[str, ...]) -> Strategy:
    """The strategy a demo team works to: meetings and deals in its six target accounts."""
    goals = (
        Goal("Meetings in target accounts", "meeting_booked"),
        Goal("Deals won in target accounts", "deal_won"),
    )
    tactics = (
        Tactic(
            "Customer stories",
            goals[0].name,
            frozenset({"post", "share"}),
            frozenset({"linkedin"}),
            "3 a week",
        ),
        Tactic(
            "Listen and respond",
            goals[0].name,
            frozenset({"comment", "reaction"}),
            cadence="every working day",
        ),
        Tactic(
            "Pursue prospects",
            goals[1].name,
            frozenset({"message_out", "invite_out", "call", "meeting"}),
            cadence="5-7 touches until there is an answer",
        ),
    )
    # no team-wide programme start: each seller's start is detected from their own activity,
    # which is what shows the newcomer as new and the not-yet-started as not started
    return Strategy(team, goals, tactics, accounts)


def _write_strategy(exports: Path, strategy: Strategy) -> Path:
    path = exports / f"strategy-{strategy.team.lower().replace(' ', '-')}.yaml"
    path.write_text(yaml.safe_dump(strategy.to_dict(), sort_keys=False), encoding="utf-8")
    return path
