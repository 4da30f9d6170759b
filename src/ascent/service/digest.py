"""The weekly digest (``ascent digest send``): who gets one and what is in it.

A seller (a person with an e-mail) gets their week (routine actions by mode over the seven
days ending on the day), today's plan, one encouragement that fits their phase, their
jigsaw's pillars and the content coach's score of their last post; a lead (a login with the
lead's role and a team, or a person whose role is ``lead``) gets their team: the grid, who
needs a conversation and why, the week's outcomes per person, and the team figures of the
lead home (the funnel, the phase distribution), each hidden below the org's
``k_anonymity`` exactly as there (``team_home``). Nothing of another team reaches a lead.
Whoever turned the digest off (``Person.digest_off`` or ``User.digest_off``,
``set_digest``) is skipped, and said so.

The views here are plain data; ``ascent.web.digest`` draws them as e-mails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import func, select

from ascent.analytics.today import TodayPlan
from ascent.domain.vocabulary import MODE_OF_KIND, ROUTINE_KINDS, Phase
from ascent.errors import NotFound
from ascent.service.coach import latest_posts
from ascent.service.directory import team_called
from ascent.service.team_home import TeamHome, team_home
from ascent.service.today import today
from ascent.store.models import Outcome, Person, Team, User, stored_text
from ascent.store.scope import UnitOfWork

#: the days a digest looks back on: the week ending on the day it is sent
WEEK_DAYS: Final = 7
#: one line per phase, in the spirit of the source material: encourage, never shame
ENCOURAGEMENTS: Final[dict[Phase, str]] = {
    Phase.NOT_STARTED: "Every programme starts with one small day: one post, three comments, "
    "one message.",
    Phase.UNINFORMED_OPTIMISM: "A good start. Results take weeks, not days: keep the routine "
    "and let it compound.",
    Phase.INFORMED_PESSIMISM: "Feeling it is harder than it looked is a normal part of the "
    "curve: most people who get results went through this week too.",
    Phase.VALLEY_OF_DESPAIR: "This is the valley, where most people quit and the ones who "
    "keep going break through. One conversation today is enough.",
    Phase.INFORMED_OPTIMISM: "It is working. Now make it a habit, and repeat what worked in "
    "your other target accounts.",
    Phase.SUCCESS: "The routine is yours and it pays. Share what works with your team.",
    Phase.LAPSED: "Welcome back whenever you are ready: one small action restarts the habit.",
}


@dataclass(frozen=True)
class Recipient:
    """Who a digest goes to: their e-mail, name, the kind of digest, their team."""

    email: str
    name: str
    kind: str  # "seller" or "lead"
    team_id: int
    team: str
    person_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"email": self.email, "name": self.name, "kind": self.kind, "team": self.team}


@dataclass(frozen=True)
class SellerDigest:
    """A seller's week and today."""

    recipient: Recipient
    as_of: date
    week: dict[str, int]
    phase: Phase
    quit_risk: float
    reason: str
    encouragement: str
    pillars: dict[str, float]
    plan: TodayPlan
    #: the content coach's score of their last post with text (``service.coach``), if any
    last_post: dict[str, Any] | None = None

    @property
    def first_day(self) -> date:
        return self.as_of - timedelta(days=WEEK_DAYS - 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "to": self.recipient.to_dict(),
            "as_of": self.as_of.isoformat(),
            "first_day": self.first_day.isoformat(),
            "week": self.week,
            "phase": self.phase,
            "quit_risk": round(self.quit_risk, 3),
            "reason": self.reason,
            "encouragement": self.encouragement,
            "pillars": {k: round(v, 3) for k, v in self.pillars.items()},
            "plan": self.plan.to_dict(),
            "last_post": self.last_post,
        }


@dataclass(frozen=True)
class LeadDigest:
    """A lead's team as on the lead home, and the week's outcomes per person."""

    recipient: Recipient
    as_of: date
    team: TeamHome
    #: (person, outcome kind, how many) in the week
    outcomes: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def first_day(self) -> date:
        return self.as_of - timedelta(days=WEEK_DAYS - 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "to": self.recipient.to_dict(),
            "as_of": self.as_of.isoformat(),
            "first_day": self.first_day.isoformat(),
            "team": self.team.to_dict(),
            "outcomes": [{"person": p, "kind": k, "n": n} for p, k, n in self.outcomes],
        }


Digest = SellerDigest | LeadDigest


@dataclass(frozen=True)
class Digests:
    """Every digest of a run, and who was left out and why."""

    as_of: date
    digests: list[Digest]
    skipped: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "digests": [d.to_dict() for d in self.digests],
            "skipped": self.skipped,
        }


