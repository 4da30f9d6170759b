"""The video link of a meeting: Google's ``X-GOOGLE-CONFERENCE``, else a Meet, Zoom, Teams or
Webex link in ``LOCATION`` or ``DESCRIPTION`` (FORMATS §6)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from icalendar import Component

URL = re.compile(r"https?://[^\s<>\"')\]]+")
VIDEO_HOSTS = (
    "meet.google.com",
    "zoom.us",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
)


def conference_link(event: Component) -> str | None:
    google = event.get("X-GOOGLE-CONFERENCE")
    if google is not None and str(google).strip():
        return str(google).strip()
    for name in ("LOCATION", "DESCRIPTION"):
        urls: list[str] = URL.findall(str(event.get(name, "")))
        for url in urls:
            host = (urlsplit(url).hostname or "").lower()
            if host.endswith(VIDEO_HOSTS):
                return url.rstrip(".,;")
    return None
