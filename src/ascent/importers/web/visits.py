"""Web visits as outcomes: what every web analytics importer builds (FORMATS §7).

One ``web_visits`` outcome per tool, site, day (or whole period) and traffic source: source,
medium, campaign and content (``utm_content``, which ties visits to a post). Rows that
normalise to the same traffic source on the same day (``linkedin.com`` and ``lnkd.in`` are
both ``linkedin``) are added up *before* anything is yielded: the loader keeps the first
record of a ``source_key``, so two records would silently drop the second one's visits.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ascent.domain.records import OutcomeRecord
from ascent.domain.traffic import channel_of_source, normalise_value

KIND = "web_visits"
#: channel group names (GA4 default channel group, Plausible ``channels.csv``) meaning direct
DIRECT_GROUPS = frozenset({"direct", "direct / none", "(direct)"})
#: what a totals row says in its first cell (GA4 report downloads, explorations)
TOTAL_LABELS = frozenset({"grand total", "totals", "total"})


@dataclass(frozen=True, slots=True)
class Traffic:
    """Where visits came from, normalised by ``ascent.domain.traffic``; None is unknown."""

    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    content: str | None = None

    def key(self) -> str:
        return "|".join(v or "" for v in (self.source, self.medium, self.campaign, self.content))


@dataclass(frozen=True, slots=True)
class Period:
    """The day visits are placed on: the day itself, or the last day of a period's totals.

    ``span`` names the period in the source key (``20240305`` or ``20240301-20240331``), so
    totals of two different periods that end on the same day stay two outcomes. ``raw`` is
    the text the period was read from (the outcome's ``raw_time``); it is not compared.
    """

    day: date
    raw: str = field(compare=False)
    span: str

    @classmethod
    def of_day(cls, day: date, raw: str) -> Period:
        return cls(day, raw, day.strftime("%Y%m%d"))

    @classmethod
    def of_range(cls, first: date, last: date, raw: str) -> Period:
        if first == last:
            return cls.of_day(last, raw)
        return cls(last, raw, f"{first:%Y%m%d}-{last:%Y%m%d}")


class Tally:
    """Visits of one file added up by period and traffic source, in first-seen order."""

    def __init__(self, tool: str, site: str | None) -> None:
        self.tool = tool
        self.site = " ".join((site or "").lower().split())
        self._visits: dict[tuple[Period, Traffic], float] = {}

    def add(self, period: Period, traffic: Traffic, visits: float) -> None:
        key = (period, traffic)
        self._visits[key] = self._visits.get(key, 0.0) + visits

    def __len__(self) -> int:
        return len(self._visits)

    def records(self) -> Iterator[OutcomeRecord]:
        """One outcome per period and source; a total of zero visits is not an outcome."""
        for (period, traffic), visits in self._visits.items():
            if visits > 0:
                yield self._record(period, traffic, visits)

    def _record(self, period: Period, traffic: Traffic, visits: float) -> OutcomeRecord:
        return OutcomeRecord(
            source_key=self.source_key(period, traffic),
            occurred_at=datetime(period.day.year, period.day.month, period.day.day, tzinfo=UTC),
            raw_time=period.raw,
            kind=KIND,
            amount=visits,
            source_channel=channel_of_source(traffic.source, traffic.medium),
            source=traffic.source,
            medium=traffic.medium,
            campaign=traffic.campaign,
            content=traffic.content,
        )

    def source_key(self, period: Period, traffic: Traffic) -> str:
        """``<tool>:visits:<site>:<day or period>:<source>|<medium>|<campaign>|<content>``."""
        return f"{self.tool}:visits:{self.site}:{period.span}:{traffic.key()}"


def channel_group_medium(name: str) -> str | None:
    """A channel group (``Organic Social``, ``Email``, ``Direct``) read as the medium: it says
    how visits came, not from which site; ``Direct`` is direct traffic (no medium)."""
    value = normalise_value(name)
    return None if value is None or value in DIRECT_GROUPS else value


def parse_visits(text: str, column: str = "visits") -> float:
    """A visit count as exports write it: ``12``, ``10.0``, ``"1,234"`` (thousands
    separators stripped), '' for none; ``ValueError`` naming ``column`` for anything else."""
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace("\xa0", "")
    try:
        value = float(cleaned) if cleaned else 0.0
    except ValueError:
        value = -1.0
    if value < 0 or not math.isfinite(value):
        raise ValueError(f"unreadable {column} {text!r}")
    return value


def is_total_row(first_cell: str) -> bool:
    return first_cell.strip().lower() in TOTAL_LABELS
