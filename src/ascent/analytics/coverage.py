"""Strategy coverage: how much of a person's effort serves a goal (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ascent.domain.strategy import Strategy
from ascent.domain.vocabulary import EFFORT_KINDS


@dataclass(frozen=True, slots=True)
class Coverage:
    """``share`` = effort attributed to a tactic that serves a goal / all effort (None if 0).

    ``by_tactic`` counts the effort each tactic covers; ``without_strategy`` lists the
    (kind, channel) pairs no tactic covers: "tactics without strategy".
    """

    share: float | None
    effort: int
    by_tactic: dict[str, int] = field(default_factory=dict)
    without_strategy: dict[tuple[str, str], int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "strategy_coverage": None if self.share is None else round(self.share, 3),
            "effort": self.effort,
            "by_tactic": self.by_tactic,
            "tactics_without_strategy": [
                {"kind": k, "channel": c, "count": n}
                for (k, c), n in sorted(self.without_strategy.items(), key=lambda kv: -kv[1])
            ],
        }


def strategy_coverage(counts: Mapping[tuple[str, str], int], strategy: Strategy | None) -> Coverage:
    """Attribute each (kind, channel) count of effort to the first tactic serving a goal."""
    by_tactic: dict[str, int] = {}
    without: dict[tuple[str, str], int] = {}
    for (kind, channel), n in sorted(counts.items()):
        if kind not in EFFORT_KINDS or n <= 0:
            continue
        tactic = strategy.tactic_for(kind, channel) if strategy else None
        if tactic is None:
            without[(kind, channel)] = without.get((kind, channel), 0) + n
        else:
            by_tactic[tactic.name] = by_tactic.get(tactic.name, 0) + n
    covered, effort = sum(by_tactic.values()), sum(by_tactic.values()) + sum(without.values())
    return Coverage(covered / effort if effort else None, effort, by_tactic, without)
