"""The demo programme (DESIGN §8): generate real-format exports, import them, make the demo
logins (password ``demo``), report.

The demo org stores message and post bodies (``Org.store_bodies``), so the content coach and
the market's gap have the sellers' own texts; its market feeds are local files, followed and
read as of the demo's last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import yaml
from sqlalchemy import select

from ascent.demo import TARGET_ACCOUNTS, build_demo
from ascent.domain.strategy import Goal, Strategy, Tactic
from ascent.errors import ConfigError
from ascent.service.imports import ImportReport, import_paths
from ascent.service.market import add_feed, fetch_feeds
from ascent.service.org_settings import set_org_settings
from ascent.service.people import PersonReport, people_reports
from ascent.service.strategy import load_strategy
from ascent.service.users import UserView, add_user
from ascent.store.models import Person, Team, User
from ascent.store.scope import UnitOfWork

#: the demo's people and logins: an invented domain that no real address has
DEMO_DOMAIN = "@demo.example"


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
    set_org_settings(uow, changes={"store_bodies": "true"})
    for team, accounts in TARGET_ACCOUNTS.items():
        load_strategy(uow, path=_write_strategy(exports, demo_strategy(team, accounts)))
    reports = [
        import_paths(uow, paths=[entry.export], person=entry.persona.email, team=entry.persona.team)
        for entry in manifest.personas
    ]
    # the CRM names its deals' owners, who must be people already: after the exports
    reports.append(import_paths(uow, paths=[manifest.outcomes, manifest.crm]))
    reports += [
        import_paths(uow, paths=[entry.web], person=entry.persona.email)
        for entry in manifest.personas
        if entry.web is not None
    ]
    register_feeds(uow, feeds=manifest.feeds, end=end)
    logins = demo_logins(uow)
    return DemoResult(exports, reports, people_reports(uow, as_of=end), logins)


def register_feeds(uow: UnitOfWork, *, feeds: tuple[Path, ...], end: date) -> int:
    """Follow the demo's local feed files and read them as of ``end``; the number followed."""
    now = datetime.combine(end, time(18), UTC)
    for path in feeds:
        add_feed(uow, url=str(path), now=now)
    fetch_feeds(uow, now=now)
    return len(feeds)


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


def demo_logins(
    uow: UnitOfWork,
    *,
    password: str = "demo",  # noqa: S107 - the demo's published password (issue 9)
) -> list[UserView]:
    """Logins for the demo (issue 9): every demo person (an ``@demo.example`` e-mail) as a
    seller, one lead per team (``lead.north@demo.example`` for Team North) and
    ``admin@demo.example``; commits.

    A known password must never open real data: when the org holds a login or a person that
    is not the demo's (``ascent demo --db`` pointed at a real database), nothing is made.
    """
    found = check_demo_database(uow)
    wanted: list[tuple[str, str, str | None]] = [(e, "seller", None) for e, _ in found if e]
    for team in sorted({team for _, team in found}):
        wanted.append((f"lead.{team.split()[-1].lower()}@demo.example", "lead", team))
    wanted.append(("admin@demo.example", "admin", None))
    return [
        add_user(uow, email=email, role=role, team=team, password=password)
        for email, role, team in wanted
    ]


def check_demo_database(uow: UnitOfWork) -> list[tuple[str | None, str]]:
    """The org's (e-mail, team) of every person, when all of them and every login are the
    demo's; else ``ConfigError``: the demo goes into no database with real people in it."""
    people = select(Person.email, Team.name).join(Team, Team.id == Person.team_id)
    found = [(email, team) for email, team in uow.session.execute(people.order_by(Person.email))]
    logins = list(uow.session.scalars(select(User.email)))
    emails = [email for email, _ in found] + logins
    if not all(e is not None and e.endswith(DEMO_DOMAIN) for e in emails):
        raise ConfigError(
            "this database holds real people or logins: the demo goes only into a database "
            "of its own (run ascent demo without --db)"
        )
    return found
