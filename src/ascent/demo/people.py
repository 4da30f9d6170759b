"""Invented counterparts: prospects in target accounts and the wider network.

URLs and ids are drawn from the persona's own ``random.Random`` so that the same seed gives
the same people; a few names carry the quirks real exports have (accents that percent-encode
in the URL slug, a credential after a comma, trailing spaces).
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import quote

FIRST_NAMES: Final = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Femi",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Maya",
    "Niko",
    "Olu",
    "Priya",
    "Rafael",
    "Renée",
    "Sofia",
    "Tariq",
    "Ulla",
    "Victor",
    "Wen",
    "Yara",
    "Zoe",
    "José",
    "Mats",
    "Aoife",
)
LAST_NAMES: Final = (
    "Example",
    "Sample",
    "Demo",
    "Placeholder",
    "Testwell",
    "Mockford",
    "Fakesley",
    "Dummett",
    "Roe",
    "Doe",
    "Prototype",
    "Specimen",
    "Exemplar",
    "Pattern",
    "Modelby",
    "Draftson",
)
TITLES: Final = (
    "Head of Finance",
    "Operations Director",
    "VP Sales",
    "Procurement Manager",
    "CFO",
    "IT Manager",
    "Head of Customer Success",
    "Finance Business Partner",
    "COO",
    "Revenue Operations Lead",
)


@dataclass(frozen=True, slots=True)
class Contact:
    """A counterpart as the export shows them."""

    first_name: str
    last_name: str
    url: str
    company: str
    position: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def new_contact(rng: random.Random, company: str) -> Contact:
    """A fresh invented person at ``company`` with a unique-looking LinkedIn URL."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    slug_name = f"{first}-{last}".lower()
    if rng.random() < 0.04:
        last += ", PhD"
    elif rng.random() < 0.03:
        first += " "
    slug = quote(slug_name) + "-" + f"{rng.getrandbits(32):08x}"[:6]
    return Contact(first, last, "https://www.linkedin.com/in/" + slug, company, rng.choice(TITLES))


def conversation_id(*parts: str) -> str:
    """``2-`` + 56 base64 characters ending ``==``, stable for the same parts."""
    digest = hashlib.sha512("\x1f".join(parts).encode()).digest()[:40]
    return "2-" + base64.b64encode(digest).decode()


def activity_id(rng: random.Random, at: datetime) -> int:
    """A 19-digit LinkedIn activity id: milliseconds since the epoch in the high bits."""
    return (int(at.timestamp() * 1000) << 22) | rng.getrandbits(22)


def post_link(kind: str, ident: int | str) -> str:
    """``https://www.linkedin.com/feed/update/urn%3Ali%3A<kind>%3A<id>``."""
    return f"https://www.linkedin.com/feed/update/urn%3Ali%3A{kind}%3A{ident}"
