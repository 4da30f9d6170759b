"""The demo generator: deterministic, real-format, and shaped the way each persona promises.

Every persona assertion reads the generated files back with the csv module, the way an
importer would, so a change that breaks the shape (or the format) fails here.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from ascent.demo import PERSONA_BY_KEY, PERSONAS, DemoManifest, build_demo
from ascent.demo.linkedin_writer import CONNECTIONS_PREAMBLE, MONTHS
from ascent.demo.personas import PHASES, TARGET_ACCOUNTS, TEAMS
from ascent.demo.web import WEB_SELLERS

END = date(2026, 3, 13)
WEEKS = 26
WINDOW_START = END - timedelta(days=WEEKS * 7 - 1)
REQUIRED_FILES = {
    "Profile.csv",
    "Connections.csv",
    "messages.csv",
    "Invitations.csv",
    "Shares.csv",
    "Comments.csv",
    "Reactions.csv",
}
MESSAGES_HEADER = (
    '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
    '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"'
)
OUTCOMES_HEADER = "date,kind,person,channel,contact,contact_url,account,amount,source,note,id"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    return build_demo(tmp_path_factory.mktemp("demo"), end=END, seed=2026, weeks=WEEKS)


# --- reading the files back -------------------------------------------------------------


@functools.cache
def export_texts(demo: DemoManifest, key: str) -> dict[str, str]:
    entry = next(e for e in demo.personas if e.persona.key == key)
    with zipfile.ZipFile(entry.export) as archive:
        return {n.rsplit("/", 1)[-1]: archive.read(n).decode("utf-8") for n in archive.namelist()}


def rows(demo: DemoManifest, key: str, name: str) -> list[dict[str, str]]:
    text = export_texts(demo, key)[name]
    if name == "Connections.csv":
        text = text[text.index("First Name,") :]
    escape = "\\" if name == "Comments.csv" else None
    return list(csv.DictReader(io.StringIO(text, newline=""), escapechar=escape))


def outcomes(demo: DemoManifest, key: str | None = None) -> list[dict[str, str]]:
    with demo.outcomes.open(newline="", encoding="utf-8") as f:
        found = list(csv.DictReader(f))
    return [r for r in found if key is None or r["person"] == PERSONA_BY_KEY[key].email]


def connected_on(raw: str) -> date:
    day, month, year = raw.split(" ")
    return date(int(year), MONTHS.index(month) + 1, int(day))


def invitation_day(raw: str) -> date:
    month, day, year = raw.split(",", maxsplit=1)[0].split("/")
    return date(2000 + int(year), int(month), int(day))


def activity_days(demo: DemoManifest, key: str) -> list[date]:
    """Days of every row the persona did or received, connections included."""
    found = [
        date.fromisoformat(r[col][:10])
        for name, col in (
            ("Shares.csv", "Date"),
            ("Comments.csv", "Date"),
            ("Reactions.csv", "Date"),
            ("messages.csv", "DATE"),
        )
        for r in rows(demo, key, name)
    ]
    found += [invitation_day(r["Sent At"]) for r in rows(demo, key, "Invitations.csv")]
    found += [connected_on(r["Connected On"]) for r in rows(demo, key, "Connections.csv")]
    return found


def conversations(demo: DemoManifest, key: str) -> dict[str, list[dict[str, str]]]:
    """Conversation id -> its rows oldest first."""
    threads: dict[str, list[dict[str, str]]] = {}
    for row in rows(demo, key, "messages.csv"):
        threads.setdefault(row["CONVERSATION ID"], []).append(row)
    return {cid: sorted(t, key=lambda r: r["DATE"]) for cid, t in threads.items()}


def is_out(demo: DemoManifest, key: str, row: dict[str, str]) -> bool:
    return row["SENDER PROFILE URL"] == PERSONA_BY_KEY[key].profile_url


# --- determinism -------------------------------------------------------------------------


def all_bytes(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def test_same_seed_and_end_give_identical_bytes(tmp_path: Path) -> None:
    build_demo(tmp_path / "a", end=END)
    build_demo(tmp_path / "b", end=END)
    first, second = all_bytes(tmp_path / "a"), all_bytes(tmp_path / "b")
    # a LinkedIn ZIP per persona, six sellers' site visits, outcomes, the CRM, three feeds
    assert len(first) == len(PERSONAS) + len(WEB_SELLERS) + 1 + 1 + 3
    assert first == second


def test_another_seed_gives_other_bytes(tmp_path: Path) -> None:
    build_demo(tmp_path / "a", end=END, seed=2026)
    build_demo(tmp_path / "b", end=END, seed=7)
    first, second = all_bytes(tmp_path / "a"), all_bytes(tmp_path / "b")
    assert first.keys() == second.keys()
    # the market's feeds follow from the end date alone: the market is the same for any team
    assert all(
        first[k] != second[k] for k in first if not k.startswith(("feeds/", "linkedin/not_started"))
    )
    assert all(first[k] == second[k] for k in first if k.startswith("feeds/"))


def test_rebuilding_into_the_same_folder_replaces_old_exports(tmp_path: Path) -> None:
    build_demo(tmp_path, end=END - timedelta(days=1))
    build_demo(tmp_path, end=END)
    assert len(list(tmp_path.glob("linkedin/*/*.zip"))) == len(PERSONAS)
    assert len(list(tmp_path.glob("web/*/*.zip"))) == len(WEB_SELLERS)
    assert len(list(tmp_path.glob("crm/*.csv"))) == 1


# --- personas and manifest ---------------------------------------------------------------


def test_every_persona_is_present_with_team_and_phase(demo: DemoManifest) -> None:
    assert [e.persona for e in demo.personas] == list(PERSONAS)
    assert {p.team for p in PERSONAS} == set(TEAMS)
    assert {p.intended_phase for p in PERSONAS} == set(PHASES)
    assert len({p.email for p in PERSONAS}) == len(PERSONAS)
    assert all(p.email.endswith("@demo.example") for p in PERSONAS)
    required = {"steady", "quitter", "wonder", "pusher", "under", "over", "newcomer", "grinder"}
    assert required <= PERSONA_BY_KEY.keys()
    assert PERSONA_BY_KEY["steady"].intended_phase == "success"
    assert PERSONA_BY_KEY["quitter"].intended_phase == "lapsed"
    assert PERSONA_BY_KEY["newcomer"].intended_phase == "uninformed_optimism"


def test_manifest_is_json_ready(demo: DemoManifest) -> None:
    data = demo.to_dict()
    assert data["end"] == "2026-03-13"
    assert [p["key"] for p in data["personas"]] == [p.key for p in PERSONAS]
    assert data["personas"][0]["export"].endswith("Complete_LinkedInDataExport_03-13-2026.zip")
    assert data["outcomes"] == str(demo.outcomes)


# --- format ------------------------------------------------------------------------------


def test_every_export_holds_the_files_at_the_zip_root(demo: DemoManifest) -> None:
    for entry in demo.personas:
        assert entry.export.name == "Complete_LinkedInDataExport_03-13-2026.zip"
        with zipfile.ZipFile(entry.export) as archive:
            names = archive.namelist()
        if entry.persona.key == "listener":
            top = "Complete_LinkedInDataExport_03-13-2026 (1)"
            assert {n.split("/")[0] for n in names} == {top}
        else:
            assert all("/" not in n for n in names)
        assert {n.rsplit("/", 1)[-1] for n in names} >= REQUIRED_FILES


def test_messages_header_is_quoted_and_fields_too(demo: DemoManifest) -> None:
    text = export_texts(demo, "steady")["messages.csv"]
    assert text.split("\n", 1)[0] == MESSAGES_HEADER
    assert ',"","' in text  # empty fields are written ""
    assert any("\n" in r["CONTENT"] for r in rows(demo, "steady", "messages.csv"))
    ids = {r["CONVERSATION ID"] for r in rows(demo, "steady", "messages.csv")}
    assert all(re.fullmatch(r"2-[A-Za-z0-9+/]{54}==", i) for i in ids)
    assert re.search(r'"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"', text)


def test_connections_preamble_dates_and_no_final_newline(demo: DemoManifest) -> None:
    for entry in demo.personas:
        text = export_texts(demo, entry.persona.key)["Connections.csv"]
        assert text.startswith(CONNECTIONS_PREAMBLE + "First Name,Last Name,URL,Email Address,")
        assert not text.endswith("\n")
        assert re.search(r"\n,,,,,,\d\d [A-Z][a-z]{2} \d{4}(\n|$)", text)
        dates = [
            connected_on(r["Connected On"])
            for r in rows(demo, entry.persona.key, "Connections.csv")
        ]
        assert dates == sorted(dates, reverse=True)


def test_invitations_sent_at_is_not_zero_padded(demo: DemoManifest) -> None:
    found = rows(demo, "connector", "Invitations.csv")
    assert found
    assert all(
        re.fullmatch(r"[1-9]\d?/[1-9]\d?/\d\d, [1-9]\d?:\d\d [AP]M", r["Sent At"]) for r in found
    )
    assert {r["Direction"] for r in found} == {"OUTGOING", "INCOMING"}


def test_shares_multiline_commentary_is_double_wrapped(demo: DemoManifest) -> None:
    text = export_texts(demo, "pusher")["Shares.csv"]
    assert text.startswith("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n")
    assert '""\n""""\n""' in text
    recovered = [
        re.sub(r'"\r?\n"', "\n", r["ShareCommentary"]) for r in rows(demo, "pusher", "Shares.csv")
    ]
    assert "Another great week at the office, thanks team!\n\n#teamwork #growth" in recovered


