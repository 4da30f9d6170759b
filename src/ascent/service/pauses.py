"""Holidays and leave: days on which habit strength neither decays nor counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ascent.errors import ConfigError
from ascent.service.directory import person_named
from ascent.service.snapshots import facts_changed
from ascent.store.models import Pause
from ascent.store.scope import UnitOfWork


@dataclass(frozen=True)
class PauseView:
    """A recorded pause as ``ascent log pause`` shows it; ``person`` as the caller named them."""

    person: str
    first: date
    last: date

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "from": self.first.isoformat(), "to": self.last.isoformat()}


def log_pause(uow: UnitOfWork, *, person: str, first: date, last: date) -> PauseView:
    """Record a pause for ``person`` from ``first`` to ``last`` inclusive; commit."""
    if last < first:
        raise ConfigError(f"--to {last} is before --from {first}")
    who = person_named(uow, person)
    uow.session.add(
        Pause(org_id=uow.scope.org_id, person_id=who.id, first_day=first, last_day=last)
    )
    facts_changed(uow, [who.id])
    uow.commit()
    return PauseView(person=person, first=first, last=last)
