"""Pipedrive's column labels and status values, English and Czech (FORMATS §5.3).

Labels are compared by ``label_key``: lower case, diacritics stripped, en/em dashes as ``-``,
no spaces, underscores or the ``*`` Pipedrive puts on required import columns; so
``Deal – Title``, ``deal - title`` and ``Deal-Title`` are one column. The English labels were
seen in public exports and mapping tables; the Czech ones come from third-party mapping tables
and are unverified on a raw export, so each is one more alias, never the only one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from ascent.importers.crm.deals import LOST, OPEN, WON

_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-"})
_NOISE = re.compile(r"[\s_*]+")


def label_key(name: str) -> str:
    """How Pipedrive labels and values are compared (see the module docstring)."""
    text = name.lstrip("\ufeff").translate(_DASHES).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOISE.sub("", text)


def _keys(*labels: str) -> tuple[str, ...]:
    return tuple(label_key(label) for label in labels)


#: field -> its labels, preferred first (the first is the one named in messages)
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "id": _keys("Deal - ID", "Obchod - ID"),
    "title": _keys("Deal - Title", "Obchod - Název", "Obchod - Nadpis"),
    "value": _keys("Deal - Value", "Obchod - Hodnota"),
    "currency": _keys(
        "Deal - Currency", "Deal - Currency of value", "Obchod - Měna", "Obchod - Měna hodnoty"
    ),
    "status": _keys("Deal - Status", "Obchod - Stav"),
    "created": _keys(
        "Deal - Deal created",
        "Deal - Deal created on",
        "Deal - Creation date",
        "Deal - Add time",
        "Deal - Created",
        "Obchod - Obchod vytvořen",
        "Obchod - Vytvořeno",
        "Obchod - Datum vytvoření",
    ),
    "won": _keys("Deal - Won time", "Obchod - Datum výhry", "Obchod - Čas výhry"),
    "lost": _keys("Deal - Lost time", "Obchod - Datum prohry", "Obchod - Čas prohry"),
    "closed": _keys(
        "Deal - Deal closed on", "Deal - Closed on", "Deal - Close time", "Obchod - Uzavřeno dne"
    ),
    "owner": _keys("Deal - Owner", "Obchod - Vlastník"),
    "organization": _keys(
        "Deal - Organization", "Organization - Name", "Obchod - Organizace", "Organizace - Název"
    ),
    "contact": _keys(
        "Deal - Contact person",
        "Person - Name",
        "Obchod - Kontaktní osoba",
        "Osoba - Jméno a příjmení",
        "Osoba - Jméno",
    ),
    "email": _keys(
        "Person - Email", "Person - Email - Work", "Person - Email (Work)", "Osoba - E-mail"
    ),
    "person_id": _keys("Person - ID", "Osoba - ID"),
    "lost_reason": _keys("Deal - Lost reason", "Obchod - Důvod prohry"),
    "source": _keys(
        "Deal - Source channel",
        "Deal - Lead source",
        "Deal - Source",
        "Lead source",
        "Obchod - Zdroj",
    ),
}

#: ``Deal - Status`` values -> open / won / lost / deleted (Czech ones unverified)
STATUSES: Final[dict[str, str]] = {
    label_key(value): status
    for status, values in {
        OPEN: ("Open", "Otevřeno", "Otevřený"),
        WON: ("Won", "Vyhráno", "Vyhraný"),
        LOST: ("Lost", "Prohráno", "Prohraný"),
        "deleted": ("Deleted", "Smazáno", "Smazaný"),
    }.items()
    for value in values
}
