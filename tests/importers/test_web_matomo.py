"""Matomo Reporting API CSV, one test per quirk of FORMATS §7.3 (fixtures and inline files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ascent.domain.records import Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.web.matomo import MATOMO

FIXTURES = Path(__file__).parents[1] / "fixtures" / "matomo"
UTF16 = FIXTURES / "utf16" / "matomo_export_last4.csv"
CAMPAIGNS = FIXTURES / "campaigns_utf8" / "matomo_referrers_2024-03-01_2024-03-02.csv"
TYPES = FIXTURES / "referrer_type" / "Export _ Channel Type _ Friday, March 1, 2024.csv"
HEADER = "label,nb_uniq_visitors,nb_visits,nb_actions"


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(MATOMO.parse(source))


def outcomes(path: Path) -> list[OutcomeRecord]:
    return [r for r in parse(path) if isinstance(r, OutcomeRecord)]


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    data = text.encode(encoding)
    path.write_bytes(b"\xff\xfe" + data if encoding == "utf-16-le" else data)
    return path


def notes(path: Path) -> list[str]:
    return [n.message for n in parse(path) if isinstance(n, Note)]


def test_utf16le_with_bom_is_decoded() -> None:
    assert UTF16.read_bytes()[:2] == b"\xff\xfe"
    assert "одноклассники" in {o.source for o in outcomes(UTF16)}


def test_utf8_without_bom_reads_too() -> None:
    assert [o.campaign for o in outcomes(CAMPAIGNS)][:2] == ["spring-launch", "march-digest"]


def test_the_multi_period_date_column_gives_one_outcome_per_day() -> None:
    assert [(o.occurred_at.date().day, o.source) for o in outcomes(UTF16)] == [
        (1, "linkedin"),
        (1, "x"),
        (1, "одноклассники"),
        (2, "linkedin"),
        (2, "bluesky"),
        (3, "mastodon"),
    ]


def test_nb_visits_is_the_count_not_unique_visitors() -> None:
    assert outcomes(UTF16)[0].amount == 41.0  # nb_uniq_visitors 38


def test_a_row_with_zero_visits_is_not_an_outcome() -> None:
    assert date(2024, 3, 4) not in {o.occurred_at.date() for o in outcomes(UTF16)}


def test_an_unreadable_count_is_rejected_with_its_line() -> None:
    (rejected,) = [r for r in parse(UTF16) if isinstance(r, Rejected)]
    assert (rejected.line, rejected.reason) == (8, "unreadable nb_visits 'many'")


def test_social_logos_say_the_labels_are_social_networks() -> None:
    assert notes(UTF16) == ["labels read as social networks (Referrers.getSocials)"]
    assert {o.medium for o in outcomes(UTF16)} == {"social"}


def test_campaign_segments_say_the_labels_are_campaigns() -> None:
    assert notes(CAMPAIGNS) == ["labels read as campaign names (Referrers.getCampaigns)"]


def test_campaign_names_differing_in_case_are_one_campaign() -> None:
    assert [o.amount for o in outcomes(CAMPAIGNS)][2] == 15.0  # spring-launch 12 + Spring-Launch 3


def test_referrer_types_become_the_medium_and_direct_entry_is_direct() -> None:
    assert [(o.source, o.medium) for o in outcomes(TYPES)] == [
        (None, None),
        (None, "referral"),
        (None, "organic"),
        (None, "social"),
        (None, "campaign"),
    ]


def test_a_single_period_file_takes_its_day_from_matomos_download_name() -> None:
    assert {(o.occurred_at.date(), o.raw_time) for o in outcomes(TYPES)} == {
        (date(2024, 3, 1), "March 1, 2024")
    }


def test_no_data_available_is_a_note_not_an_error() -> None:
    records = parse(FIXTURES / "nodata")
    assert [type(r) for r in records] == [Note]
    assert "No data available" in records[0].message  # type: ignore[union-attr]


def test_a_single_period_file_without_a_date_in_its_name_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "export.csv", f"{HEADER}\nLinkedIn,3,4,9")
    with pytest.raises(InputError, match=r"export\.csv: no date column and no date"):
        parse(path)


def test_an_iso_date_in_the_name_dates_a_single_period_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Referrers.getWebsites_2024-03-05.csv", f"{HEADER}\nlnkd.in,3,4,9")
    (found,) = outcomes(path)
    assert (found.occurred_at.date(), found.source, found.medium) == (
        date(2024, 3, 5),
        "linkedin",
        "referral",
    )


def test_a_week_total_lands_on_its_last_day(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.csv",
        f'date,{HEADER}\n"2024-03-04,2024-03-10",LinkedIn,3,4,9\n2024-03,LinkedIn,8,9,20',
    )
    assert [(o.occurred_at.date(), o.source_key.split(":")[3]) for o in outcomes(path)] == [
        (date(2024, 3, 10), "20240304-20240310"),
        (date(2024, 3, 31), "20240301-20240331"),
    ]


def test_the_formula_guard_quote_is_removed_from_labels(tmp_path: Path) -> None:
    path = write(tmp_path, "Referrers.getCampaigns_2024-03-05.csv", f"{HEADER}\n'-launch,3,4,9")
    assert [o.campaign for o in outcomes(path)] == ["-launch"]


def test_without_any_hint_labels_are_read_as_referring_sites(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m_2024-03-05.csv",
        f"{HEADER}\nandroid-app://com.linkedin.android,3,4,9\nnews.ycombinator.com,1,1,1",
    )
    assert [(o.source, o.medium) for o in outcomes(path)] == [
        ("linkedin", "referral"),
        ("hacker news", "referral"),
    ]


def test_get_all_rows_carry_their_own_referrer_type(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "all_2024-03-05.csv",
        f"{HEADER},metadata_referer_type\n"
        "LinkedIn,3,4,9,Social Networks\nspring-launch,2,2,4,Campaigns\n"
        "Direct Entry,9,9,9,Direct Entry",
        encoding="utf-16-le",
    )
    assert [(o.source, o.medium, o.campaign) for o in outcomes(path)] == [
        ("linkedin", "social", None),
        (None, None, "spring-launch"),
        (None, None, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "date,kind,contact\n2024-03-01,call,Bob\n",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        '"date","source","utm_medium","visitors","visits"\n"2024-03-01","",""\n',
        "# Start date: 20240301\nSession source,Sessions\nt.co,3\n",
        "Error: the token is not valid",
    ],
)
def test_detect_claims_only_matomo_files(tmp_path: Path, text: str) -> None:
    assert not MATOMO.detect(Source.open(write(tmp_path, "f.csv", text)))


def test_detect_claims_utf16_utf8_and_no_data_files() -> None:
    for folder in ("utf16", "campaigns_utf8", "referrer_type", "nodata"):
        assert MATOMO.detect(Source.open(FIXTURES / folder)), folder


# --- reports that are not about referrers ----------------------------------------------------

CONTENTS = FIXTURES / "contents_utf16" / "Export _ Content Name _ Friday, March 1, 2024.csv"
ACTIONS = FIXTURES / "actions_utf8" / "matomo_pages_last2.csv"
WANTED = (
    "; Ascent reads Matomo's Referrers reports (Channel Type, Websites, Social Networks, "
    "Search Engines, Campaigns)"
)


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        parse(path)
    return str(caught.value)


def test_a_contents_report_is_refused_naming_it_not_read_as_traffic_sources() -> None:
    assert refusal(CONTENTS) == (
        f"{CONTENTS}: not a referrers report: 'Content Name' (Contents) report{WANTED}"
    )


def test_an_actions_report_is_refused_naming_it() -> None:
    assert refusal(ACTIONS) == (
        f"{ACTIONS}: not a referrers report: Actions (page URLs or titles) report{WANTED}"
    )


def test_a_segment_on_another_dimension_refuses_the_report(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m_2024-03-05.csv",
        f"{HEADER},metadata_segment\nSpring Banner,3,4,9,contentName==Spring%20Banner",
    )
    assert refusal(path) == f"{path}: not a referrers report: Contents report{WANTED}"


def test_an_api_method_name_of_another_plugin_refuses_the_report(tmp_path: Path) -> None:
    path = write(tmp_path, "Events.getCategory_2024-03-05.csv", f"{HEADER}\nsignup,3,4,9")
    assert refusal(path) == f"{path}: not a referrers report: Events.getCategory report{WANTED}"


WEEKLY = FIXTURES / "websites_week" / "matomo_export_last2_week.csv"


def test_a_weekly_websites_export_without_any_hint_is_read_with_its_sum_daily_columns() -> None:
    assert "sum_daily_nb_uniq_visitors" in WEEKLY.read_bytes().decode("utf-16")
    assert [(o.occurred_at.date(), o.source, o.medium, o.amount) for o in outcomes(WEEKLY)] == [
        (date(2024, 3, 10), "linkedin", "referral", 23.0),
        (date(2024, 3, 10), "hacker news", "referral", 3.0),
        (date(2024, 3, 17), "linkedin", "referral", 11.0),
        (date(2024, 3, 17), "x", "referral", 5.0),
    ]
    assert notes(WEEKLY) == ["labels read as referring sites (Referrers.getWebsites)"]


@pytest.mark.parametrize(
    "column",
    [
        "sum_daily_nb_uniq_visitors",
        "sum_daily_nb_users",
        "bounce_rate",
        "nb_actions_per_visit",
        "avg_time_on_site",
        "nb_visits_converted",
        "nb_conversions",
        "revenue",
        "conversion_rate",
        "max_actions",
        "sum_visit_length",
        "bounce_count",
        "goals",
        "revenue_per_visit",
        "nb_downloads",
    ],
)
def test_a_column_no_other_report_is_known_for_refuses_nothing(tmp_path: Path, column: str) -> None:
    path = write(tmp_path, "m_2024-03-05.csv", f"{HEADER},{column}\nlnkd.in,3,4,9,2")
    assert [(o.source, o.medium, o.amount) for o in outcomes(path)] == [
        ("linkedin", "referral", 4.0)
    ]


@pytest.mark.parametrize(
    ("column", "report"),
    [("exit_rate", "Actions (exit pages)"), ("avg_event_value", "Events")],
)
def test_a_column_only_another_report_has_refuses_it(
    tmp_path: Path, column: str, report: str
) -> None:
    path = write(tmp_path, "m_2024-03-05.csv", f"{HEADER},{column}\nfile.pdf,3,4,9,2")
    assert refusal(path) == f"{path}: not a referrers report: {report} report{WANTED}"


def test_a_segment_on_a_dimension_no_referrer_report_has_refuses_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m_2024-03-05.csv",
        f"{HEADER},metadata_segment\nSmartphone,3,4,9,deviceType==smartphone",
    )
    assert refusal(path) == f"{path}: not a referrers report: a 'deviceType' report{WANTED}"


def test_referrer_and_campaign_segments_refuse_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m_2024-03-05.csv",
        f"{HEADER},metadata_segment\n"
        "google - cpc,3,4,9,campaignSource==google;campaignMedium==cpc\n"
        "lnkd.in,1,1,1,referrerUrl==https%253A%252F%252Flnkd.in%252Fx",
    )
    assert len(outcomes(path)) == 2


def test_referrer_evidence_keeps_an_extra_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, "Referrers.getWebsites_2024-03-05.csv", f"{HEADER},nb_downloads\nlnkd.in,3,4,9,2"
    )
    assert [(o.source, o.medium) for o in outcomes(path)] == [("linkedin", "referral")]


def test_a_semicolon_resave_is_detected_and_read_like_the_original(tmp_path: Path) -> None:
    text = CAMPAIGNS.read_text(encoding="utf-8")
    resaved = "\n".join(
        ";".join(f'"{c}"' if ";" in c else c for c in line.split(",")) for line in text.splitlines()
    )
    path = write(tmp_path, CAMPAIGNS.name, resaved + "\n")
    with Source.open(path) as source:
        assert MATOMO.detect(source)
    assert outcomes(path) == outcomes(CAMPAIGNS)
