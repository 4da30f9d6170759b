"""Outcome attribution: which channels the outcomes came from and which touches preceded them.

Three views of one set of outcomes (meetings booked, opportunities, deals won, referrals and
web visits; a lost deal is no success to credit):

- **by source**: the outcome's own ``source_channel`` ("how did they hear of us": a CRM's
  source field, the traffic source of a UTM-tagged link), and the traffic ``source``,
  ``medium`` and ``campaign`` as the export names them;
- **by touch**, three methods over the seller's touches of the outcome's contact (or, when the
  outcome names no contact, of any contact of its account) on the ``window_days`` days up to
  and including the outcome's day: ``first_touch`` credits the earliest touch's channel with
  the whole outcome, ``last_touch`` the latest's, ``linear`` each touch 1/n.

An outcome no touch preceded is credited to ``NO_TOUCH`` by every method, never spread over
channels. Web visits name no contact, so by touch they are always ``NO_TOUCH``; their source
is what says where they came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

#: what is attributed, in the order tables and charts show it; ``web_visits`` counts visits
ATTRIBUTED_KINDS: Final = ("meeting_booked", "opportunity", "deal_won", "referral", "web_visits")
#: kinds whose ``amount`` is money (summed as ``amount``); a web visit's amount is its count
MONEY_KINDS: Final = frozenset({"opportunity", "deal_won"})
METHODS: Final = ("first_touch", "last_touch", "linear")
METHOD_LABELS: Final = {
    "first_touch": "first touch",
    "last_touch": "last touch",
    "linear": "linear",
}
#: the channel of an outcome that no touch preceded (and of one whose source is unknown)
NO_TOUCH: Final = "no touch"
UNKNOWN: Final = "unknown"


@dataclass(frozen=True, slots=True)
class Touch:
    """One touch (DESIGN §3) by a seller of a contact, on a day, on a channel."""

    person_id: int
    day: date
    channel: str
    contact_id: int
    account_id: int | None = None


@dataclass(frozen=True, slots=True)
class AttributedOutcome:
    """One outcome as attribution reads it (the account is the outcome's, else its contact's)."""

    person_id: int
    day: date
    kind: str
    amount: float | None = None
    source_channel: str | None = None
    contact_id: int | None = None
    account_id: int | None = None
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None


@dataclass(frozen=True, slots=True)
class Credit:
    """What one channel (or source) is credited with for one outcome kind."""

    channel: str
    kind: str
    count: float
    amount: float | None

    def to_dict(self, key: str = "channel") -> dict[str, Any]:
        amount = None if self.amount is None else round(self.amount, 2)
        return {key: self.channel, "kind": self.kind, "count": round(self.count, 3)} | {
            "amount": amount
        }


@dataclass(frozen=True, slots=True)
class SourceCredit:
    """Outcomes of one kind by the traffic source, medium and campaign the export named."""

    source: str
    medium: str
    campaign: str
    kind: str
    count: float
    amount: float | None

    def to_dict(self) -> dict[str, Any]:
        amount = None if self.amount is None else round(self.amount, 2)
        return {
            "source": self.source,
            "medium": self.medium,
            "campaign": self.campaign,
            "kind": self.kind,
            "count": round(self.count, 3),
            "amount": amount,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """Every view of the outcomes from ``first_day`` to ``last_day``."""

    first_day: date
    last_day: date
    window_days: int
    outcomes: int
    by_source: tuple[Credit, ...]
    by_traffic_source: tuple[SourceCredit, ...]
    methods: Mapping[str, tuple[Credit, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "window_days": self.window_days,
            "outcomes": self.outcomes,
            "by_source": [c.to_dict("source_channel") for c in self.by_source],
            "by_traffic_source": [c.to_dict() for c in self.by_traffic_source],
            "methods": [
                {
                    "method": m,
                    "label": METHOD_LABELS[m],
                    "rows": [c.to_dict() for c in self.methods[m]],
                }
                for m in METHODS
            ],
        }


def attribute(
    outcomes: Iterable[AttributedOutcome],
    touches: Iterable[Touch],
    *,
    first_day: date,
    last_day: date,
    window_days: int,
) -> Attribution:
    """Attribute the outcomes from ``first_day`` to ``last_day`` (see the module docstring)."""
    counted = [o for o in outcomes if first_day <= o.day <= last_day and o.kind in ATTRIBUTED_KINDS]
    by_seller: dict[int, list[Touch]] = {}
    for touch in sorted(touches, key=lambda t: (t.day, t.channel, t.contact_id)):
        by_seller.setdefault(touch.person_id, []).append(touch)
    credits: dict[str, dict[tuple[str, str], list[float]]] = {m: {} for m in METHODS}
    for outcome in counted:
        before = preceding(outcome, by_seller.get(outcome.person_id, ()), window_days)
        for method in METHODS:
            for channel, share in shares(method, before):
                _add(credits[method], (channel, outcome.kind), outcome, share)
    by_source: dict[tuple[str, str], list[float]] = {}
    by_traffic: dict[tuple[str, str, str, str], list[float]] = {}
    for o in counted:
        _add(by_source, (o.source_channel or UNKNOWN, o.kind), o, 1.0)
        traffic = (o.source or UNKNOWN, o.medium or UNKNOWN, o.campaign or UNKNOWN, o.kind)
        _add(by_traffic, traffic, o, 1.0)
    return Attribution(
        first_day,
        last_day,
        window_days,
        len(counted),
        _credits(by_source),
        tuple(
            SourceCredit(*key, total[0], _money(key[3], total[1]))
            for key, total in sorted(by_traffic.items(), key=lambda i: _order(i[0][3], i[0][:3]))
        ),
        {m: _credits(credits[m]) for m in METHODS},
    )


def preceding(
    outcome: AttributedOutcome, touches: Sequence[Touch], window_days: int
) -> list[Touch]:
    """The seller's touches of the outcome's contact (else of its account) on the
    ``window_days`` days ending on the outcome's day, oldest first; none for an outcome that
    names neither."""
    first = outcome.day - timedelta(days=window_days - 1)
    if outcome.contact_id is not None:
        return [
            t
            for t in touches
            if t.contact_id == outcome.contact_id and first <= t.day <= outcome.day
        ]
    if outcome.account_id is not None:
        return [
            t
            for t in touches
            if t.account_id == outcome.account_id and first <= t.day <= outcome.day
        ]
    return []


def shares(method: str, touches: Sequence[Touch]) -> list[tuple[str, float]]:
    """(channel, share of the outcome) under ``method``; ``NO_TOUCH`` takes it all when no
    touch preceded it. Touches are oldest first."""
    if not touches:
        return [(NO_TOUCH, 1.0)]
    if method == "first_touch":
        return [(touches[0].channel, 1.0)]
    if method == "last_touch":
        return [(touches[-1].channel, 1.0)]
    return [(t.channel, 1.0 / len(touches)) for t in touches]


def _add(
    totals: dict[Any, list[float]], key: Any, outcome: AttributedOutcome, share: float
) -> None:
    """Add ``share`` of the outcome to ``totals[key]``: [count, money]. A web visit's count
    is its number of visits."""
    total = totals.setdefault(key, [0.0, 0.0])
    amount = outcome.amount or 0.0
    total[0] += share * (amount if outcome.kind == "web_visits" else 1.0)
    if outcome.kind in MONEY_KINDS:
        total[1] += share * amount


def _credits(totals: Mapping[tuple[str, str], list[float]]) -> tuple[Credit, ...]:
    """Credits in the order of ``ATTRIBUTED_KINDS``, then by channel (``NO_TOUCH`` last)."""
    return tuple(
        Credit(channel, kind, count, _money(kind, money))
        for (channel, kind), (count, money) in sorted(
            totals.items(), key=lambda i: _order(i[0][1], (i[0][0],))
        )
    )


def _order(kind: str, names: tuple[str, ...]) -> tuple[int, tuple[bool, ...], tuple[str, ...]]:
    last = tuple(n in (NO_TOUCH, UNKNOWN) for n in names)
    return ATTRIBUTED_KINDS.index(kind), last, names


def _money(kind: str, money: float) -> float | None:
    return money if kind in MONEY_KINDS else None
