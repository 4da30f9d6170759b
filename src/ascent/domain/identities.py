"""How identities are written so that the same person always gives the same key."""

from __future__ import annotations

from urllib.parse import unquote


def normalise_profile_url(raw: str | None) -> str | None:
    """Lower case, percent-decoded, no trailing slash, ``https://`` scheme; None when empty.

    A bare ``https://www.linkedin.com/in`` (no slug, FORMATS §1.3) identifies nobody: None.
    """
    text = (raw or "").strip()
    if not text or text.upper() == "NA":
        return None
    url = unquote(text).lower().rstrip("/")
    if not url.startswith(("http://", "https://")):
        url = "https://" + url
    url = url.replace("http://", "https://", 1)
    if url.endswith("linkedin.com/in"):
        return None
    return url
