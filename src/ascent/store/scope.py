"""The org scope: every ORM query on an org-scoped table is filtered by the session's org.

A session opened without an org cannot read scoped tables at all: the ``do_orm_execute``
hook raises instead of returning rows of every tenant. Bulk Core writes (the loader) take
the org id from the same ``UnitOfWork`` and set it on every row they write.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from ascent.store.models import OrgScoped


class UnscopedQueryError(RuntimeError):
    """An ORM query touched org-scoped tables from a session without an org."""


@event.listens_for(Session, "do_orm_execute")
def _force_org_scope(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("skip_org_scope", False):
        return
    org_id = state.session.info.get("org_id")
    if org_id is None:
        if _touches_scoped(state):
            raise UnscopedQueryError("query on an org-scoped table outside an org scope")
        return
    state.statement = state.statement.options(
        with_loader_criteria(OrgScoped, lambda cls: cls.org_id == org_id, include_aliases=True)
    )


def _touches_scoped(state: ORMExecuteState) -> bool:
    return any(
        isinstance(m.class_, type) and issubclass(m.class_, OrgScoped) for m in state.all_mappers
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose data a unit of work sees: the org (and, once there are users, the acting user),
    resolved once by the entry point (``ascent.bootstrap.unit_of_work``)."""

    org_id: int
    org_slug: str
    #: the acting user; None until there are users (a CLI command acts as the org's owner)
    user: str | None = None


class UnitOfWork:
    """A transaction in one org: ``commit()`` explicitly; leaving without it rolls back."""

    def __init__(self, engine: Engine, org_id: int | None = None, *, writer: bool = True) -> None:
        self.engine = engine
        self.org_id = org_id
        #: False for a reader's unit of work: it changes no facts, so what it reads of them is
        #: what is committed, and a reader on a connection of its own (ADBC) sees the same
        self.writer = writer
        self._scope = None if org_id is None else Scope(org_id, "")
        self.session = Session(engine, expire_on_commit=False)
        self.session.info["org_id"] = org_id

    @property
    def scope(self) -> Scope:
        """The org (and user) this unit of work acts in; raises when it has none."""
        if self._scope is None:
            raise UnscopedQueryError("a use case ran in a unit of work without an org scope")
        return self._scope

    def scope_to(self, scope: Scope | int) -> None:
        self._scope = scope if isinstance(scope, Scope) else Scope(scope, "")
        self.org_id = self._scope.org_id
        self.session.info["org_id"] = self.org_id

    def commit(self) -> None:
        self.session.commit()

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()
