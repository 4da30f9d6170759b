"""The strategy editor's use cases: a team's strategy as an editable draft, the coverage of
an edited (unsaved) draft, saving it, and the YAML file ``ascent strategy load`` reads.

A draft keeps what the user typed, valid or not, so that a form can be redrawn with its
mistakes in place; only ``draft_strategy`` turns it into a ``Strategy`` (through the same
``parse_strategy`` the YAML loader uses, so the form and the file refuse the same things).

The page is open to the whole team, sellers too, so the team's coverage (a total of its
people's effort) is shown only when at least the org's ``k_anonymity`` people have effort in
the window; below that it is hidden for everyone, as the lead home hides its figures. A seller
also sees their own coverage under the strategy, never another person's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from sqlalchemy import select

from ascent.analytics.coverage import Coverage, strategy_coverage
from ascent.domain.strategy import Strategy, StrategyError, parse_strategy
from ascent.domain.vocabulary import ACTIVITY_KINDS, CHANNELS, EFFORT_KINDS, OUTCOME_KINDS
from ascent.errors import InputError, NotFound
from ascent.service.directory import team_name
from ascent.service.imports_page import safe_file_name
from ascent.service.org_settings import k_anonymity, measure_settings
from ascent.service.people import effort_counts
from ascent.service.strategy import read_strategy, save_strategy, team_strategy
from ascent.store.models import Person
from ascent.store.scope import UnitOfWork

#: a strategy file is a few kilobytes; this leaves room for a long list of target accounts
YAML_BYTES = 1 << 20
#: the form's name for the strategy it was given, in error messages
FORM = "strategy form"


@dataclass
class GoalRow:
    name: str = ""
    outcome: str = ""


@dataclass
class TacticRow:
    name: str = ""
    serves: str = ""
    #: comma-separated, as typed
    kinds: str = ""
    channels: str = ""
    cadence: str = ""


@dataclass
class StrategyDraft:
    """A strategy as the form holds it: every field the text the user typed."""

    programme_start: str = ""
    goals: list[GoalRow] = field(default_factory=list)
    tactics: list[TacticRow] = field(default_factory=list)
    #: one per line
    accounts: str = ""
    personas: str = ""

    def document(self, team: str) -> dict[str, Any]:
        """The YAML document this draft stands for; blank rows are left out."""
        return {
            "team": team,
            "programme_start": self.programme_start.strip() or None,
            "goals": [
                {"name": g.name, "outcome": g.outcome.strip() or None}
                for g in self.goals
                if g.name.strip()
            ],
            "tactics": [_tactic_document(t) for t in self.tactics if _filled(t)],
            "targets": {"accounts": _lines(self.accounts), "personas": _lines(self.personas)},
        }


@dataclass(frozen=True)
class OwnCoverage:
    """The viewer's own coverage under the (edited) strategy: a seller's only figure."""

    person_id: int
    person: str
    coverage: Coverage

    def to_dict(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "person": self.person, **self.coverage.to_dict()}


@dataclass(frozen=True)
class TeamCoverage:
    """The draft's coverage: the team's (None when it would describe fewer than k people,
    ``hidden_reason`` saying so) and the viewer's own (a seller's; None for others)."""

    k_anonymity: int
    team: Coverage | None
    hidden_reason: str | None
    own: OwnCoverage | None = None


@dataclass
class StrategyView:
    """The editor page: the team, its draft, the draft's coverage, and what the viewer may do."""

    team_id: int
    team: str
    as_of: date
    window_days: int
    draft: StrategyDraft
    coverage: TeamCoverage | None
    saved: bool
    may_save: bool
    #: why the draft is not a valid strategy (the form's one-line error)
    error: str | None = None
    #: why an uploaded YAML file was refused (nothing was saved)
    upload_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        strategy = None if self.error else draft_strategy(self.team, self.draft).to_dict()
        c = self.coverage
        return {
            "team_id": self.team_id,
            "team": self.team,
            "as_of": self.as_of.isoformat(),
            "window_days": self.window_days,
            "strategy": strategy,
            "saved": self.saved,
            "may_save": self.may_save,
            "k_anonymity": c.k_anonymity if c else None,
            "coverage": c.team.to_dict() if c and c.team else None,
            "coverage_hidden_reason": c.hidden_reason if c else None,
            "own_coverage": c.own.to_dict() if c and c.own else None,
            "error": self.error,
            "upload_error": self.upload_error,
            "choices": choices(),
        }


