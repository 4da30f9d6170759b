"""One assertion per HubSpot quirk of FORMATS §5.1, on tests/fixtures/hubspot/2024 and inline."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from ascent.domain.records import ContactRecord, ContactRef, Note, OutcomeRecord, Record, Rejected
from ascent.errors import InputError
from ascent.importers.crm.hubspot import HUBSPOT
from ascent.importers.source import Source

EXPORT = Path(__file__).parents[1] / "fixtures" / "hubspot" / "2024"
DEALS = "hubspot-crm-exports-all-deals-2024-11-04.csv"
CONTACTS = "hubspot-crm-exports-all-contacts-2024-11-04-1.csv"
DEALS_HEADER = (
    '"Record ID","Deal Name","Deal Stage","Amount","Close Date","Create Date","Deal owner"\n'
)


def parse(path: Path) -> list[Record]:
    with Source.open(path) as source:
        return list(HUBSPOT.parse(source))


def detect(path: Path) -> bool:
    with Source.open(path) as source:
        return HUBSPOT.detect(source)


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return parse(EXPORT)


def outcome(records: list[Record], key: str) -> OutcomeRecord:
    return next(r for r in records if isinstance(r, OutcomeRecord) and r.source_key == key)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_a_won_deal_is_an_opportunity_on_create_and_a_win_on_close(records: list[Record]) -> None:
    opportunity = outcome(records, "hubspot:deal:9001:opportunity")
    won = outcome(records, "hubspot:deal:9001:won")
    assert (opportunity.kind, opportunity.amount, opportunity.raw_time) == (
        "opportunity",
        12000.0,
        "2024-09-02 09:15",
    )
    assert (won.kind, won.amount, won.occurred_at) == (
        "deal_won",
        12000.0,
        datetime(2024, 10, 15, 14, 30, tzinfo=UTC),
    )


def test_a_lost_deal_has_no_amount_on_its_loss_and_a_date_only_close(
    records: list[Record],
) -> None:
    lost = outcome(records, "hubspot:deal:9002:lost")
    assert (lost.kind, lost.amount, lost.occurred_at, lost.raw_time) == (
        "deal_lost",
        None,
        datetime(2024, 10, 1, tzinfo=UTC),
        "2024-10-01",
    )


def test_an_open_deal_gives_only_its_opportunity_and_ignores_the_expected_close(
    records: list[Record],
) -> None:
    keys = [r.source_key for r in records if isinstance(r, OutcomeRecord)]
    assert [k for k in keys if k.startswith("hubspot:deal:9003")] == [
        "hubspot:deal:9003:opportunity"
    ]


def test_deals_join_the_contacts_export_on_the_first_associated_contact_id(
    records: list[Record],
) -> None:
    initech = outcome(records, "hubspot:deal:9003:opportunity")
    assert initech.contact == ContactRef(
        name="Dan Decider",
        email="dan@initech.example",
        company="Initech",
        position="VP Sales",
        uid="hubspot:contact:503",
    )
    assert initech.account == "Initech"


def test_a_contact_id_missing_from_the_contacts_export_keeps_its_uid_and_name(
    records: list[Record],
) -> None:
    umbrella = outcome(records, "hubspot:deal:9004:won")
    assert umbrella.contact == ContactRef(
        name="Hal Helper", company="Umbrella Corp", uid="hubspot:contact:599"
    )


def test_original_source_organic_social_linkedin_is_the_linkedin_channel(
    records: list[Record],
) -> None:
    acme = outcome(records, "hubspot:deal:9001:won")
    assert (acme.source_channel, acme.source, acme.medium, acme.content) == (
        "linkedin",
        "linkedin",
        "social",
        "spring-launch-post",
    )


def test_a_referral_from_linkedin_com_is_linkedin_too(records: list[Record]) -> None:
    initech = outcome(records, "hubspot:deal:9003:opportunity")
    assert (initech.source_channel, initech.source, initech.medium) == (
        "linkedin",
        "linkedin",
        "referral",
    )


def test_organic_search_is_web_traffic_from_its_engine(records: list[Record]) -> None:
    globex = outcome(records, "hubspot:deal:9002:lost")
    assert (globex.source_channel, globex.source, globex.medium, globex.content) == (
        "web",
        "google",
        "organic",
        None,
    )


def test_owner_is_matched_and_an_ownerless_deal_goes_to_the_import_person(
    records: list[Record],
) -> None:
    acme, wayne = (
        outcome(records, "hubspot:deal:9001:won"),
        outcome(records, "hubspot:deal:9007:won"),
    )
    assert (acme.person, acme.match_person) == ("Ada Example", True)
    assert (wayne.person, wayne.match_person, wayne.amount) == (None, False, None)


def test_a_re_saved_us_date_is_read_month_first_and_noted(records: list[Record]) -> None:
    umbrella = outcome(records, "hubspot:deal:9004:won")
    assert (umbrella.raw_time, umbrella.occurred_at) == (
        "10/8/2024 17:19",
        datetime(2024, 10, 8, 17, 19, tzinfo=UTC),
    )
    notes = [n.message for n in records if isinstance(n, Note) and n.file.endswith(DEALS)]
    assert notes == [
        "dates like '10/8/2024 17:19' do not show which part is the day: read as month/day "
        "(en_US); no date in the file has a day above 12"
    ]


def test_the_excel_resaved_contacts_file_with_bom_and_crlf_and_a_1_suffix_is_read(
    records: list[Record],
) -> None:
    assert (EXPORT / CONTACTS).read_bytes().startswith(b'\xef\xbb\xbf"Record ID"')
    contacts = [r.contact for r in records if isinstance(r, ContactRecord)]
    assert [c.uid for c in contacts] == [f"hubspot:contact:{n}" for n in range(501, 507)]
    assert contacts[1] == ContactRef(
        name="Carla Client",
        email="carla@globex.example",
        company="Globex",
        position="CTO",
        uid="hubspot:contact:502",
    )
    assert contacts[5] == ContactRef(name="Gina", company="Hooli", uid="hubspot:contact:506")


def test_contacts_come_before_the_deals_that_join_them(records: list[Record]) -> None:
    kinds = [type(r).__name__ for r in records if isinstance(r, ContactRecord | OutcomeRecord)]
    assert kinds == ["ContactRecord"] * 6 + ["OutcomeRecord"] * 9


def test_other_hubspot_objects_are_noted_and_left_out(records: list[Record]) -> None:
    companies = [n for n in records if isinstance(n, Note) and "companies" in n.file]
    assert [n.message for n in companies] == ["not a HubSpot deals or contacts export: left out"]


def test_rows_without_the_date_their_stage_needs_are_rejected_with_line(
    records: list[Record],
) -> None:
    assert [(r.line, r.reason) for r in records if isinstance(r, Rejected)] == [
        (6, "open deal without a Create Date"),
        (7, "unreadable date '2024-13-01' in Close Date"),
    ]


def test_a_contacts_export_alone_yields_only_contacts(tmp_path: Path) -> None:
    shutil.copy(EXPORT / CONTACTS, tmp_path / CONTACTS)
    records = parse(tmp_path / CONTACTS)
    assert len(records) == 6
    assert all(isinstance(r, ContactRecord) for r in records)


def test_a_deals_export_alone_keeps_contact_ids_names_and_no_attribution(tmp_path: Path) -> None:
    shutil.copy(EXPORT / DEALS, tmp_path / DEALS)
    acme = outcome(parse(tmp_path / DEALS), "hubspot:deal:9001:won")
    assert acme.contact == ContactRef(
        name="Bob Buyer", company="Acme Robotics", uid="hubspot:contact:501"
    )
    assert (acme.source_channel, acme.source) == (None, None)


def test_a_deal_with_its_own_original_source_keeps_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deals.csv",
        '"Record ID","Deal Stage","Create Date","Original Source Type",'
        '"Original Source Data 1","Associated Contact IDs"\n'
        "77,Qualified,2024-05-02,Paid Social,LinkedIn,501\n",
    )
    deal = outcome(parse(path), "hubspot:deal:77:opportunity")
    assert (deal.source_channel, deal.source, deal.medium) == (
        "linkedin",
        "linkedin",
        "paid social",
    )


def test_a_named_email_in_associated_contact_and_owner_is_split(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "hubspot-crm-exports-won-this-quarter-2025-01-02.csv",
        '"Record ID","Deal Stage","Close Date","Deal owner","Associated Contact"\n'
        "78,Closed Won,2025-01-02,Ada Example (Ada@Demo.example),"
        '"Bob Buyer (bob@acme-robotics.example);Eve"\n',
    )
    deal = outcome(parse(path), "hubspot:deal:78:won")
    assert deal.person == "ada@demo.example"
    assert deal.contact == ContactRef(name="Bob Buyer", email="bob@acme-robotics.example")


def test_an_xlsx_export_reads_like_its_csv(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(
        [
            "Record ID",
            "Deal Name",
            "Deal Stage",
            "Amount",
            "Close Date",
            "Create Date",
            "Deal owner",
        ]
    )
    workbook.active.append(
        [
            9001,
            "Acme",
            "Closed Won",
            12000,
            datetime(2024, 10, 15, 14, 30),
            datetime(2024, 9, 2, 9, 15),
            "Ada Example",
        ]
    )
    workbook.save(tmp_path / "hubspot-crm-exports-all-deals-2024-11-04.xlsx")
    assert detect(tmp_path / "hubspot-crm-exports-all-deals-2024-11-04.xlsx")
    records = parse(tmp_path / "hubspot-crm-exports-all-deals-2024-11-04.xlsx")
    won = outcome(records, "hubspot:deal:9001:won")
    assert (won.amount, won.occurred_at, won.person) == (
        12000.0,
        datetime(2024, 10, 15, 14, 30, tzinfo=UTC),
        "Ada Example",
    )


def test_missing_required_columns_is_one_error_naming_the_file_and_header_line(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path, "deals.csv", '"Record ID","Deal Name","Deal Stage","Amount"\n1,A,Won,5\n'
    )
    with pytest.raises(InputError) as raised:
        parse(path)
    assert str(raised.value) == f"{path}:1: missing required column(s) Close Date or Create Date"


def test_a_deal_without_record_id_or_stage_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "deals.csv",
        DEALS_HEADER + ",A,Closed Won,5,2024-01-02,,\n5,B,,5,2024-01-02,2024-01-01,\n",
    )
    assert [(r.line, r.reason) for r in parse(path) if isinstance(r, Rejected)] == [
        (2, "no Record ID"),
        (3, "no Deal Stage"),
    ]


def test_detects_deals_and_contacts_but_not_other_records_or_formats(tmp_path: Path) -> None:
    assert detect(write(tmp_path, "a.csv", DEALS_HEADER))
    assert detect(write(tmp_path, "b.csv", '"Record ID","First Name","Email"\n'))
    assert not detect(write(tmp_path, "c.csv", '"Record ID","Company name"\n'))
    assert not detect(write(tmp_path, "d.csv", "date,kind,contact\n2024-01-01,call,Bob\n"))
    assert not detect(write(tmp_path, "e.csv", "Deal Stage,Record ID\n"))
    linkedin = Path(__file__).parents[1] / "fixtures" / "linkedin" / "2024"
    assert not detect(linkedin)


def test_a_folder_without_hubspot_files_is_one_error(tmp_path: Path) -> None:
    write(tmp_path, "notes.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match="no HubSpot deals or contacts export"):
        parse(tmp_path)
