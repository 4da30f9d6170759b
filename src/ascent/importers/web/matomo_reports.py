"""How a Matomo report's labels are read as traffic sources (FORMATS §7.3).

A Reporting API CSV does not say which method produced it: ``label`` is a referrer type
(``Referrers.getReferrerType``), a social network (``getSocials``), a site (``getWebsites``),
a search engine (``getSearchEngines``) or a campaign name (``getCampaigns``). ``infer_report``
decides, first match wins:

1. a ``metadata_referer_type`` column (``Referrers.getAll``): each row says its own type;
2. the file name: Matomo's own download name (``Export _ Social Networks _ <date>.csv``)
   or an API method name the user kept (``Referrers.getCampaigns.csv``);
3. ``metadata_logo``: Matomo's icon paths name ``socials/`` or ``searchEngines/``;
4. ``metadata_segment``: ``referrerType==campaign;referrerName==…`` and the like;
5. every label is a referrer type (``Direct Entry``, ``Websites`` …);
6. otherwise the labels are read as referring sites.

Before that, ``not_referrers`` refuses a report of another plugin (Actions, Contents, Events
… also have ``label`` and ``nb_visits``), on positive evidence only: its method name says so,
a column only such reports carry (``nb_hits``, ``nb_impressions`` …), or a ``metadata_segment``
on another dimension (``pageUrl==``, ``contentName==``, ``deviceType==``). A column Ascent
does not know refuses nothing: Matomo's metrics vary with period, version and plugins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from ascent.domain.traffic import normalise_source, normalise_value
from ascent.importers.textfiles import header_key
from ascent.importers.web.visits import Traffic

#: ``Referrers.getReferrerType`` labels (and Matomo's type ids) -> the medium they mean
REFERRER_TYPES: dict[str, str | None] = {
    "direct entry": None,
    "websites": "referral",
    "search engines": "organic",
    "social networks": "social",
    "campaigns": "campaign",
}
TYPE_IDS = {
    "1": "direct entry",
    "2": "search engines",
    "3": "websites",
    "6": "campaigns",
    "7": "social networks",
}
#: (words in a file name, report); the source/medium report first: its name says "campaign"
NAME_HINTS = (
    (("getsourcemedium", "source - medium", "source medium"), "source_medium"),
    (("getreferrertype", "channel type", "referrer type"), "referrer_type"),
    (("getsocials", "social networks"), "socials"),
    (("getsearchengines", "search engines"), "search"),
    (("getcampaigns", "getname", "campaign names", "campaigns"), "campaigns"),
    (("getwebsites", "websites"), "websites"),
)
SEGMENT_TYPES = {
    "campaign": "campaigns",
    "search": "search",
    "social": "socials",
    "website": "websites",
}
#: Matomo prefixes a label that starts like a spreadsheet formula with ``'`` (CSV renderer)
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@])")


def clean_label(label: str) -> str:
    """The label as Matomo stored it: without the ``'`` it adds before ``=``, ``+``, ``-``."""
    return _FORMULA_GUARD.sub("", label.strip())


def _type_medium(label: str) -> Traffic:
    key = label.strip().lower()
    medium = REFERRER_TYPES[key] if key in REFERRER_TYPES else normalise_value(label)
    return Traffic(medium=medium)


def _source_medium(label: str) -> Traffic:
    source, _, medium = label.partition(" - ")
    return Traffic(normalise_source(source), normalise_value(medium))


#: report -> (how its labels read, what the note calls it)
READERS: dict[str, tuple[Callable[[str], Traffic], str]] = {
    "referrer_type": (_type_medium, "referrer types (Referrers.getReferrerType)"),
    "socials": (
        lambda x: Traffic(normalise_source(x), "social"),
        "social networks (Referrers.getSocials)",
    ),
    "websites": (
        lambda x: Traffic(normalise_source(x), "referral"),
        "referring sites (Referrers.getWebsites)",
    ),
    "search": (
        lambda x: Traffic(normalise_source(x), "organic"),
        "search engines (Referrers.getSearchEngines)",
    ),
    "campaigns": (
        lambda x: Traffic(campaign=normalise_value(x)),
        "campaign names (Referrers.getCampaigns)",
    ),
    "source_medium": (_source_medium, "campaign 'source - medium' (getSourceMedium)"),
}
#: ``metadata_referer_type`` of a ``getAll`` row -> the report its label belongs to
ALL_TYPES = {
    "direct entry": "referrer_type",
    "websites": "websites",
    "search engines": "search",
    "social networks": "socials",
    "campaigns": "campaigns",
}


@dataclass(frozen=True)
class Report:
    """Which report a file is (``all``: each row's ``metadata_referer_type`` says)."""

    kind: str

    @property
    def description(self) -> str:
        if self.kind == "all":
            return "referrers by type (Referrers.getAll)"
        return READERS[self.kind][1]

    def traffic(self, label: str, referer_type: str = "") -> Traffic:
        label = clean_label(label)
        if self.kind != "all":
            return READERS[self.kind][0](label)
        kind = referer_type.strip().lower()
        kind = ALL_TYPES.get(TYPE_IDS.get(kind, kind), "websites")
        return _type_medium("direct entry") if kind == "referrer_type" else READERS[kind][0](label)


