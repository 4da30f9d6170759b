"""Per-org settings: the measures' (the 5–7 touches rule, the cadence, the half-life …) and
the org's own: ``store_bodies`` (keep the text of messages and posts; off by default) and
``k_anonymity`` (a team figure describing fewer people is not shown; 5 by default) and
``attribution_window_days`` (how far back a touch counts for an outcome; 90 by default) and
the outgoing mail of the weekly digest (``smtp_host`` … ``smtp_from``; never a password)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ascent.analytics.settings import MeasureSettings
from ascent.errors import ConfigError
from ascent.service.directory import scoped_org
from ascent.service.snapshots import facts_changed
from ascent.store.models import Org
from ascent.store.scope import UnitOfWork

#: settings that are numbers; ``working_weekdays`` is a list of weekday numbers (0 = Monday)
FIELDS = {f.name: f for f in dataclasses.fields(MeasureSettings)}
#: the org's own settings, columns of ``orgs``: privacy choices, not measures
ORG_FIELDS = ("store_bodies",)
#: the org's own settings kept beside the measures' overrides in ``orgs.settings``
PRIVACY_FIELDS = ("k_anonymity",)
#: a team figure (funnel, phase distribution, a total) needs this many people by default
DEFAULT_K_ANONYMITY = 5
#: the results' own settings, kept there too (``ascent results``): whole numbers of days
RESULTS_FIELDS = ("attribution_window_days",)
#: a touch up to 90 days before an outcome counts for it: a B2B sale's few months
DEFAULT_ATTRIBUTION_WINDOW_DAYS = 90
#: the org's outgoing mail (``ascent digest``), as text; the password is only ever read from
#: the environment (``service.mail``), never stored
MAIL_FIELDS = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_from")
SMTP_SECURITY = ("starttls", "tls", "none")
_TRUE, _FALSE = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


@dataclass(frozen=True)
class OrgSettings:
    """Everything ``ascent org settings`` shows and changes."""

    store_bodies: bool
    measures: MeasureSettings
    #: the fewest people a team figure may describe (smaller teams see it hidden)
    k_anonymity: int = DEFAULT_K_ANONYMITY
    #: how many days up to an outcome a touch counts for it (outcome attribution)
    attribution_window_days: int = DEFAULT_ATTRIBUTION_WINDOW_DAYS
    #: the mail settings that are set (``MAIL_FIELDS``), by name
    mail: dict[str, str] = dataclasses.field(default_factory=dict)


def measure_settings(uow: UnitOfWork) -> MeasureSettings:
    """The org's ``MeasureSettings``: the documented defaults with its overrides applied."""
    org = scoped_org(uow)
    return _build(_overrides(org.settings))


def k_anonymity(uow: UnitOfWork) -> int:
    """The org's k: a team figure that would describe fewer people is hidden."""
    return _k(scoped_org(uow).settings)


def attribution_window_days(uow: UnitOfWork) -> int:
    """The org's attribution look-back window in days (touches older than it do not count)."""
    return _window(scoped_org(uow).settings)


def mail_settings(uow: UnitOfWork) -> dict[str, str]:
    """The org's outgoing mail settings that are set (``smtp_host`` …), by name."""
    return _mail(scoped_org(uow).settings)


def org_settings(uow: UnitOfWork) -> OrgSettings:
    org = scoped_org(uow)
    stored = org.settings
    return OrgSettings(
        bool(org.store_bodies), measure_settings(uow), _k(stored), _window(stored), _mail(stored)
    )


def set_org_settings(uow: UnitOfWork, *, changes: dict[str, str]) -> OrgSettings:
    """Change settings by name (values as text, e.g. ``touches_min=6``); commit.

    ``store_bodies=true`` keeps the bodies of rows imported from then on; rows already
    stored keep none (a re-import adds nothing, so it does not fill them in).
    """
    org = scoped_org(uow)
    changes = dict(changes)  # the caller's stays as it was
    own = {name: changes.pop(name) for name in ORG_FIELDS if name in changes}
    mail = {name: changes.pop(name) for name in MAIL_FIELDS if name in changes}
    merged = dict(org.settings or {})
    for name, text in mail.items():
        if text.strip():
            merged[name] = _mail_value(name, text.strip())
        else:  # ``smtp_host=`` unsets it
            merged.pop(name, None)
    for name, text in changes.items():
        if name in RESULTS_FIELDS:
            merged[name] = _days_value(name, text)
        else:
            merged[name] = _k_value(text) if name in PRIVACY_FIELDS else _value(name, text)
    measures = _build(_overrides(merged))
    org.settings = merged
    if "store_bodies" in own:
        _set_store_bodies(org, own["store_bodies"])
    if changes or own:  # the mail moves no measure
        facts_changed(uow)
    uow.commit()
    return OrgSettings(bool(org.store_bodies), measures, _k(merged), _window(merged), _mail(merged))


def settings_dict(settings: OrgSettings) -> dict[str, Any]:
    """The settings by name, as ``ascent org settings --json`` shows them."""
    data: dict[str, Any] = {"store_bodies": settings.store_bodies}
    data["k_anonymity"] = settings.k_anonymity
    data["attribution_window_days"] = settings.attribution_window_days
    data |= settings.mail
    data |= dataclasses.asdict(settings.measures)
    data["working_weekdays"] = sorted(settings.measures.working_weekdays)
    return data


def _set_store_bodies(org: Org, text: str) -> None:
    word = text.strip().lower()
    if word not in _TRUE | _FALSE:
        raise ConfigError(f"store_bodies: {text!r} is not true or false")
    org.store_bodies = word in _TRUE


def _overrides(stored: dict[str, object] | None) -> dict[str, Any]:
    """The measures' overrides among the stored settings (the org's own left out)."""
    own = (*PRIVACY_FIELDS, *RESULTS_FIELDS, *MAIL_FIELDS)
    return {k: v for k, v in (stored or {}).items() if k not in own}


def _k(stored: dict[str, object] | None) -> int:
    value = (stored or {}).get("k_anonymity", DEFAULT_K_ANONYMITY)
    return value if isinstance(value, int) else DEFAULT_K_ANONYMITY


def _window(stored: dict[str, object] | None) -> int:
    value = (stored or {}).get("attribution_window_days", DEFAULT_ATTRIBUTION_WINDOW_DAYS)
    return value if isinstance(value, int) else DEFAULT_ATTRIBUTION_WINDOW_DAYS


def _mail(stored: dict[str, object] | None) -> dict[str, str]:
    return {k: str(v) for k, v in (stored or {}).items() if k in MAIL_FIELDS}


def _mail_value(name: str, text: str) -> str:
    if name == "smtp_port" and not (text.isdigit() and 1 <= int(text) <= 65535):
        raise ConfigError(f"smtp_port: {text!r} is not a port number")
    if name == "smtp_security" and text.lower() not in SMTP_SECURITY:
        raise ConfigError(f"smtp_security: {text!r}: use starttls, tls or none")
    return text.lower() if name == "smtp_security" else text


def _days_value(name: str, text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days < 1:
        raise ConfigError(f"{name}: {text!r} is not a whole number of days (1 or more)")
    return days


def _k_value(text: str) -> int:
    try:
        k = int(text)
    except ValueError:
        k = 0
    if k < 1:
        raise ConfigError(f"k_anonymity: {text!r} is not a whole number of people (1 or more)")
    return k


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
        every = [*FIELDS, *ORG_FIELDS, *PRIVACY_FIELDS, *RESULTS_FIELDS, *MAIL_FIELDS]
        known = ", ".join(sorted(every))
        raise ConfigError(f"unknown setting {name!r} (known: {known})")
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
