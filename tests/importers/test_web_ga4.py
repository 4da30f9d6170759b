"""GA4 CSV downloads, one test per quirk of FORMATS §7.1 (fixtures and tiny inline files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ascent.domain.records import Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.source import Source
from ascent.importers.web.ga4 import GA4

FIXTURES = Path(__file__).parents[1] / "fixtures"
OVERVIEW = FIXTURES / "ga4" / "acquisition" / "Traffic_acquisition_Session_source_medium.csv"
TOTALS = (
    FIXTURES / "ga4" / "acquisition" / "Traffic_acquisition_2023-12_Session_manual_ad_content.csv"
)
EXPLORATION = FIXTURES / "ga4" / "exploration" / "Free_form_1.csv"
PREAMBLE = (
    "# ----------------------------------------\n# Traffic acquisition\n# Account: Ada\n"
    "# Property: ada.example - GA4\n# ----------------------------------------\n#\n"
    "# All Users\n# Start date: 20240301\n# End date: 20240303\n"
    "# ----------------------------------------\n\n"
)


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(GA4.parse(source))


def outcomes(path: Path) -> list[OutcomeRecord]:
    return [r for r in parse(path) if isinstance(r, OutcomeRecord)]


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "ga4.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def visits(records: list[OutcomeRecord]) -> dict[tuple[date, str | None], float | None]:
    return {(o.occurred_at.date(), o.source): o.amount for o in records}


def test_the_preamble_property_names_the_site_in_the_source_key() -> None:
    assert (
        outcomes(OVERVIEW)[0].source_key
        == "ga4:visits:ada.example - ga4:20240304:linkedin|referral||"
    )


def test_of_several_tables_the_daily_one_is_read_and_the_others_are_noted() -> None:
    records = parse(OVERVIEW)
    assert {o.raw_time for o in records if isinstance(o, OutcomeRecord)} == {
        "20240304",
        "20240305",
        "20240306",
        "20240307",
    }
    (note,) = [n.message for n in records if isinstance(n, Note)]
    assert note.startswith("2 more table(s) of Sessions by traffic source (at line 55, 70)")


def test_the_wide_nth_day_chart_table_is_not_a_traffic_table() -> None:
    assert sum(o.amount or 0 for o in outcomes(OVERVIEW)) == 1352  # not 1352 + chart 1299


def test_quoted_thousands_separators_are_stripped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PREAMBLE + "Date,Session source / medium,Sessions\n"
        '20240301,linkedin.com / referral,"12,345"\n',
    )
    assert [o.amount for o in outcomes(path)] == [12345.0]


def test_rows_of_one_source_on_one_day_are_added_up() -> None:
    # linkedin.com "1,234" + lnkd.in 16 on 2024-03-04 are both linkedin / referral
    assert visits(outcomes(OVERVIEW))[(date(2024, 3, 4), "linkedin")] == 1250


def test_the_grand_total_row_is_not_an_outcome() -> None:
    assert 1352.0 not in {o.amount for o in outcomes(OVERVIEW)}


def test_direct_traffic_is_kept_without_a_source_or_channel() -> None:
    direct = [o for o in outcomes(OVERVIEW) if o.occurred_at.date() == date(2024, 3, 4)][-1]
    assert (direct.source, direct.medium, direct.source_channel, direct.amount) == (
        None,
        None,
        None,
        25.0,
    )


def test_linkedin_arrives_by_app_and_country_subdomain_as_one_source() -> None:
    by_day = visits(outcomes(OVERVIEW))
    assert (by_day[(date(2024, 3, 5), "linkedin")], by_day[(date(2024, 3, 7), "linkedin")]) == (
        9.0,
        4.0,
    )


def test_a_row_with_zero_sessions_is_not_an_outcome() -> None:
    assert not [o for o in outcomes(OVERVIEW) if o.medium == "social"]  # linkedin / social: 0


def test_an_unreadable_sessions_cell_is_rejected_with_its_line() -> None:
    (rejected,) = [r for r in parse(OVERVIEW) if isinstance(r, Rejected)]
    assert (rejected.line, rejected.reason) == (41, "unreadable Sessions 'oops'")


def test_without_a_date_dimension_totals_land_on_the_end_date() -> None:
    found = outcomes(TOTALS)
    assert {(o.occurred_at.date(), o.raw_time) for o in found} == {
        (date(2023, 12, 31), "20231201-20231231")
    }
    assert found[0].source_key.startswith("ga4:visits:ada.example - ga4:20231201-20231231:")


def test_older_conversions_and_percent_rates_read_like_key_events_and_fractions(
    tmp_path: Path,
) -> None:
    old = write(
        tmp_path,
        PREAMBLE + "Session source / medium,Sessions,Engagement rate,"
        "Conversions\nt.co / referral,7,73.21%,1\n",
        name="old.csv",
    )
    new = write(
        tmp_path,
        PREAMBLE + "Session source / medium,Sessions,Engagement rate,"
        "Key events\nt.co / referral,7,0.7321,1\n",
        name="new.csv",
    )
    assert [(o.source, o.amount) for o in outcomes(old)] == [("x", 7.0)]
    assert [o.source_key for o in outcomes(old)] == [o.source_key for o in outcomes(new)]


def test_manual_ad_content_ties_visits_to_a_post() -> None:
    assert [
        o.amount for o in outcomes(TOTALS) if o.content == "urn:li:activity:7136000000000000002"
    ] == [1020.0]


def test_exploration_first_data_row_at_line_8_with_blank_lines_and_totals() -> None:
    found = outcomes(EXPLORATION)
    assert [(o.occurred_at.date().day, o.source, o.campaign, o.amount) for o in found] == [
        (11, "linkedin", "spring-launch", 1003.0),
        (12, "linkedin", "spring-launch", 60.0),
        (11, "google", None, 80.0),
        (13, "mastodon", None, 25.0),
    ]


def test_ga4_placeholder_campaigns_are_no_campaign() -> None:
    assert {o.campaign for o in outcomes(EXPLORATION) if o.source != "linkedin"} == {None}


def test_date_plus_hour_rows_add_up_to_their_day(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PREAMBLE + "Date + hour (YYYYMMDDHH),Session source,Sessions\n"
        "2024030109,linkedin.com,3\n2024030117,linkedin.com,4\n",
    )
    assert [(o.occurred_at.date(), o.amount) for o in outcomes(path)] == [(date(2024, 3, 1), 7.0)]


def test_nth_day_counts_from_the_start_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PREAMBLE + "Nth day,Session source / medium,Sessions\n"
        "0000,bsky.app / referral,2\n0002,bsky.app / referral,5\n",
    )
    assert [(o.occurred_at.date(), o.source) for o in outcomes(path)] == [
        (date(2024, 3, 1), "bluesky"),
        (date(2024, 3, 3), "bluesky"),
    ]


def test_a_channel_group_table_gives_the_medium_only(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PREAMBLE + "Session primary channel group (Default Channel Group),"
        "Sessions\nOrganic Social,30\nDirect,12\nEmail,4\n",
    )
    assert [(o.source, o.medium, o.source_channel) for o in outcomes(path)] == [
        (None, "organic social", None),
        (None, None, None),
        (None, "email", "email"),
    ]


def test_an_excel_resaved_file_with_bom_and_crlf_reads_the_same(tmp_path: Path) -> None:
    text = PREAMBLE + "Date,Session source / medium,Sessions\n20240301,t.co / referral,3\n"
    plain = write(tmp_path, text, name="plain.csv")
    resaved = write(tmp_path, "\ufeff" + text.replace("\n", "\r\n"), name="resaved.csv")
    assert [o.source_key for o in outcomes(resaved)] == [o.source_key for o in outcomes(plain)]


def test_a_bad_date_is_rejected_and_the_rest_imports(tmp_path: Path) -> None:
    path = write(
        tmp_path, PREAMBLE + "Date,Session source,Sessions\n2024-3-1,t.co,3\n20240302,t.co,4\n"
    )
    records = parse(path)
    assert [(r.line, r.reason) for r in records if isinstance(r, Rejected)] == [
        (13, "unreadable date '2024-3-1' (expected YYYYMMDD)")
    ]
    assert [o.amount for o in records if isinstance(o, OutcomeRecord)] == [4.0]


def test_a_traffic_table_without_sessions_is_one_error_naming_file_and_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, PREAMBLE + "First user source / medium,New users\nlinkedin / social,9\n")
    with pytest.raises(InputError) as caught:
        parse(path)
    assert str(caught.value) == (
        f"{path}:12: the table 'First user source / medium, New users…' "
        "has no Sessions column (Ascent counts sessions as visits)"
    )


def test_a_file_with_no_traffic_table_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, PREAMBLE + "Page title,Views\nHome,30\n")
    with pytest.raises(InputError, match=r"ga4\.csv: no table of Sessions by traffic source"):
        parse(path)


def test_totals_without_an_end_date_are_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "# Free form 1\n\nSession source,Sessions\nt.co,3\n")
    with pytest.raises(InputError, match=r"ga4\.csv:3: the table has no Date column"):
        parse(path)


@pytest.mark.parametrize(
    "text",
    [
        "date,kind,contact\n2024-03-01,call,Bob\n",  # Ascent CSV
        'Notes:\n"When exporting…"\n\nFirst Name,Last Name,URL\n',  # LinkedIn Connections
        "Record ID,First Name,Last Name,Email,Original Source\n1,Ada,E,a@x.example,Direct\n",
        "label,nb_uniq_visitors,nb_visits\nLinkedIn,3,4\n",  # Matomo
        "name,visitors,bounce_rate,visit_duration\nLinkedIn,3,40,20\n",  # Plausible
    ],
)
def test_detect_claims_only_ga4_downloads(tmp_path: Path, text: str) -> None:
    assert not GA4.detect(Source.open(write(tmp_path, text)))


def test_detect_claims_a_download_and_a_folder_of_them() -> None:
    assert GA4.detect(Source.open(OVERVIEW))
    assert GA4.detect(Source.open(FIXTURES / "ga4" / "acquisition"))
    assert not GA4.detect(Source.open(FIXTURES / "linkedin" / "2024"))
