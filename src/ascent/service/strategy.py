"""Load a team's strategy from YAML and show it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, select

from ascent.domain.strategy import Strategy as Strategy  # noqa: PLC0414 - front ends import services only
from ascent.domain.strategy import StrategyError, parse_strategy
from ascent.errors import InputError, NotFound
from ascent.service.directory import team_named
from ascent.service.snapshots import facts_changed
from ascent.store.accounts import ensure_account
from ascent.store.models import Strategy as StrategyRow
from ascent.store.models import TargetAccount, Team, stored_text
from ascent.store.scope import UnitOfWork


def load_strategy(uow: UnitOfWork, *, path: Path) -> Strategy:
    """Replace the strategy of the team the file names; commit."""
    strategy = read_strategy(path)
    save_strategy(uow, strategy=strategy)
    return strategy


def save_strategy(uow: UnitOfWork, *, strategy: Strategy) -> None:
    """Replace the strategy of ``strategy.team`` (created if new); commit."""
    org_id = uow.scope.org_id
    team = team_named(uow, strategy.team)
    team.programme_start = strategy.programme_start
    row = uow.session.scalar(select(StrategyRow).where(StrategyRow.team_id == team.id))
    if row is None:
        row = StrategyRow(org_id=org_id, team_id=team.id)
        uow.session.add(row)
    row.document = strategy.to_dict()
    uow.session.flush()
    uow.session.execute(delete(TargetAccount).where(TargetAccount.strategy_id == row.id))
    connection = uow.session.connection()
    # two spellings of one account ("Acme Ltd", "ACME  ltd") are one target
    targets = {ensure_account(connection, org_id, name) for name in strategy.target_accounts}
    for account_id in sorted(targets):
        uow.session.add(TargetAccount(org_id=org_id, strategy_id=row.id, account_id=account_id))
    facts_changed(uow)  # the team's start, targets and tactics: coverage and pillars move
    uow.commit()


def read_strategy(path: Path) -> Strategy:
    """Parse a strategy file; a broken one is an ``InputError`` naming file, line and why."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot read the file") from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(str(path), f"not valid YAML ({exc.problem})", line) from exc
    try:
        return parse_strategy(_stored(data))
    except StrategyError as exc:
        raise InputError(str(path), str(exc)) from exc


def team_strategy(uow: UnitOfWork, *, team: str) -> Strategy:
    """The strategy of ``team``, or ``NotFound`` if none was loaded."""
    row = uow.session.scalar(
        select(StrategyRow).join(Team, Team.id == StrategyRow.team_id).where(Team.name == team)
    )
    if row is None:
        raise NotFound(f"team {team!r} has no strategy: load one with `ascent strategy load`")
    return parse_strategy(row.document)


def strategies_by_team(uow: UnitOfWork) -> dict[int, Strategy]:
    """Every loaded strategy, by team id."""
    rows = uow.session.scalars(select(StrategyRow))
    return {row.team_id: parse_strategy(row.document) for row in rows}


def _stored(data: Any) -> Any:
    """The parsed YAML with every text as it would be stored: a ``"\\0"`` escape in a
    persona must not reach a query (PostgreSQL refuses NUL in text)."""
    if isinstance(data, str):
        return stored_text(data)
    if isinstance(data, list):
        return [_stored(item) for item in data]
    if isinstance(data, dict):
        return {_stored(key): _stored(value) for key, value in data.items()}
    return data
