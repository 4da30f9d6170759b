"""The demo's CRM: a HubSpot deals export with the history the social exports cannot hold.

Uplift compares a target account's outcomes per week before and after the seller's
programme start against the seller's non-target ("control") accounts over the same weeks,
so some sellers get a deal book (``BOOKS``): control deals at a steady rate from
``HISTORY_WEEKS`` before the start to the end, deals in target accounts before the start,
and, for the one-account wonder, a key-account history calibrated so that her outcomes per
week there after the start are ``key_multiple`` times those before. Each deal carries
HubSpot's ``Original Source`` fields ("how did they hear of us"): before the programme web,
referrals and e-mail; after it LinkedIn and X as well.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from ascent.demo.outcomes import OutcomeRow
from ascent.demo.people import new_contact
from ascent.demo.personas import Persona

#: weeks of CRM history before the programme window starts
HISTORY_WEEKS: Final = 26
KEY_ACCOUNT_INDEX: Final = 0
OPEN_STAGE: Final = "Contract Sent"
#: HubSpot ``Original Source Type``, ``… Data 1``, ``… Data 2`` by era
SOURCES_BEFORE: Final = (
    ("Organic Search", "google", "reporting software"),
    ("Referrals", "www.partner-network.example", ""),
    ("Email Marketing", "autumn-newsletter", ""),
    ("Direct Traffic", "", ""),
)
SOURCES_AFTER: Final = (
    ("Organic Social", "LinkedIn", ""),
    ("Organic Social", "Twitter", ""),
    ("Referrals", "www.linkedin.com", ""),
    ("Organic Search", "google", "reporting software"),
)
#: buyers' surnames no LinkedIn counterpart has: a contact is resolved by name, and a deal
#: must not land by chance on a prospect someone pursued (it would win their pursuit)
BUYER_NAMES: Final = ("Ledger", "Signer", "Budgetson", "Quoteley", "Purchase", "Tender")
DEALS_HEADER: Final = (
    "Record ID",
    "Deal Name",
    "Deal Stage",
    "Pipeline",
    "Amount",
    "Close Date",
    "Create Date",
    "Deal owner",
    "Associated Company",
    "Associated Contact",
    "Original Source Type",
    "Original Source Data 1",
    "Original Source Data 2",
)


@dataclass(frozen=True, slots=True)
class Book:
    """One seller's CRM history: deals in the non-target ``control`` account every
    ``control_every`` weeks (before and after the start), ``target_before`` deals in target
    accounts 1.. before the start, and for the wonder the key account's rate before the start
    = rate after ÷ ``key_multiple``.

    One control account per seller: the phase counts the accounts with outcomes, and deals
    in several accounts the programme never touched would call a seller a success in week 1.
    """

    control: str
    control_every: int
    target_before: int = 0
    key_multiple: float | None = None


BOOKS: Final[dict[str, Book]] = {
    "steady": Book("Contoso Example", control_every=4, target_before=3),
    "steady_south": Book("Fabrikam Example", control_every=5, target_before=2),
    "wonder": Book("Northwind Example Traders", control_every=6, key_multiple=3.5),
}


@dataclass(frozen=True, slots=True)
class Deal:
    """One row of HubSpot's deals export."""

    record_id: int
    name: str
    stage: str
    amount: int
    created: date
    closed: date
    owner: str
    account: str
    contact: str
    source: tuple[str, str, str]

    def outcome_days(self) -> list[tuple[date, str]]:
        """The outcomes the HubSpot importer makes of this deal (docs/formats/crm.md)."""
        found = [(self.created, "opportunity")]
        if self.stage in ("Closed Won", "Closed Lost"):
            kind = "deal_won" if self.stage == "Closed Won" else "deal_lost"
            found.append((self.closed, kind))
        return found


