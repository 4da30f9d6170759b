"""Calendar helpers and the per-persona run context the simulation threads through."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ascent.demo.linkedin_rows import Comment, Connection, Invitation, Message, Reaction, Share
from ascent.demo.outcomes import OutcomeRow
from ascent.demo.personas import Persona
from ascent.demo.shapes import Shape


@dataclass
class History:
    """Everything one persona did and received, as export rows and outcome rows."""

    shares: list[Share] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    reactions: list[Reaction] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)


@dataclass
class Run:
    """One persona's simulation: who, how, their own random stream, and the date bounds."""

    persona: Persona
    shape: Shape
    rng: random.Random
    end: date
    window_start: date
    first_day: date
    last_day: date
    history: History = field(default_factory=History)

    @classmethod
    def create(
        cls, persona: Persona, shape: Shape, rng: random.Random, *, end: date, weeks: int
    ) -> Run:
        """Bounds: the programme window, narrowed by the persona's own start and stop."""
        window_start = end - timedelta(days=weeks * 7 - 1)
        first = window_start
        if shape.start_days_before_end is not None:
            first = max(first, end - timedelta(days=shape.start_days_before_end - 1))
        last = end - timedelta(days=shape.stop_days_before_end)
        return cls(persona, shape, rng, end, window_start, first, last)

    def moment(self, day: date, *, earliest: int = 7, latest: int = 18) -> datetime:
        """A UTC time on ``day`` inside working hours."""
        clock = time(
            self.rng.randint(earliest, latest - 1), self.rng.randint(0, 59), self.rng.randint(0, 59)
        )
        return datetime.combine(day, clock, UTC)

    def count(self, rate: float) -> int:
        """A whole number whose average is ``rate`` (stochastic rounding)."""
        whole = int(rate)
        return whole + (1 if self.rng.random() < rate - whole else 0)


def days(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day``."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