def test_comments_escape_quotes_with_backslashes(demo: DemoManifest) -> None:
    text = export_texts(demo, "listener")["Comments.csv"]
    assert '\\"' in text
    assert '""' not in text
    messages = [r["Message"] for r in rows(demo, "listener", "Comments.csv")]
    assert all(
        set(r) == {"Date", "Link", "Message"} for r in rows(demo, "listener", "Comments.csv")
    )
    assert 'Love the "one decision a day" framing, stealing it.' in messages
    assert "Thanks for this!\nSaving it for our next team meeting." in messages


def test_outcomes_csv_has_the_exact_header_and_unique_ids(demo: DemoManifest) -> None:
    text = demo.outcomes.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0] == OUTCOMES_HEADER
    found = outcomes(demo)
    assert len({r["id"] for r in found}) == len(found)
    assert {r["kind"] for r in found} <= {
        "meeting_booked",
        "opportunity",
        "deal_won",
        "deal_lost",
        "referral",
    }
    assert {r["person"] for r in found} <= {p.email for p in PERSONAS}
    assert all(r["source"] == "linkedin" and r["contact_url"] for r in found)
    assert all(re.fullmatch(r"demo-[a-z_]+-\d+", r["id"]) for r in found)


# --- persona shapes ----------------------------------------------------------------------


