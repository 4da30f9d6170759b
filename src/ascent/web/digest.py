"""The weekly digest as e-mails: a plain-text part and an HTML part (multipart/alternative),
the HTML's charts inline as PNG (``cid:``), drawn by vl-convert from the web app's own
Vega-Lite specs (``ascent.web.charts``), as the report's are (``ascent.web.report``).

``ascent digest send`` (the CLI) calls this module; ``ascent serve --digest-weekly "mon
07:00"`` runs ``DigestSchedule`` beside the web app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Final

from ascent import bootstrap
from ascent.errors import AscentError, ConfigError, one_line
from ascent.service.digest import Digest, LeadDigest, SellerDigest, weekly_digests
from ascent.service.mail import Sender
from ascent.settings import Settings
from ascent.web import charts
from ascent.web.report import Spec, environment, png


def subject(digest: Digest) -> str:
    """The subject line: whose week, ending when."""
    day = digest.as_of.isoformat()
    if isinstance(digest, LeadDigest):  # a team's name is data: one line, however it was typed
        return one_line(f"Ascent: {digest.recipient.team}, the week to {day}", 200)
    return f"Ascent: your week to {day}"


def digest_charts(digest: Digest) -> dict[str, Spec]:
    """The charts of a digest by name: a seller's pillars; a lead's funnel and phase
    distribution when shown (a hidden team figure has no chart)."""
    data = digest.to_dict()
    if isinstance(digest, SellerDigest):
        return {"pillars": charts.pillars(data["pillars"])} if data["pillars"] else {}
    team = data["team"]
    found = {}
    if team["funnel"] is not None:
        found["funnel"] = charts.funnel(team["funnel"]["stages"])
    if team["phase_distribution"] is not None:
        found["phases"] = charts.phase_distribution(team["phase_distribution"]["rows"])
    return found


def message(digest: Digest, *, sender: str) -> EmailMessage:
    """The e-mail of one digest: text, then HTML with its charts as related PNG images."""
    kind = "lead" if isinstance(digest, LeadDigest) else "seller"
    data = digest.to_dict()
    specs = digest_charts(digest)
    ids = {name: make_msgid(domain="ascent.invalid") for name in specs}
    env = environment()
    context: dict[str, Any] = {
        "data": data,
        "specs": specs,
        "cids": {n: i[1:-1] for n, i in ids.items()},
    }
    text = env.get_template(f"digest_{kind}.txt").render(**context)
    html = env.get_template(f"digest_{kind}.html").render(**context)
    mail = EmailMessage()
    mail["Subject"] = subject(digest)
    mail["From"] = sender
    mail["To"] = Address(one_line(digest.recipient.name, 200), addr_spec=digest.recipient.email)
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    html_part = mail.get_body(preferencelist=("html",))
    assert html_part is not None
    for name, spec in specs.items():
        html_part.add_related(png(spec), "image", "png", cid=ids[name], filename=f"{name}.png")
    return mail


def messages(digests: Iterable[Digest], *, sender: str) -> Iterator[EmailMessage]:
    """Each digest's e-mail, drawn when the sender takes it (never all held at once)."""
    for digest in digests:
        yield message(digest, sender=sender)


#: the days ``--digest-weekly`` names, Monday first (``datetime.weekday``)
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Weekly:
    """A weekday and a local time: when the schedule sends (``"mon 07:00"``)."""

    weekday: int
    at: time

    def next_after(self, now: datetime) -> datetime:
        """The first moment of this schedule after ``now`` (an aware local time)."""
        days = (self.weekday - now.weekday()) % 7
        moment = datetime.combine(now.date() + timedelta(days=days), self.at, tzinfo=now.tzinfo)
        return moment if moment > now else moment + timedelta(days=7)


def parse_weekly(text: str) -> Weekly:
    """``"mon 07:00"`` (a weekday's first three letters, a 24-hour time) as a ``Weekly``."""
    parts = text.strip().lower().split()
    try:
        day, at = parts
        hours, minutes = (int(n) for n in at.split(":"))
        return Weekly(WEEKDAYS.index(day[:3] if len(day) >= 3 else day), time(hours, minutes))
    except ValueError:
        raise ConfigError(
            f'--digest-weekly {text!r}: give a weekday and a time, e.g. "mon 07:00"'
        ) from None


class DigestSchedule:
    """Sends the weekly digest from a background thread of ``ascent serve``, at each moment
    of ``weekly`` (local time), as ``ascent digest send`` would that day. A failed run is
    reported on stderr and the schedule goes on."""

    def __init__(
        self,
        settings: Settings,
        weekly: Weekly,
        *,
        sender: Sender,
        from_address: str,
        report: Callable[[str], None],
    ) -> None:
        self.settings, self.weekly = settings, weekly
        self.sender, self.from_address, self.report = sender, from_address, report
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="ascent-digest", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def run_once(self, day: date) -> int:
        """Send the digests of the week ending ``day``; how many were sent."""
        with bootstrap.unit_of_work(self.settings) as uow:
            found = weekly_digests(uow, as_of=day)
        return self.sender.send(messages(found.digests, sender=self.from_address))

    def _loop(self) -> None:
        while True:
            now = datetime.now().astimezone()
            due = self.weekly.next_after(now)
            if self._stop.wait((due - now).total_seconds()):
                return
            try:
                sent = self.run_once(due.date())
                refused = getattr(self.sender, "refused", [])
                told = "".join(f"; refused {to}: {answer}" for to, answer in refused)
                self.report(f"weekly digest: sent {sent} e-mails{told}")
            except AscentError as exc:
                self.report(f"weekly digest failed: {exc}")
