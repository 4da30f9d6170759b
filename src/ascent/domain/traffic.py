"""Traffic sources as web analytics and CRMs name them, normalised once (FORMATS §7.4).

The same LinkedIn visit arrives as ``linkedin.com``, ``www.linkedin.com``, ``lnkd.in``,
``android-app://com.linkedin.android/`` or a UTM ``utm_source=LinkedIn``; attribution needs
one name for all of them. UTM values are case-sensitive in GA4, so everything is lower-cased,
URL-decoded (``+`` and ``%20`` are spaces) and trimmed. Links going out are tagged the
other way round: ``tag_link`` puts the post (``post_id``) in ``utm_content``.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qsl, unquote, unquote_plus, urlencode, urlsplit, urlunsplit

#: referrer host, app id or UTM value -> the one source name attribution uses
SOCIAL_SOURCES: Final[dict[str, str]] = {
    "linkedin": "linkedin",
    "linkedin.com": "linkedin",
    "lnkd.in": "linkedin",
    "com.linkedin.android": "linkedin",
    "t.co": "x",
    "x": "x",
    "x.com": "x",
    "twitter": "x",
    "twitter.com": "x",
    "mobile.twitter.com": "x",
    "com.twitter.android": "x",
    "mastodon": "mastodon",
    "mastodon.social": "mastodon",
    "mastodon.online": "mastodon",
    "mstdn.social": "mastodon",
    "fosstodon.org": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "bsky.app": "bluesky",
    "bsky.social": "bluesky",
    "facebook": "facebook",
    "facebook.com": "facebook",
    "m.facebook.com": "facebook",
    "l.facebook.com": "facebook",
    "lm.facebook.com": "facebook",
    "fb": "facebook",
    "instagram": "instagram",
    "instagram.com": "instagram",
    "l.instagram.com": "instagram",
    "youtube": "youtube",
    "youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "reddit": "reddit",
    "reddit.com": "reddit",
    "old.reddit.com": "reddit",
    "news.ycombinator.com": "hacker news",
    # Android app referrers (android-app://<package>/) of the apps people share links from
    "org.joinmastodon.android": "mastodon",
    "xyz.blueskyweb.app": "bluesky",
    "com.facebook.katana": "facebook",
    "com.instagram.android": "instagram",
    "com.reddit.frontpage": "reddit",
}
#: sources that are channels of DESIGN §3 (the rest of the web is ``web``)
CHANNEL_SOURCES: Final = frozenset({"linkedin", "x", "mastodon", "bluesky"})
EMAIL_MEDIUMS: Final = frozenset({"email", "e-mail", "e_mail", "e mail", "newsletter"})
#: what analytics tools write for "no value"
EMPTY_VALUES: Final = frozenset(
    {
        "",
        "(not set)",
        "(none)",
        "(direct)",
        "-",
        "none",
        "null",
        # Plausible's direct bucket; GA4's placeholders in campaign/content for untagged traffic
        "direct / none",
        "(organic)",
        "(referral)",
        "(data not available)",
    }
)
UTM_PARAMETERS: Final = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
#: a LinkedIn post id inside whatever the user pasted (the id itself or the post's URL)
LINKEDIN_POST: Final = re.compile(r"urn:li:(?:activity|share|ugcPost):\d+", re.IGNORECASE)


def normalise_value(raw: str | None) -> str | None:
    """A UTM value or label: URL-decoded, lower case, trimmed; None for "no value"."""
    text = unquote_plus(raw or "").strip().lower()
    return None if text in EMPTY_VALUES else " ".join(text.split())


def normalise_source(raw: str | None) -> str | None:
    """One name per source: a referrer URL or host, an app id, or a UTM ``utm_source``.

    ``https://www.LinkedIn.com/feed/`` → ``linkedin``; ``android-app://com.linkedin.android/``
    → ``linkedin``; ``t.co`` → ``x``; ``newsletter.example.com`` stays as it is (no ``www.``).
    """
    text = normalise_value(raw)
    if text is None:
        return None
    host = text
    if "://" in text:
        host = urlsplit(text).netloc or text.split("://", 1)[1]
    host = host.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0] or text
    if host.startswith("www."):
        host = host[4:]
    return SOCIAL_SOURCES.get(host) or _social_parent(host) or host


def _social_parent(host: str) -> str | None:
    """The source of a subdomain of a known social host (``de.linkedin.com``,
    ``go.bsky.app``, ``out.reddit.com``): referrers arrive from country and redirect hosts."""
    labels = host.split(".")
    for i in range(1, len(labels) - 1):
        parent = ".".join(labels[i:])
        if parent in SOCIAL_SOURCES:
            return SOCIAL_SOURCES[parent]
    return None


def channel_of_source(source: str | None, medium: str | None = None) -> str | None:
    """The channel a visit came through: a social channel, ``email``, else ``web``; None when
    the source is unknown (direct traffic)."""
    if source in CHANNEL_SOURCES:
        return source
    if normalise_value(medium) in EMAIL_MEDIUMS:
        return "email"
    return "web" if source else None


def split_source_medium(raw: str) -> tuple[str | None, str | None]:
    """GA4's joined ``Session source / medium`` (``linkedin.com / referral``) as two values."""
    source, _, medium = raw.partition(" / ")
    return normalise_source(source), normalise_value(medium)


def tag_link(
    url: str,
    *,
    source: str,
    medium: str = "social",
    campaign: str | None = None,
    content: str | None = None,
    term: str | None = None,
) -> str:
    """``url`` with the five UTM parameters (lower case, as GA4 matches them); parameters the
    URL already had are kept, earlier UTM values replaced. ``content`` ties visits to a post.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not a web address: {url!r} (use https://…)")
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in UTM_PARAMETERS
    ]
    values = zip(UTM_PARAMETERS, (source, medium, campaign, content, term), strict=True)
    utm = [(k, " ".join(v.strip().lower().split())) for k, v in values if v and v.strip()]
    return urlunsplit(parts._replace(query=urlencode(kept + utm)))


def post_id(post: str) -> str | None:
    """The post's id: a LinkedIn ``urn:li:…`` found in what was pasted (the id or the post's
    URL), else the text itself; None when nothing was given."""
    text = unquote(post).strip()
    found = LINKEDIN_POST.search(text)
    if found:
        return found.group(0)
    return text or None


def utm_of(url: str) -> dict[str, str]:
    """The UTM parameters a link carries, as the analytics tool will read them."""
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    return {k: v for k, v in query if k in UTM_PARAMETERS}