def weekly_digests(uow: UnitOfWork, *, as_of: date, team: str | None = None) -> Digests:
    """Every digest due as of ``as_of`` (of ``team`` only, when given)."""
    team_id = None if team is None else team_called(uow, team).id
    recipients, skipped = recipients_of(uow, team_id=team_id)
    digests: list[Digest] = []
    homes: dict[int, TeamHome] = {}
    for r in recipients:
        if r.kind == "seller":
            digests.append(seller_digest(uow, recipient=r, as_of=as_of))
        else:
            if r.team_id not in homes:
                homes[r.team_id] = team_home(uow, team_id=r.team_id, as_of=as_of)
            outcomes = week_outcomes(uow, team_id=r.team_id, as_of=as_of)
            digests.append(LeadDigest(r, as_of, homes[r.team_id], outcomes))
    return Digests(as_of, digests, skipped)


def recipients_of(
    uow: UnitOfWork, *, team_id: int | None
) -> tuple[list[Recipient], list[dict[str, str]]]:
    """Sellers (people with an e-mail) and leads (lead logins with a team, lead people), by
    team then e-mail; those who turned the digest off, or have no e-mail, are skipped."""
    off = {u.lower() for u in uow.session.scalars(select(User.email).where(User.digest_off))}
    found: dict[str, Recipient] = {}
    skipped: list[dict[str, str]] = []
    people = select(Person, Team.name).join(Team, Team.id == Person.team_id)
    for person, team in uow.session.execute(people.order_by(Person.id)).all():
        if team_id is not None and person.team_id != team_id:
            continue
        kind = "lead" if person.role == "lead" else "seller"
        if person.role == "admin":
            continue
        if not person.email:
            skipped.append({"person": person.name, "why": "no e-mail"})
            continue
        if person.digest_off or person.email.lower() in off:
            skipped.append({"person": person.name, "why": "turned the digest off"})
            continue
        found[f"{kind}:{person.email.lower()}"] = Recipient(
            person.email, person.name, kind, person.team_id, team, person.id
        )
    leads = select(User, Team.name).join(Team, Team.id == User.team_id)
    for user, team in uow.session.execute(leads.where(User.role == "lead")).all():
        if team_id is not None and user.team_id != team_id:
            continue
        assert user.team_id is not None
        if user.digest_off:
            skipped.append({"person": user.name, "why": "turned the digest off"})
            continue
        found.setdefault(
            f"lead:{user.email.lower()}",
            Recipient(user.email, user.name, "lead", user.team_id, team),
        )
    ordered = sorted(found.values(), key=lambda r: (r.team, r.kind != "lead", r.email.lower()))
    return ordered, skipped


def seller_digest(uow: UnitOfWork, *, recipient: Recipient, as_of: date) -> SellerDigest:
    """One seller's digest: their week, phase, pillars and today's plan (one load)."""
    assert recipient.person_id is not None
    day = today(uow, person=recipient.person_id, as_of=as_of)
    (report,) = day.measured.reports
    m = report.measures
    facts = day.measured.facts[recipient.person_id]
    first = as_of - timedelta(days=WEEK_DAYS - 1)
    week = dict.fromkeys(("publish", "engage", "converse", "connect"), 0)
    for d, counts in facts.days.items():
        if first <= d <= as_of:
            for kind, n in counts.items():
                if kind in ROUTINE_KINDS:
                    week[MODE_OF_KIND[kind]] += n
    last_post = latest_posts(uow, person_id=recipient.person_id, as_of=as_of, limit=1)
    return SellerDigest(
        recipient,
        as_of,
        week,
        m.phase,
        m.quit_risk,
        m.reason,
        ENCOURAGEMENTS[m.phase],
        dict(m.pillars),
        day.plan,
        last_post[0].to_dict() if last_post else None,
    )


def week_outcomes(uow: UnitOfWork, *, team_id: int, as_of: date) -> list[tuple[str, str, int]]:
    """(person, kind, count) of the team's outcomes in the week ending ``as_of``."""
    first = as_of - timedelta(days=WEEK_DAYS - 1)
    o = Outcome
    rows = uow.session.execute(
        select(Person.name, o.kind, func.count())
        .join(Person, Person.id == o.person_id)
        .where(Person.team_id == team_id, o.day.between(first, as_of))
        .group_by(Person.name, o.kind)
        .order_by(Person.name, o.kind)
    )
    return [(name, kind, int(n)) for name, kind, n in rows]


def set_digest(uow: UnitOfWork, *, who: str, off: bool) -> dict[str, Any]:
    """Turn the digest off (or on again) for ``who`` (an e-mail or a name): every person and
    login of theirs; commit."""
    key = stored_text(who.strip().lower())
    column = Person.email if "@" in key else Person.name
    people = list(uow.session.scalars(select(Person).where(func.lower(column) == key)))
    emails = {p.email.lower() for p in people if p.email}
    if "@" in key:
        emails.add(key)
    users = list(uow.session.scalars(select(User).where(func.lower(User.email).in_(emails))))
    if not people and not users:
        raise NotFound(f"no person or login {who!r} in this org")
    for person in people:
        person.digest_off = off
    for user in users:
        user.digest_off = off
    uow.commit()
    return {
        "who": who,
        "digest": "off" if off else "on",
        "people": len(people),
        "logins": len(users),
    }