def choices() -> dict[str, list[str]]:
    """What a goal's outcome, a tactic's kinds and channels may name (the vocabulary)."""
    return {
        "outcomes": sorted(OUTCOME_KINDS),
        "kinds": sorted(ACTIVITY_KINDS),
        "effort_kinds": sorted(EFFORT_KINDS),
        "channels": sorted(CHANNELS),
    }


def strategy_page(
    uow: UnitOfWork,
    *,
    team_id: int,
    as_of: date,
    may_save: bool,
    viewer_person: int | None = None,
) -> StrategyView:
    """The team's saved strategy (an empty draft when none was loaded) and its coverage;
    ``viewer_person`` is the seller looking (their own coverage is shown too)."""
    team = team_name(uow, team_id=team_id)
    try:
        strategy: Strategy | None = team_strategy(uow, team=team)
    except NotFound:
        strategy = None
    draft = draft_of(strategy) if strategy else StrategyDraft()
    view = edited_page(
        uow,
        team_id=team_id,
        as_of=as_of,
        may_save=may_save,
        draft=draft,
        viewer_person=viewer_person,
    )
    return replace(view, saved=strategy is not None)


def edited_page(
    uow: UnitOfWork,
    *,
    team_id: int,
    as_of: date,
    may_save: bool,
    draft: StrategyDraft,
    viewer_person: int | None = None,
) -> StrategyView:
    """The page for an edited draft: its coverage when it is valid, else its one-line error."""
    team = team_name(uow, team_id=team_id)
    window = measure_settings(uow).window_days
    try:
        strategy = draft_strategy(team, draft)
    except InputError as exc:
        return StrategyView(team_id, team, as_of, window, draft, None, False, may_save, str(exc))
    coverage = team_coverage(
        uow, team_id=team_id, as_of=as_of, strategy=strategy, viewer_person=viewer_person
    )
    return StrategyView(team_id, team, as_of, window, draft, coverage, False, may_save)


def team_coverage(
    uow: UnitOfWork,
    *,
    team_id: int,
    as_of: date,
    strategy: Strategy,
    viewer_person: int | None = None,
) -> TeamCoverage:
    """Strategy coverage over the org's window up to ``as_of``: of the team's effort added up
    (shown when at least k people have effort), and of ``viewer_person``'s own when given
    and one of the team."""
    window = measure_settings(uow).window_days
    k = k_anonymity(uow)
    by_person = team_effort(uow, team_id=team_id, as_of=as_of, window_days=window)
    counts: dict[tuple[str, str], int] = {}
    for by_kind in by_person.values():
        for key, n in by_kind.items():
            counts[key] = counts.get(key, 0) + n
    people = sum(1 for c in by_person.values() if strategy_coverage(c, None).effort > 0)
    shown = people >= k
    reason = None if shown else f"fewer than {k} people with effort in the {window} days"
    own = _own_coverage(uow, by_person, team_id, viewer_person, strategy)
    return TeamCoverage(k, strategy_coverage(counts, strategy) if shown else None, reason, own)


def team_effort(
    uow: UnitOfWork, *, team_id: int, as_of: date, window_days: int
) -> dict[int, dict[tuple[str, str], int]]:
    """Activity counts by (kind, channel) per person of the team over the trailing window."""
    return effort_counts(uow, as_of, window_days, None, team_id=team_id)


def _own_coverage(
    uow: UnitOfWork,
    by_person: dict[int, dict[tuple[str, str], int]],
    team_id: int,
    person_id: int | None,
    strategy: Strategy,
) -> OwnCoverage | None:
    """The coverage of ``person_id``'s own effort, when they are one of the team."""
    if person_id is None:
        return None
    name = uow.session.scalar(
        select(Person.name).where(Person.id == person_id, Person.team_id == team_id)
    )
    if name is None:
        return None
    return OwnCoverage(person_id, name, strategy_coverage(by_person.get(person_id, {}), strategy))


def draft_strategy(team: str, draft: StrategyDraft) -> Strategy:
    """The draft as a ``Strategy``; an invalid one is an ``InputError`` naming the field."""
    try:
        return parse_strategy(draft.document(team))
    except StrategyError as exc:
        raise InputError(FORM, str(exc)) from exc


