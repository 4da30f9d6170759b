"""A strategy: outcome goals, the tactics that serve them, and the targets (DESIGN §3).

Loaded from YAML, e.g.::

    team: Team North
    programme_start: 2026-01-05        # optional: phases count from here
    goals:
      - name: Meetings in target accounts
        outcome: meeting_booked
    tactics:
      - name: Customer stories
        serves: Meetings in target accounts
        kinds: [post, share]
        channels: [linkedin]           # optional: any channel when left out
        cadence: 3 a week              # words for people, not a quota
      - name: Follow up prospects
        serves: Meetings in target accounts
        kinds: [message_out, invite_out, call]
    targets:
      accounts: [Acme Example Ltd, Globex Example]
      personas: [Head of Sales]        # matched against a contact's position

Goals stay high level on purpose: the source material warns that goals that are too specific
kill motivation, so a cadence is shown as guidance and never scored as a quota.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ascent.domain.vocabulary import ACTIVITY_KINDS, CHANNELS, OUTCOME_KINDS


class StrategyError(ValueError):
    """The strategy document is invalid; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Goal:
    name: str
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Tactic:
    name: str
    serves: str | None
    kinds: frozenset[str]
    channels: frozenset[str] = frozenset()
    cadence: str | None = None

    def matches(self, kind: str, channel: str) -> bool:
        return kind in self.kinds and (not self.channels or channel in self.channels)


@dataclass(frozen=True, slots=True)
class Strategy:
    team: str
    goals: tuple[Goal, ...] = ()
    tactics: tuple[Tactic, ...] = ()
    target_accounts: tuple[str, ...] = ()
    target_personas: tuple[str, ...] = ()
    programme_start: date | None = None

    def tactic_for(self, kind: str, channel: str) -> Tactic | None:
        """The first tactic that serves a goal and covers this kind of activity."""
        goals = {g.name for g in self.goals}
        return next(
            (t for t in self.tactics if t.serves in goals and t.matches(kind, channel)), None
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "programme_start": self.programme_start.isoformat() if self.programme_start else None,
            "goals": [{"name": g.name, "outcome": g.outcome} for g in self.goals],
            "tactics": [
                {
                    "name": t.name,
                    "serves": t.serves,
                    "kinds": sorted(t.kinds),
                    "channels": sorted(t.channels),
                    "cadence": t.cadence,
                }
                for t in self.tactics
            ],
            "targets": {
                "accounts": list(self.target_accounts),
                "personas": list(self.target_personas),
            },
        }


def parse_strategy(data: object) -> Strategy:
    """Validate a decoded YAML/JSON document; ``StrategyError`` names the bad field."""
    doc = _mapping(data, "the document")
    team = _text(doc.get("team"), "team")
    goals = tuple(_goal(g, i) for i, g in enumerate(_list(doc.get("goals"), "goals")))
    names = {g.name for g in goals}
    tactics = tuple(
        _tactic(t, i, names) for i, t in enumerate(_list(doc.get("tactics"), "tactics"))
    )
    targets = _mapping(doc.get("targets") or {}, "targets")
    return Strategy(
        team=team,
        goals=goals,
        tactics=tactics,
        target_accounts=tuple(_texts(targets.get("accounts"), "targets.accounts")),
        target_personas=tuple(_texts(targets.get("personas"), "targets.personas")),
        programme_start=_day(doc.get("programme_start"), "programme_start"),
    )


def _goal(data: object, i: int) -> Goal:
    doc = _mapping(data, f"goals[{i}]")
    outcome = doc.get("outcome")
    if outcome is not None and outcome not in OUTCOME_KINDS:
        raise StrategyError(f"goals[{i}].outcome: unknown outcome kind {outcome!r}")
    return Goal(_text(doc.get("name"), f"goals[{i}].name"), outcome)


def _tactic(data: object, i: int, goals: set[str]) -> Tactic:
    where = f"tactics[{i}]"
    doc = _mapping(data, where)
    serves = doc.get("serves")
    if serves is not None and serves not in goals:
        raise StrategyError(f"{where}.serves: no goal named {serves!r}")
    kinds = frozenset(_texts(doc.get("kinds"), f"{where}.kinds"))
    channels = frozenset(_texts(doc.get("channels"), f"{where}.channels"))
    if not kinds:
        raise StrategyError(f"{where}.kinds: name at least one activity kind")
    if bad := sorted(kinds - ACTIVITY_KINDS):
        raise StrategyError(f"{where}.kinds: unknown activity kind(s) {', '.join(bad)}")
    if bad := sorted(channels - CHANNELS):
        raise StrategyError(f"{where}.channels: unknown channel(s) {', '.join(bad)}")
    cadence = doc.get("cadence")
    return Tactic(
        _text(doc.get("name"), f"{where}.name"),
        serves,
        kinds,
        channels,
        str(cadence) if cadence is not None else None,
    )


def _mapping(data: object, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise StrategyError(f"{where}: expected a mapping of names to values")
    return data


def _list(data: object, where: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise StrategyError(f"{where}: expected a list")
    return data


def _texts(data: object, where: str) -> list[str]:
    return [_text(v, f"{where}[{i}]") for i, v in enumerate(_list(data, where))]


def _text(data: object, where: str) -> str:
    if not isinstance(data, str | int | float) or not str(data).strip():
        raise StrategyError(f"{where}: expected a non-empty text")
    return str(data).strip()


def _day(data: object, where: str) -> date | None:
    if data is None or isinstance(data, date):
        return data
    try:
        return date.fromisoformat(str(data))
    except ValueError:
        raise StrategyError(f"{where}: {data!r} is not a date (YYYY-MM-DD)") from None
