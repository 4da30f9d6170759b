"""Where a deal came from: CRM attribution fields as the traffic source of DESIGN §3.

HubSpot names the first touch in ``Original Source`` (a label such as ``Organic Social``) and
two drill-downs (the network, a referring site, the UTM campaign); Salesforce and Pipedrive
have one ``Lead Source`` picklist (``Web``, ``Partner Referral``, ``LinkedIn`` …). Both become
``source`` / ``medium`` / ``campaign`` / ``content`` normalised by ``ascent.domain.traffic``
and the ``channel`` an outcome carries (``linkedin``, ``x``, ``email``, ``phone``, ``event``,
``web``), None when the export does not say (offline, direct, a referral by a partner).
The kinds are never changed: a deal from a partner referral is still an opportunity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ascent.domain.traffic import (
    SOCIAL_SOURCES,
    channel_of_source,
    normalise_source,
    normalise_value,
)


@dataclass(frozen=True)
class Attribution:
    channel: str | None = None
    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    content: str | None = None


UNKNOWN: Final = Attribution()
#: HubSpot ``Original Source`` labels (and their internal values) -> UTM-style medium
HUBSPOT_MEDIUMS: Final[dict[str, str | None]] = {
    "organic search": "organic",
    "paid search": "cpc",
    "email marketing": "email",
    "organic social": "social",
    "social media": "social",
    "paid social": "paid social",
    "referrals": "referral",
    "ai referrals": "referral",
    "other campaigns": None,
    "direct traffic": None,
    "offline sources": "offline",
    "offline": "offline",
}
#: HubSpot sources whose first drill-down names where the visit came from
_NAMED_BY_DRILL_DOWN: Final = frozenset(
    {
        "organic search",
        "paid search",
        "organic social",
        "social media",
        "paid social",
        "referrals",
        "ai referrals",
    }
)
#: mediums whose second drill-down is the post (``utm_content``, FORMATS §7.4)
_SOCIAL_MEDIUMS: Final = frozenset({"social", "paid social"})
#: HubSpot's drill-downs write this when they do not know
_NO_DRILL_DOWN: Final = frozenset({"unknown", "other"})
#: Lead Source picklist values (Salesforce defaults, common custom ones, Pipedrive's source
#: channels) -> (medium, channel); anything else keeps its label as the source, no channel
LEAD_SOURCES: Final[dict[str, tuple[str | None, str | None]]] = {
    "web": (None, "web"),
    "website": (None, "web"),
    "web form": (None, "web"),
    "web forms": (None, "web"),
    "organic search": ("organic", "web"),
    "paid search": ("cpc", "web"),
    "direct traffic": (None, "web"),
    "live chat": (None, "web"),
    "chatbot": (None, "web"),
    "social": ("social", None),
    "social media": ("social", None),
    "organic social": ("social", None),
    "paid social": ("paid social", None),
    "email": ("email", "email"),
    "email marketing": ("email", "email"),
    "email campaign": ("email", "email"),
    "newsletter": ("email", "email"),
    "phone inquiry": ("phone", "phone"),
    "phone": ("phone", "phone"),
    "cold call": ("phone", "phone"),
    "trade show": ("event", "event"),
    "event": ("event", "event"),
    "conference": ("event", "event"),
    "webinar": ("event", "event"),
    "seminar - internal": ("event", "event"),
    "seminar - partner": ("event", "event"),
    "partner referral": ("referral", None),
    "partner": ("referral", None),
    "employee referral": ("referral", None),
    "external referral": ("referral", None),
    "customer referral": ("referral", None),
    "referral": ("referral", None),
    "word of mouth": ("referral", None),
}
_SOCIAL_NAMES: Final = frozenset(SOCIAL_SOURCES.values())


def hubspot_attribution(original: str, drill_down_1: str, drill_down_2: str) -> Attribution:
    """HubSpot's ``Original Source`` + drill-downs: ``Organic Social`` + ``LinkedIn`` →
    source ``linkedin``, medium ``social``, channel ``linkedin``."""
    label = normalise_value((original or "").replace("_", " "))
    if label is None:
        return UNKNOWN
    first, second = _drill_down(drill_down_1), _drill_down(drill_down_2)
    medium = HUBSPOT_MEDIUMS.get(label, label)
    if label in _NAMED_BY_DRILL_DOWN:
        source = normalise_source(first)
        content = second if medium in _SOCIAL_MEDIUMS else None  # else a keyword or a URL
        return Attribution(channel_of_source(source, medium), source, medium, content=content)
    if label == "email marketing":
        return Attribution("email", None, medium, campaign=first)
    if label == "other campaigns":
        return Attribution(None, None, None, campaign=first, content=second)
    return Attribution(None, None, medium)


def lead_source_attribution(raw: str) -> Attribution:
    """A Lead Source label: a social network by name (``LinkedIn``, ``LinkedIn Ads``,
    ``Twitter``) is that source with medium ``social``; known labels map as ``LEAD_SOURCES``."""
    label = normalise_value(raw)
    if label is None:
        return UNKNOWN
    network = _network(label)
    if network is not None:
        return Attribution(channel_of_source(network), network, "social")
    medium, channel = LEAD_SOURCES.get(label, (None, None))
    source = None if medium == "social" else label
    return Attribution(channel, source, medium)


def _network(label: str) -> str | None:
    """The social network a label names, by itself or as one of its words."""
    whole = normalise_source(label)
    if whole in _SOCIAL_NAMES:
        return whole
    for word in label.replace("-", " ").split():
        found = SOCIAL_SOURCES.get(word)
        if found is not None and word not in ("x", "fb"):
            return found
    return None


def _drill_down(raw: str) -> str | None:
    value = normalise_value(raw)
    return None if value in _NO_DRILL_DOWN else value
