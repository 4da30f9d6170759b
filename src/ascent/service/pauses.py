"""Holidays and leave: days on which habit strength neither decays nor counts."""

from __future__ import annotations

from datetime import date

from ascent.errors import ConfigError
from ascent.service.directory import ensure_default_org, person_named
from ascent.store.models import Pause
from ascent.store.scope import UnitOfWork


def log_pause(uow: UnitOfWork, *, person: str, first: date, last: date) -> Pause:
    """Record a pause for ``person`` from ``first`` to ``last`` inclusive; commit."""
    if last < first:
        raise ConfigError(f"--to {last} is before --from {first}")
    ensure_default_org(uow)
    who = person_named(uow, person)
    pause = Pause(org_id=uow.org_id, person_id=who.id, first_day=first, last_day=last)
    uow.session.add(pause)
    uow.commit()
    return pause