def save_draft(uow: UnitOfWork, *, team_id: int, draft: StrategyDraft) -> Strategy:
    """Replace the team's strategy with the draft (``InputError`` and nothing saved if invalid)."""
    strategy = draft_strategy(team_name(uow, team_id=team_id), draft)
    save_strategy(uow, strategy=strategy)
    return strategy


def draft_of(strategy: Strategy) -> StrategyDraft:
    """A saved strategy as the form shows it."""
    return StrategyDraft(
        programme_start=strategy.programme_start.isoformat() if strategy.programme_start else "",
        goals=[GoalRow(g.name, g.outcome or "") for g in strategy.goals],
        tactics=[
            TacticRow(
                t.name,
                t.serves or "",
                ", ".join(sorted(t.kinds)),
                ", ".join(sorted(t.channels)),
                t.cadence or "",
            )
            for t in strategy.tactics
        ],
        accounts="\n".join(strategy.target_accounts),
        personas="\n".join(strategy.target_personas),
    )


def draft_from_form(form: Mapping[str, Sequence[str]]) -> StrategyDraft:
    """The draft a strategy form posted: parallel lists of row fields, rows ticked ``remove_*``
    left out, and one blank row added when the user asked for one (``add`` = goal, tactic)."""

    def column(name: str) -> list[str]:
        return [str(v) for v in form.get(name, [])]

    def rows(prefix: str, names: Sequence[str], make: Callable[..., Any]) -> list[Any]:
        cols = [column(f"{prefix}_{n}") for n in names]
        removed = set(column(f"remove_{prefix}"))
        width = max((len(c) for c in cols), default=0)
        cells = [[c[i] if i < len(c) else "" for c in cols] for i in range(width)]
        kept = [make(*row) for i, row in enumerate(cells) if str(i) not in removed]
        return [*kept, make()] if prefix in column("add") else kept

    return StrategyDraft(
        programme_start=_first(column("programme_start")),
        goals=rows("goal", ("name", "outcome"), GoalRow),
        tactics=rows("tactic", ("name", "serves", "kinds", "channels", "cadence"), TacticRow),
        accounts=_first(column("accounts")),
        personas=_first(column("personas")),
    )


def saved_yaml(uow: UnitOfWork, *, team_id: int) -> str:
    """The team's saved strategy as a YAML file (``NotFound`` when none was loaded)."""
    return strategy_yaml(team_strategy(uow, team=team_name(uow, team_id=team_id)))


def strategy_yaml(strategy: Strategy) -> str:
    """The strategy as the YAML file ``ascent strategy load`` reads (fields in its order)."""
    return yaml.safe_dump(strategy.to_dict(), sort_keys=False, allow_unicode=True)


def load_yaml_upload(uow: UnitOfWork, *, team_id: int, filename: str, data: bytes) -> Strategy:
    """Replace the team's strategy with an uploaded YAML file, read exactly as ``ascent
    strategy load`` reads a file; a file for another team is refused (nothing saved)."""
    team = team_name(uow, team_id=team_id)
    name = safe_file_name(filename or "strategy.yaml", 0)
    if len(data) > YAML_BYTES:
        raise InputError(name, f"a strategy file is at most {YAML_BYTES:,} bytes")
    with TemporaryDirectory(prefix="ascent-strategy-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            strategy = read_strategy(path)
        except InputError as exc:
            raise InputError(name, exc.reason, exc.line) from exc
    if strategy.team.casefold() != team.casefold():
        raise InputError(name, f"the file is the strategy of {strategy.team!r}, not of {team!r}")
    save_strategy(uow, strategy=replace(strategy, team=team))
    return strategy


def _tactic_document(t: TacticRow) -> dict[str, Any]:
    return {
        "name": t.name,
        "serves": t.serves.strip() or None,
        "kinds": _items(t.kinds),
        "channels": _items(t.channels),
        "cadence": t.cadence.strip() or None,
    }


def _filled(t: TacticRow) -> bool:
    return any(v.strip() for v in (t.name, t.kinds, t.channels, t.cadence))


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _first(values: list[str]) -> str:
    return values[0] if values else ""
