"""Outcomes a CRM posts to the webhook (``POST /api/v1/webhooks/crm``), and the org's secret.

- **Signature** (Stripe's scheme): the header ``X-Ascent-Signature: t=<unix seconds>,v1=<hex
  HMAC-SHA256 of f"{t}.{body}" with the org's secret>``. A post is refused unless one ``v1``
  matches (compared in constant time) and ``t`` is within ``TOLERANCE`` of now: a captured
  post cannot be replayed later, and one replayed at once adds nothing (below).
- **Idempotent on the CRM's id**: the outcome becomes one Ascent CSV row whose ``id`` is
  ``crm:<the CRM's id>`` and goes through the importer like any file (``import_paths``), so
  the loader deduplicates it on that key's digest, and rollups and snapshots stay right.
  The same id posted again is one duplicate, nothing added.
- **The secret** is ``orgs.webhook_secret`` (``ascent org webhook-secret [--rotate]``); an
  org without one refuses every post.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ascent.domain.vocabulary import RESULT_KINDS
from ascent.errors import AscentError, ConfigError, NotFound
from ascent.importers.ascent_csv import COLUMNS
from ascent.service.directory import find_person, scoped_org
from ascent.service.imports import import_paths
from ascent.store.models import Org
from ascent.store.scope import UnitOfWork

#: how far a signature's time may be from now, either way (Stripe's default)
TOLERANCE = 300
HEADER = "X-Ascent-Signature"
#: what the CRM's id becomes in the Ascent CSV row's ``id``
ID_PREFIX = "crm:"
FILE_NAME = "crm-webhook.csv"


class BadSignature(AscentError):
    """A webhook post without a valid, fresh signature of the org's secret (401)."""


@dataclass(frozen=True, slots=True)
class CrmOutcome:
    """One outcome as a CRM posts it (validated by the front end)."""

    #: the CRM's own id of the deal, meeting … (the key that makes posts idempotent)
    id: str
    #: meeting_booked, opportunity, deal_won, deal_lost or referral
    kind: str
    #: when it happened: a date or a datetime (UTC without an offset)
    occurred_at: str
    #: whose outcome it is: the person's e-mail
    person: str
    amount: float | None = None
    contact: str | None = None
    contact_url: str | None = None
    account: str | None = None
    #: the channel that produced it (linkedin, x, email …)
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class WebhookResult:
    """What a post did: ``added`` 1 or 0 (already there: ``duplicate``)."""

    id: str
    person_id: int
    added: int
    duplicate: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "added": self.added,
            "duplicate": self.duplicate,
        }


def sign(secret: str, body: bytes, at: int) -> str:
    """The header value a CRM sends for ``body`` at unix time ``at`` (docs, tests)."""
    return f"t={at},v1={_mac(secret, at, body)}"


def verify(secret: str | None, header: str | None, body: bytes, *, now: float) -> None:
    """Raise ``BadSignature`` unless ``header`` signs ``body`` with ``secret`` within
    ``TOLERANCE`` seconds of ``now``."""
    if not secret:
        raise BadSignature("webhooks are off: set a secret with ascent org webhook-secret")
    parts = [p.partition("=") for p in (header or "").split(",")]
    stamps = [v.strip() for k, _, v in parts if k.strip() == "t"]
    macs = [v.strip() for k, _, v in parts if k.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].isdecimal() or len(stamps[0]) > 12 or not macs:
        raise BadSignature(f"{HEADER}: expected t=<unix time>,v1=<hex HMAC-SHA256>")
    at = int(stamps[0])
    if abs(now - at) > TOLERANCE:
        raise BadSignature(f"{HEADER}: the time is more than {TOLERANCE} s from now")
    expected = _mac(secret, at, body)
    if not any(hmac.compare_digest(expected, mac) for mac in macs):
        raise BadSignature(f"{HEADER}: the signature does not match")


def webhook_secret(uow: UnitOfWork) -> str | None:
    """The org's webhook secret, or None when webhooks are off."""
    return scoped_org(uow).webhook_secret


def ensure_webhook_secret(uow: UnitOfWork, *, rotate: bool = False) -> str:
    """The org's secret, made when there is none or when ``rotate`` (the old one stops at
    once); commits. ``uow`` is a writer's."""
    org = uow.session.get(Org, uow.scope.org_id)
    if org is None:
        raise NotFound("no org yet: import something first")
    if org.webhook_secret is None or rotate:
        org.webhook_secret = "whsec_" + secrets.token_urlsafe(32)
        uow.commit()
    return org.webhook_secret


def record_outcome(uow: UnitOfWork, *, outcome: CrmOutcome, today: date) -> WebhookResult:
    """Import ``outcome`` for its person as one Ascent CSV row; commits. ``uow`` is a
    writer's; a person who is not in the org is ``NotFound`` (nobody is created)."""
    if outcome.kind not in RESULT_KINDS:
        raise ConfigError(f"kind {outcome.kind!r}: one of {', '.join(sorted(RESULT_KINDS))}")
    person = find_person(uow, outcome.person) if "@" in outcome.person else None
    if person is None:
        raise NotFound(f"no person with the e-mail {outcome.person!r} in this org")
    with tempfile.TemporaryDirectory(prefix="ascent-webhook-") as folder:
        path = Path(folder) / FILE_NAME
        _write_row(path, _row(outcome))
        report = import_paths(uow, paths=[path], person=person.id, today=today)
    if report.skipped:
        raise ConfigError(f"outcome {outcome.id!r}: {report.skipped[0]['reason']}")
    added = sum(report.counts.values())
    return WebhookResult(outcome.id, person.id, added, duplicate=added == 0)


def _row(outcome: CrmOutcome) -> dict[str, str]:
    """The outcome's Ascent CSV cells (docs/ascent-csv.md)."""
    when = outcome.occurred_at.strip()
    try:
        datetime.fromisoformat(when)
    except ValueError:
        raise ConfigError(f"occurred_at {when!r}: use an ISO date or datetime") from None
    return {
        "date": when,
        "kind": outcome.kind,
        "channel": "crm",
        "contact": outcome.contact or "",
        "contact_url": outcome.contact_url or "",
        "account": outcome.account or "",
        "amount": "" if outcome.amount is None else repr(float(outcome.amount)),
        "source": outcome.source or "",
        "note": outcome.note or "",
        "id": ID_PREFIX + outcome.id,
    }


def _write_row(path: Path, row: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c for c in COLUMNS if c != "person"])
        writer.writeheader()
        writer.writerow(row)


def _mac(secret: str, at: int, body: bytes) -> str:
    message = str(at).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