def test_steady_seller_gets_answers_after_five_to_seven_touches(demo: DemoManifest) -> None:
    answered = 0
    for thread in conversations(demo, "steady").values():
        first_in = next((i for i, r in enumerate(thread) if not is_out(demo, "steady", r)), None)
        if first_in is not None:
            answered += 1
            assert 5 <= first_in <= 7
    assert answered >= 10


def test_steady_seller_has_outcomes_in_several_accounts_lately(demo: DemoManifest) -> None:
    recent = [
        r
        for r in outcomes(demo, "steady")
        if date.fromisoformat(r["date"][:10]) > END - timedelta(weeks=12)
    ]
    assert len({r["account"] for r in recent}) >= 2
    assert {"meeting_booked", "deal_won"} <= {r["kind"] for r in recent}


def test_quitter_is_silent_for_the_last_21_days_and_has_no_outcomes(demo: DemoManifest) -> None:
    found = activity_days(demo, "quitter")
    assert found
    assert max(found) <= END - timedelta(days=35)
    assert outcomes(demo, "quitter") == []
    weeks = Counter((d - WINDOW_START).days // 7 for d in found if d >= WINDOW_START)
    assert sum(weeks[w] for w in range(3)) > sum(weeks[w] for w in range(3, 6))


def test_one_account_wonder_wins_only_in_acme(demo: DemoManifest) -> None:
    found = outcomes(demo, "wonder")
    assert len(found) >= 3
    assert {r["account"] for r in found} == {"Acme Example Ltd"}
    companies = {r["Company"] for r in rows(demo, "wonder", "Connections.csv")}
    assert set(TARGET_ACCOUNTS["Team North"]) <= companies


def test_pusher_posts_every_day_and_never_engages(demo: DemoManifest) -> None:
    shares = rows(demo, "pusher", "Shares.csv")
    assert len(shares) == WEEKS * 7
    assert len({r["Date"][:10] for r in shares}) == WEEKS * 7
    assert rows(demo, "pusher", "Comments.csv") == []
    assert rows(demo, "pusher", "Reactions.csv") == []
    assert rows(demo, "pusher", "messages.csv") == []


def test_under_follower_stops_after_one_or_two_touches(demo: DemoManifest) -> None:
    threads = conversations(demo, "under")
    assert len(threads) >= 20
    assert all(len(t) in (1, 2) for t in threads.values())
    assert all(is_out(demo, "under", r) for t in threads.values() for r in t)
    assert outcomes(demo, "under") == []


def test_over_toucher_sends_ten_and_hears_nothing(demo: DemoManifest) -> None:
    threads = conversations(demo, "over")
    assert all(is_out(demo, "over", r) for t in threads.values() for r in t)
    assert max(len(t) for t in threads.values()) == 10
    # 10 touches at most 4 working days apart fit in 56 days: older pursuits are complete
    cutoff = END - timedelta(days=56)
    old = [t for t in threads.values() if date.fromisoformat(t[0]["DATE"][:10]) < cutoff]
    assert len(old) >= 10
    assert all(len(t) == 10 for t in old)
    assert outcomes(demo, "over") == []


def test_newcomer_starts_ten_days_before_the_end(demo: DemoManifest) -> None:
    routine = [d for d in activity_days(demo, "newcomer") if d >= WINDOW_START]
    assert min(routine) >= END - timedelta(days=9)
    old = [d for d in activity_days(demo, "newcomer") if d < END - timedelta(days=14)]
    assert all(d < WINDOW_START for d in old)
    assert len(old) == len(rows(demo, "newcomer", "Connections.csv")) - sum(
        1
        for r in rows(demo, "newcomer", "Connections.csv")
        if connected_on(r["Connected On"]) >= WINDOW_START
    )
    assert outcomes(demo, "newcomer") == []


def test_valley_grinder_breaks_through_only_in_the_last_three_weeks(demo: DemoManifest) -> None:
    late = END - timedelta(days=21)
    answers = [
        date.fromisoformat(r["DATE"][:10])
        for t in conversations(demo, "grinder").values()
        for r in t
        if not is_out(demo, "grinder", r)
    ]
    assert answers
    assert min(answers) > late
    found = outcomes(demo, "grinder")
    assert found
    assert min(date.fromisoformat(r["date"][:10]) for r in found) > late
    weeks_worked = {
        (d - WINDOW_START).days // 7 for d in activity_days(demo, "grinder") if d >= WINDOW_START
    }
    assert weeks_worked == set(range(WEEKS))


def test_not_started_has_only_an_old_network(demo: DemoManifest) -> None:
    assert all(d < WINDOW_START for d in activity_days(demo, "not_started"))
    assert rows(demo, "not_started", "Connections.csv")
    assert outcomes(demo, "not_started") == []


@pytest.mark.parametrize("key", ["listener", "lead_north", "connector", "wonder", "grinder"])
def test_informed_optimists_have_an_outcome_in_the_last_eight_weeks(
    demo: DemoManifest, key: str
) -> None:
    recent = [
        r
        for r in outcomes(demo, key)
        if date.fromisoformat(r["date"][:10]) > END - timedelta(weeks=8)
    ]
    assert recent


def test_listener_listens_far_more_than_she_pushes(demo: DemoManifest) -> None:
    pushed = len(rows(demo, "listener", "Shares.csv"))
    listened = len(rows(demo, "listener", "Comments.csv")) + len(
        rows(demo, "listener", "Reactions.csv")
    )
    assert listened > 20 * pushed
    assert len({r["account"] for r in outcomes(demo, "listener")}) == 1


def test_connector_gets_a_referral(demo: DemoManifest) -> None:
    assert "referral" in {r["kind"] for r in outcomes(demo, "connector")}

    def sent(key: str) -> int:
        return sum(r["Direction"] == "OUTGOING" for r in rows(demo, key, "Invitations.csv"))

    assert sent("connector") > 1.5 * sent("steady")
