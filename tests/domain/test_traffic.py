"""Traffic source normalisation (FORMATS §7.4): one name per source, whatever the tool wrote."""

from __future__ import annotations

import pytest

from ascent.domain.traffic import (
    channel_of_source,
    normalise_source,
    normalise_value,
    post_id,
    split_source_medium,
    tag_link,
    utm_of,
)


@pytest.mark.parametrize(
    ("raw", "source"),
    [
        ("linkedin.com", "linkedin"),
        ("https://www.LinkedIn.com/feed/", "linkedin"),
        ("lnkd.in", "linkedin"),
        ("android-app://com.linkedin.android/", "linkedin"),
        ("de.linkedin.com", "linkedin"),  # country subdomains refer too
        ("t.co", "x"),
        ("Twitter", "x"),
        ("go.bsky.app", "bluesky"),  # Bluesky's link redirect
        ("android-app://xyz.blueskyweb.app/", "bluesky"),
        ("android-app://org.joinmastodon.android/", "mastodon"),
        ("fosstodon.org", "mastodon"),
        ("android-app://com.facebook.katana/", "facebook"),
        ("out.reddit.com", "reddit"),
        ("Hacker News", "hacker news"),
        ("newsletter.example.com", "newsletter.example.com"),  # unknown hosts stay as they are
        ("mail.example.co", "mail.example.co"),  # a suffix that is not a known host
    ],
)
def test_sources_are_normalised_to_one_name(raw: str, source: str) -> None:
    assert normalise_source(raw) == source


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "(direct)",
        "(not set)",
        "Direct / None",
        "(organic)",
        "(referral)",
        "(data not available)",
    ],
)
def test_tools_placeholders_are_no_value(raw: str) -> None:
    assert normalise_value(raw) is None


def test_values_are_url_decoded_lower_case_and_trimmed() -> None:
    assert normalise_value(" Spring%20Launch+2024 ") == "spring launch 2024"


def test_ga4_source_medium_splits_and_direct_is_nothing() -> None:
    assert split_source_medium("linkedin.com / referral") == ("linkedin", "referral")
    assert split_source_medium("(direct) / (none)") == (None, None)


def test_channels_are_social_networks_email_or_web() -> None:
    assert [
        channel_of_source("linkedin"),
        channel_of_source("news", "Email"),
        channel_of_source("google", "organic"),
        channel_of_source(None),
    ] == ["linkedin", "email", "web", None]


def test_tag_link_keeps_other_parameters_and_replaces_utm_values() -> None:
    assert tag_link(
        "https://ada.example/p?ref=a&utm_source=old", source="LinkedIn", content="urn:li:activity:1"
    ) == (
        "https://ada.example/p?ref=a&utm_source=linkedin&utm_medium=social"
        "&utm_content=urn%3Ali%3Aactivity%3A1"
    )


def test_tag_link_refuses_what_is_not_a_web_address() -> None:
    with pytest.raises(ValueError, match="not a web address"):
        tag_link("ada.example/p", source="linkedin")


@pytest.mark.parametrize(
    ("pasted", "post"),
    [
        ("urn:li:activity:7170000000000000001", "urn:li:activity:7170000000000000001"),
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7170000000000000001/",
            "urn:li:activity:7170000000000000001",
        ),
        ("https://www.linkedin.com/feed/update/urn:li:share:42?utm=x", "urn:li:share:42"),
        ("URN:LI:UGCPOST:7", "URN:LI:UGCPOST:7"),
        ("  Spring-Slug ", "Spring-Slug"),  # a slug of the user's own stays as it is
        ("  ", None),
        ("", None),
    ],
)
def test_post_id_finds_the_linkedin_urn_in_what_was_pasted(pasted: str, post: str | None) -> None:
    assert post_id(pasted) == post


def test_utm_of_reads_back_only_the_utm_parameters() -> None:
    url = tag_link(
        "https://ada.example/?ref=nl&utm_source=old",
        source="Mastodon",
        campaign="Spring Launch",
        content="spring-slug",
    )
    assert utm_of(url) == {
        "utm_source": "mastodon",
        "utm_medium": "social",
        "utm_campaign": "spring launch",
        "utm_content": "spring-slug",
    }
    assert utm_of("https://ada.example/?ref=nl") == {}
