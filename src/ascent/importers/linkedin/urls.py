"""Profile URLs as LinkedIn writes them, turned into the one key form ContactRef expects.

Seen in exports: percent-encoded slugs, ``www.linkedin.com/in/x`` without a scheme
(Endorsements), bare ``https://www.linkedin.com/in`` with no slug and ``urn:li:member:<n>``
values (2023 Invitations). The last two identify nobody and give None.
"""

from __future__ import annotations

from functools import lru_cache

from ascent.domain.identities import normalise_profile_url


@lru_cache(maxsize=65536)
def profile_url(raw: str) -> str | None:
    """Lower case, percent-decoded, no query or trailing slash, ``https://``; None if no slug.

    Cached: a messages.csv repeats the same few thousand URLs a million times.
    """
    text = raw.strip()
    if not text or text.lower().startswith("urn:"):
        return None
    text = text.split("?", 1)[0].split("#", 1)[0]
    url = normalise_profile_url(text)
    if url is None or url.rstrip("/").endswith("linkedin.com/in"):
        return None
    return url


def profile_urls(joined: str) -> list[str]:
    """The usable URLs of a comma-joined list (``RECIPIENT PROFILE URLS``), in order.

    Splitting on commas is safe here, unlike for names: a URL encodes its commas.
    """
    urls = (profile_url(part) for part in joined.split(",")) if joined else ()
    return [u for u in urls if u is not None]
