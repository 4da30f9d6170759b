"""Which columns of a GA4 table Ascent reads: traffic dimensions, the day, the sessions.

A table is usable when it has a traffic source dimension and ``Sessions`` (what Ascent
counts as visits). The tables of one file are slices of the *same* sessions (by source /
medium, by channel group, by campaign …), so adding them up would count every session
once per slice: ``Layout.rank`` picks the one table a file's visits are read from (daily
first, then the most traffic detail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ascent.domain.traffic import normalise_source, normalise_value, split_source_medium
from ascent.importers.textfiles import Header, header_key
from ascent.importers.web.visits import Period, Traffic, channel_group_medium

#: GA4 traffic dimension (after its scope) -> what it says about the traffic source
_SUFFIXES = (
    ("source / medium", "source/medium"),
    ("source", "source"),
    ("medium", "medium"),
    ("campaign", "campaign"),
    ("campaign name", "campaign"),
    ("ad content", "content"),
)
#: session scope (what brought this session) and first-user scope, manual (UTM) or not
DIMENSIONS: dict[str, str] = {
    header_key(f"{scope} {suffix}"): role
    for scope in ("Session", "Session manual", "First user", "First user manual")
    for suffix, role in _SUFFIXES
}
#: channel group dimensions, default or custom (``Session primary channel group (…)``)
GROUP_PREFIXES = tuple(
    header_key(n)
    for n in (
        "Session primary channel group",
        "First user primary channel group",
        "Session default channel group",
        "First user default channel group",
        "Default channel group",
    )
)
#: day dimensions: ``Date`` is YYYYMMDD, ``Date + hour`` YYYYMMDDHH, ``Nth day`` 0000-style
DAYS = {"date": "date", "date+hour(yyyymmddhh)": "hour", "nthday": "nth"}
SESSIONS = header_key("Sessions")
DETAIL = ("source", "medium", "campaign", "content")


class RowError(ValueError):
    """A value in one row is unusable; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Layout:
    """Column positions of one table, by role (``source/medium``, ``campaign``, ``group`` …)."""

    roles: dict[str, int]
    day: tuple[str, int] | None
    sessions: int | None

    @classmethod
    def of(cls, header: Header) -> Layout:
        roles: dict[str, int] = {}
        day: tuple[str, int] | None = None
        for i, name in enumerate(header.names):
            key = header_key(name)
            role = DIMENSIONS.get(key) or ("group" if key.startswith(GROUP_PREFIXES) else None)
            if role:
                roles.setdefault(role, i)
            elif key in DAYS and day is None:
                day = (DAYS[key], i)
        return cls(roles, day, header.index("Sessions"))

    @property
    def has_traffic(self) -> bool:
        return bool(self.roles)

    @property
    def usable(self) -> bool:
        return self.has_traffic and self.sessions is not None

    def rank(self) -> tuple[bool, int, bool]:
        """Daily beats period totals; then the most detail (source, medium, campaign,
        content); a channel group is the least detail (it names no site)."""
        detail = {r for role in self.roles for r in role.split("/")} & set(DETAIL)
        return self.day is not None, len(detail), "group" in self.roles

    def describe(self, header: Header) -> str:
        used = ([self.day[1]] if self.day else []) + sorted(self.roles.values())
        return " × ".join(header.names[i] for i in used)

    def traffic_of(self, cells: list[str]) -> Traffic:
        """The row's traffic source, normalised; a channel group only fills the medium."""
        source, medium = split_source_medium(self._get(cells, "source/medium"))
        source = normalise_source(self._get(cells, "source")) or source
        medium = normalise_value(self._get(cells, "medium")) or medium
        if source is None and medium is None:
            medium = channel_group_medium(self._get(cells, "group"))
        campaign = normalise_value(self._get(cells, "campaign"))
        return Traffic(source, medium, campaign, normalise_value(self._get(cells, "content")))

    def day_of(self, cells: list[str], start: date | None) -> Period:
        """The row's day from its ``Date`` (or ``Date + hour``, or ``Nth day`` counted from
        the preamble's start date); ``RowError`` when it cannot be read."""
        assert self.day is not None
        kind, index = self.day
        raw = cells[index].strip() if index < len(cells) else ""
        try:
            if kind == "nth":
                if start is None:
                    raise RowError("an 'Nth day' table needs the file's '# Start date:'")
                return Period.of_day(start + timedelta(days=int(raw)), raw)
            digits = raw[:8] if kind == "hour" else raw  # an hour's day: its first 8 digits
            return Period.of_day(_yyyymmdd(digits), digits)
        except ValueError:
            raise RowError(f"unreadable date {raw!r} (expected YYYYMMDD)") from None

    def _get(self, cells: list[str], role: str) -> str:
        index = self.roles.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _yyyymmdd(text: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise ValueError(text)
    return datetime.strptime(text, "%Y%m%d").date()  # noqa: DTZ007 - a calendar day
