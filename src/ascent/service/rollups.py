"""Rebuild the rollups from raw activities (they are otherwise maintained at import)."""

from __future__ import annotations

from sqlalchemy import func, select

from ascent.service.snapshots import facts_changed
from ascent.store import rollups
from ascent.store.models import ActivityDay, ContactDay
from ascent.store.scope import UnitOfWork


def rebuild_rollups(uow: UnitOfWork) -> dict[str, int]:
    """Recompute every rollup of the org; commit; return the row counts."""
    rollups.rebuild(uow.session.connection(), uow.scope.org_id)
    facts_changed(uow)
    counts = {
        "activity_days": uow.session.scalar(select(func.count()).select_from(ActivityDay)) or 0,
        "contact_days": uow.session.scalar(select(func.count()).select_from(ContactDay)) or 0,
    }
    uow.commit()
    return counts
