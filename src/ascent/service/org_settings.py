"""Per-org settings of the measures (the 5–7 touches rule, the cadence, the half-life …)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ascent.analytics.settings import MeasureSettings
from ascent.errors import ConfigError
from ascent.service.directory import ensure_default_org
from ascent.store.scope import UnitOfWork

#: settings that are numbers; ``working_weekdays`` is a list of weekday numbers (0 = Monday)
FIELDS = {f.name: f for f in dataclasses.fields(MeasureSettings)}


def measure_settings(uow: UnitOfWork) -> MeasureSettings:
    """The org's ``MeasureSettings``: the documented defaults with its overrides applied."""
    org = ensure_default_org(uow)
    return _build(dict(org.settings or {}))


def set_measure_settings(uow: UnitOfWork, *, changes: dict[str, str]) -> MeasureSettings:
    """Change settings by name (values as text, e.g. ``touches_min=6``); commit."""
    org = ensure_default_org(uow)
    merged = dict(org.settings or {})
    for name, text in changes.items():
        merged[name] = _value(name, text)
    settings = _build(merged)
    org.settings = merged
    uow.commit()
    return settings


def settings_dict(settings: MeasureSettings) -> dict[str, Any]:
    data = dataclasses.asdict(settings)
    data["working_weekdays"] = sorted(settings.working_weekdays)
    return data


def _build(overrides: dict[str, Any]) -> MeasureSettings:
    values = dict(overrides)
    if "working_weekdays" in values:
        values["working_weekdays"] = frozenset(values["working_weekdays"])
    try:
        return MeasureSettings(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid measure settings: {exc}") from exc


def _value(name: str, text: str) -> Any:
    if name not in FIELDS:
        raise ConfigError(f"unknown setting {name!r} (known: {', '.join(sorted(FIELDS))})")
    if name == "working_weekdays":
        try:
            return sorted({int(d) for d in text.split(",")})
        except ValueError:
            raise ConfigError("working_weekdays: give weekday numbers like 0,1,2,3,4") from None
    kind = type(getattr(MeasureSettings(), name))
    try:
        return kind(text)
    except ValueError:
        raise ConfigError(f"{name}: {text!r} is not a {kind.__name__}") from None