def infer_report(
    file_name: str, labels: list[str], logos: list[str], segments: list[str], per_row: bool
) -> Report:
    """Which report the file came from (see the module docstring for the order)."""
    if per_row:
        return Report("all")
    return Report(
        _from_name(file_name)
        or _from_logos(logos)
        or _from_segments(segments)
        or ("referrer_type" if _all_types(labels) else "websites")
    )


def _from_name(file_name: str) -> str | None:
    name = file_name.lower().replace("_", " ").replace(".", " ")
    compact = name.replace(" ", "")
    for words, kind in NAME_HINTS:
        if any(w in name or w.replace(" ", "") in compact for w in words):
            return kind
    return None


def _from_logos(logos: list[str]) -> str | None:
    text = " ".join(logos).lower()
    if "/socials/" in text:
        return "socials"
    return "search" if "/searchengines/" in text else None


def _from_segments(segments: list[str]) -> str | None:
    text = unquote(" ".join(segments)).lower()
    if "referrername==" in text:
        for word, kind in SEGMENT_TYPES.items():
            if f"referrertype=={word}" in text:
                return kind
        return "websites"
    return "referrer_type" if "referrertype==" in text else None


def _all_types(labels: list[str]) -> bool:
    return bool(labels) and all(clean_label(x).lower() in REFERRER_TYPES for x in labels)


#: columns only other reports carry -> the report they belong to. A column missing here
#: never refuses a report: Matomo adds metrics with each version and plugin (goal, processed and
#: ``sum_daily_*`` ones), so only a column known to belong elsewhere is evidence.
OTHER_COLUMNS = {
    "nbhits": "Actions (page URLs or titles)",
    "entrynbvisits": "Actions (entry pages)",
    "entrynbactions": "Actions (entry pages)",
    "entrysumvisitlength": "Actions (entry pages)",
    "entrybouncecount": "Actions (entry pages)",
    "exitnbvisits": "Actions (exit pages)",
    "exitrate": "Actions (exit pages)",
    "sumtimespent": "Actions (page URLs or titles)",
    "avgtimeonpage": "Actions (page URLs or titles)",
    "avgtimegeneration": "Actions (page URLs or titles)",
    "nbpagespersearch": "Actions (site search)",
    "nbimpressions": "Contents",
    "nbinteractions": "Contents",
    "interactionrate": "Contents",
    "nbevents": "Events",
    "sumeventvalue": "Events",
    "nbeventswithvalue": "Events",
    "mineventvalue": "Events",
    "maxeventvalue": "Events",
    "avgeventvalue": "Events",
}
#: a segment dimension -> the report family it belongs to (referrer and campaign ones are ours)
OTHER_DIMENSIONS = {
    "page": "Actions",
    "entry": "Actions",
    "exit": "Actions",
    "content": "Contents",
    "event": "Events",
}
#: Matomo's download name ``Export _ <report> _ <date>.csv`` and API method names
_DOWNLOAD = re.compile(r"export _ (?P<report>.+?) _ ", re.IGNORECASE)
_METHOD = re.compile(r"(?P<plugin>[A-Za-z]+)\.(?P<method>get[A-Za-z]+)")
_OWN_PLUGINS = ("referrers", "marketingcampaignsreporting")
#: segment dimensions of Referrers and MarketingCampaignsReporting (``referrerName``,
#: ``campaignSource`` …); any other names another report's rows
_OWN_DIMENSIONS = ("referrer", "campaign")
_DIMENSION = re.compile(r"(?:^|[;,])\s*([A-Za-z]+)\s*(?:==|!=|=@|!@|=\^|=\$|<=|>=|<|>)")


def not_referrers(file_name: str, columns: list[str], segments: list[str]) -> str | None:
    """Which other report this is, or None when nothing says it is one.

    Only positive evidence refuses: another plugin's method name, a column only other reports
    carry, a ``metadata_segment`` on another dimension.
    """
    base = file_name.rsplit("/", 1)[-1]
    method = _METHOD.search(base)
    if method and method["plugin"].lower() not in _OWN_PLUGINS:
        return f"{method.group(0)} report"
    keys = (header_key(c) for c in columns)
    other = next((OTHER_COLUMNS[k] for k in keys if k in OTHER_COLUMNS), None)
    other = other or _other_dimension(segments)
    if other is None:
        return None
    download = _DOWNLOAD.match(base)
    return f"'{download['report']}' ({other}) report" if download else f"{other} report"


def _other_dimension(segments: list[str]) -> str | None:
    for segment in segments:
        for dimension in _DIMENSION.findall(unquote(segment)):
            key = dimension.lower()
            if key.startswith(_OWN_DIMENSIONS):
                continue
            return next(
                (r for p, r in OTHER_DIMENSIONS.items() if key.startswith(p)), f"a '{dimension}'"
            )
    return None
