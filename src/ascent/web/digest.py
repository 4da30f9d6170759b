"""The weekly digest as e-mails: a plain-text part and an HTML part (multipart/alternative),
the HTML's charts inline as PNG (``cid:``), drawn by vl-convert from the web app's own
Vega-Lite specs (``ascent.web.charts``), as the report's are (``ascent.web.report``).

``ascent digest send`` (the CLI) and the schedule of ``ascent serve`` call this module.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from ascent.service.digest import Digest, LeadDigest, SellerDigest
from ascent.web import charts
from ascent.web.report import Spec, environment, png


def subject(digest: Digest) -> str:
    """The subject line: whose week, ending when."""
    day = digest.as_of.isoformat()
    if isinstance(digest, LeadDigest):
        return f"Ascent: {digest.recipient.team}, the week to {day}"
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
    mail["To"] = Address(digest.recipient.name, addr_spec=digest.recipient.email)
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    html_part = mail.get_body(preferencelist=("html",))
    assert html_part is not None
    for name, spec in specs.items():
        html_part.add_related(png(spec), "image", "png", cid=ids[name], filename=f"{name}.png")
    return mail


def messages(digests: list[Digest], *, sender: str) -> list[EmailMessage]:
    return [message(d, sender=sender) for d in digests]