def deal_book(
    persona: Persona, outcomes: list[OutcomeRow], *, start: date, end: date, seed: int
) -> list[Deal]:
    """The persona's deals (none without a ``Book``), from its own random stream; ``start``
    is the programme window's first day, ``outcomes`` what the social simulation produced."""
    book = BOOKS.get(persona.key)
    if book is None:
        return []
    rng = random.Random(f"ascent-demo:{seed}:{persona.key}:crm")  # noqa: S311 - demo data
    first = start - timedelta(weeks=HISTORY_WEEKS)
    plans: list[tuple[date, str, tuple[str, str, str], date | None]] = []
    for n, created in enumerate(_steady(first, end, book.control_every, rng)):
        era = SOURCES_BEFORE if created < start else SOURCES_AFTER
        plans.append((created, book.control, era[n % 4], None))
    targets = persona.target_accounts
    for n, created in enumerate(_spread(first, start, book.target_before, rng)):
        account = targets[1 + n % (len(targets) - 1)]
        plans.append((created, account, SOURCES_BEFORE[n % 4], start))
    key = targets[KEY_ACCOUNT_INDEX]
    for n, created in enumerate(_spread(first, start, _key_deals(book, key, outcomes), rng)):
        plans.append((created, key, SOURCES_BEFORE[n % 4], start))
    plans.sort(key=lambda p: (p[0], p[1]))
    return [
        _deal(rng, persona, 100 * (1 + n), plan, end, won=n % 3 != 2)
        for n, plan in enumerate(plans)
    ]


def _key_deals(book: Book, key: str, outcomes: list[OutcomeRow]) -> int:
    """Deals (two outcomes each) before the start that make the key account's weekly rate
    there ``1 / key_multiple`` of the rate after it (the window is as long as the history)."""
    if book.key_multiple is None:
        return 0
    after = sum(1 for o in outcomes if o.account == key)
    return max(1, round(after / book.key_multiple / 2))


def _steady(first: date, end: date, every: int, rng: random.Random) -> list[date]:
    """A create day every ``every`` weeks from ``first`` on, a working day of that week."""
    found, week = [], first
    while week <= end - timedelta(days=4):
        found.append(week + timedelta(days=rng.randint(0, 4)))
        week += timedelta(weeks=every)
    return found


def _spread(first: date, stop: date, count: int, rng: random.Random) -> list[date]:
    """``count`` create days evenly spread over ``first``..``stop`` (each closes before it)."""
    span = (stop - first).days - 35
    return [
        first + timedelta(days=span * n // max(count, 1) + rng.randint(0, 6)) for n in range(count)
    ]


def _deal(
    rng: random.Random,
    persona: Persona,
    record: int,
    plan: tuple[date, str, tuple[str, str, str], date | None],
    end: date,
    *,
    won: bool,
) -> Deal:
    created, account, source, close_by = plan
    closed = created + timedelta(days=rng.randint(14, 28))
    if close_by is not None:
        closed = min(closed, close_by - timedelta(days=1))
    stage = ("Closed Won" if won else "Closed Lost") if closed <= end else OPEN_STAGE
    contact = new_contact(rng, account)  # drawn for the stream; the buyer's name is the CRM's
    buyer = f"{contact.first_name.strip()} {BUYER_NAMES[record // 100 % len(BUYER_NAMES)]}"
    return Deal(
        record_id=persona_record_base(persona) + record,
        name=f"{account.split(' Example')[0]} - reporting rollout",
        stage=stage,
        amount=rng.randrange(6000, 48000, 500),
        created=created,
        closed=closed,
        owner=persona.name,
        account=account,
        contact=buyer,
        source=source,
    )


def persona_record_base(persona: Persona) -> int:
    """HubSpot-like 8-digit record ids, stable per persona (a number from its key × 1000)."""
    return 10_000_000 + sum(ord(c) * (i + 1) for i, c in enumerate(persona.key)) % 9000 * 1000


def render_deals(deals: Iterable[Deal]) -> str:
    """HubSpot's deals CSV: the header quoted, dates as ``YYYY-MM-DD HH:MM``."""
    out = io.StringIO()
    out.write(",".join(f'"{h}"' for h in DEALS_HEADER) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(
        (
            d.record_id,
            d.name,
            d.stage,
            "Sales Pipeline",
            d.amount,
            f"{d.closed.isoformat()} 16:00",
            f"{d.created.isoformat()} 10:30",
            d.owner,
            d.account,
            d.contact,
            *d.source,
        )
        for d in deals
    )
    return out.getvalue()


def write_deals(folder: Path, deals: Iterable[Deal], end: date) -> Path:
    """``hubspot-crm-exports-all-deals-<end>.csv`` in ``folder`` (old exports removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("hubspot-crm-exports-all-deals-*.csv"):
        stale.unlink()
    path = folder / f"hubspot-crm-exports-all-deals-{end.isoformat()}.csv"
    path.write_bytes(render_deals(deals).encode("utf-8"))
    return path
