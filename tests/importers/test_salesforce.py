"""One assertion per Salesforce quirk of FORMATS §5.2, on tests/fixtures/salesforce/* and inline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ascent.domain.records import ContactRef, Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.crm.salesforce import SALESFORCE
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "salesforce"
US = FIXTURES / "en_US" / "report1730800000000.csv"
DE = FIXTURES / "de" / "report1730900000000.csv"
HEADER = '"Opportunity Name","Stage","Amount","Close Date","Created Date","Opportunity ID"\n'
FOOTER = (
    '""\n"Grand Totals (2 records)"\n""\n"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."\n'
)


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(SALESFORCE.parse(source))


def detect(path: Path) -> bool:
    with Source.open(path) as source:
        return SALESFORCE.detect(source)


@pytest.fixture(scope="module")
def us() -> list[Record]:
    return parse(US)


@pytest.fixture(scope="module")
def de() -> list[Record]:
    return parse(DE)


def outcomes(records: list[Record]) -> list[OutcomeRecord]:
    return [r for r in records if isinstance(r, OutcomeRecord)]


def outcome(records: list[Record], key: str) -> OutcomeRecord:
    return next(r for r in outcomes(records) if r.source_key == key)


def report(tmp_path: Path, *rows: str, footer: str = FOOTER) -> Path:
    path = tmp_path / "report1735000000000.csv"
    path.write_text(HEADER + "".join(rows) + footer, encoding="utf-8", newline="")
    return path


def test_the_footer_block_is_skipped_from_the_first_blank_line(us: list[Record]) -> None:
    assert US.read_text(encoding="utf-8").endswith(
        '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\n'
    )
    assert not [r for r in us if isinstance(r, Rejected) and r.line > 9]
    assert len(outcomes(us)) == 7


def test_crlf_inside_a_quoted_next_step_keeps_the_row_and_the_line_count(
    us: list[Record],
) -> None:
    assert b"quote\r\nCall the CFO" in US.read_bytes()
    initech = outcome(us, "salesforce:opportunity:0065g00000AbCdG:opportunity")
    assert initech.note == "Initech expansion"
    assert [r.line for r in us if isinstance(r, Rejected)] == [7, 8, 9]


def test_an_18_character_id_keys_on_its_first_15(us: list[Record]) -> None:
    keys = {r.source_key for r in outcomes(us)}
    assert "salesforce:opportunity:0065g00000AbCdE:won" in keys  # from 0065g00000AbCdEAAV
    assert "salesforce:opportunity:0065g00000AbCdF:lost" in keys  # a 15-character id


def test_the_same_report_with_18_character_ids_gives_the_same_keys(tmp_path: Path) -> None:
    fifteen = report(tmp_path, '"A","Closed Won","1","1/2/2024","1/1/2024","0065g00000XyZab"\n')
    short = {r.source_key for r in outcomes(parse(fifteen))}
    eighteen = report(tmp_path, '"A","Closed Won","1","1/2/2024","1/1/2024","0065g00000XyZabQAE"\n')
    assert {r.source_key for r in outcomes(parse(eighteen))} == short


def test_a_usd_prefixed_us_amount_and_a_proven_month_first_date(us: list[Record]) -> None:
    acme = outcome(us, "salesforce:opportunity:0065g00000AbCdE:won")
    assert (acme.amount, acme.raw_time, acme.occurred_at) == (
        12000.0,
        "3/15/2024",
        datetime(2024, 3, 15, tzinfo=UTC),
    )


def test_a_us_time_of_day_with_am_pm(us: list[Record]) -> None:
    initech = outcome(us, "salesforce:opportunity:0065g00000AbCdG:opportunity")
    assert initech.occurred_at == datetime(2024, 2, 14, 9, 15, tzinfo=UTC)


def test_two_currencies_in_one_report_are_noted(us: list[Record]) -> None:
    assert [n.message for n in us if isinstance(n, Note)] == [
        "amounts are in 2 currencies (EUR, USD): each is kept as a number in its own currency, "
        "nothing is converted"
    ]


def test_lead_sources_become_channels(us: list[Record]) -> None:
    by_id = {r.source_key.split(":")[2]: r for r in outcomes(us)}
    assert [
        (by_id[i].source_channel, by_id[i].source, by_id[i].medium)
        for i in ("0065g00000AbCdE", "0065g00000AbCdF", "0065g00000AbCdG", "0065g00000AbCdH")
    ] == [
        ("linkedin", "linkedin", "social"),
        (None, "partner referral", "referral"),
        ("web", "web", None),
        (None, None, "social"),
    ]


def test_a_partner_referral_stays_an_opportunity_and_a_loss(us: list[Record]) -> None:
    globex = [r.kind for r in outcomes(us) if "AbCdF" in r.source_key]
    assert globex == ["opportunity", "deal_lost"]


def test_rejections_name_the_reason(us: list[Record]) -> None:
    assert [r.reason for r in us if isinstance(r, Rejected)] == [
        "open deal without a Created Date",
        "unreadable date '4/31/2024' in Close Date",
        "unreadable Opportunity ID '0065g00000AbC' (Salesforce ids have 15 or 18 characters)",
    ]


def test_iso_8859_1_bytes_are_decoded(de: list[Record]) -> None:
    assert "Müller".encode("iso-8859-1") in DE.read_bytes()
    assert "©".encode("iso-8859-1") in DE.read_bytes()
    muller = outcome(de, "salesforce:opportunity:0065g00000DeF01:won")
    assert (muller.account, muller.note) == ("Müller Maschinenbau GmbH", "Müller - Wartungsvertrag")


def test_german_amounts_and_dates(de: list[Record]) -> None:
    muller = outcome(de, "salesforce:opportunity:0065g00000DeF01:won")
    assert (muller.amount, muller.raw_time, muller.occurred_at) == (
        12000.0,
        "15.03.2024",
        datetime(2024, 3, 15, tzinfo=UTC),
    )
    assert outcome(de, "salesforce:opportunity:0065g00000DeF02:opportunity").amount == 3500.5
    assert outcome(de, "salesforce:opportunity:0065g00000DeF04:won").amount == 7250.0


def test_a_german_amount_without_decimals_follows_the_files_decimal_comma(
    de: list[Record],
) -> None:
    assert outcome(de, "salesforce:opportunity:0065g00000DeF03:opportunity").amount == 1200.0


def test_total_and_subtotal_rows_are_dropped_and_counted(de: list[Record]) -> None:
    assert not [r for r in de if isinstance(r, Rejected)]
    assert [n.message for n in de if isinstance(n, Note)] == [
        "left out 3 Total/Subtotal rows of a grouped report"
    ]


def test_an_opportunity_named_total_is_kept(tmp_path: Path) -> None:
    path = report(
        tmp_path,
        '"Total Wine renewal","Closed Won","1","1/2/2024","1/1/2024","0065g00000XyZab"\n',
        footer="",
    )
    assert [r.note for r in outcomes(parse(path))] == ["Total Wine renewal"] * 2


def test_en_gb_dates_are_proven_day_first_by_the_file(tmp_path: Path) -> None:
    path = report(
        tmp_path,
        '"A","Closed Won","1","04/03/2024","01/02/2024","0065g00000XyZa1"\n',
        '"B","Closed Won","1","15/03/2024","01/02/2024","0065g00000XyZa2"\n',
    )
    first = outcome(parse(path), "salesforce:opportunity:0065g00000XyZa1:won")
    assert first.occurred_at == datetime(2024, 3, 4, tzinfo=UTC)


def test_a_footer_count_that_does_not_match_is_noted(tmp_path: Path) -> None:
    path = report(tmp_path, '"A","Closed Won","1","1/20/2024","1/13/2024","0065g00000XyZab"\n')
    assert [n.message for n in parse(path) if isinstance(n, Note)] == [
        "the footer says 2 records but the file holds 1 rows: is the export complete?"
    ]


def test_a_contact_column_gives_the_buyer(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        '"Opportunity ID","Stage","Created Date","Account Name","Contact Name",'
        '"Contact Email","Contact ID","Opportunity Owner"\n'
        '"0065g00000XyZab","Prospecting","1/2/2024","Acme","Bob Buyer",'
        '"Bob@Acme.example","0035g00000QrStUAAZ","Ada Example"\n',
        encoding="utf-8",
    )
    deal = outcomes(parse(path))[0]
    assert deal.contact == ContactRef(
        name="Bob Buyer",
        email="bob@acme.example",
        company="Acme",
        uid="salesforce:contact:0035g00000QrStU",
    )
    assert (deal.person, deal.match_person) == ("Ada Example", True)


def test_a_report_without_opportunity_id_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(
        '"Opportunity Name","Stage","Close Date"\n"A","Closed Won","1/2/2024"\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        parse(path)
    assert str(raised.value) == f"{path}:1: missing required column(s) Opportunity ID"


def test_detects_opportunity_reports_only(tmp_path: Path) -> None:
    assert detect(US)
    (tmp_path / "a.csv").write_text('"Opportunity Name","Stage"\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text('"Stage","Owner"\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text("date,kind,Stage\n", encoding="utf-8")
    assert detect(tmp_path / "a.csv")
    assert not detect(tmp_path / "b.csv")
    assert not detect(tmp_path / "c.csv")
    assert not detect(Path(__file__).parents[1] / "fixtures" / "hubspot" / "2024")
