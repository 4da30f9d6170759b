"""``ascent report`` on a hand-built history (tests/fixtures/report): the sections' figures,
team figures hidden below the org's k, a self-contained HTML file, and its one-line errors.

north.csv: Ada touches Bob (Acme) on 2 and 5 November, posts on the 3rd, Bob answers on the
6th and a 1000 deal is won on the 10th; her touch of 20 October is before the report. Bea
messages and comments on Cy (Globex) on 4 November. south.csv: Cem, another team, whose
touch and opportunity must never reach North's report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ascent.cli.app import app
from results_story import STORY_AS_OF, TEAM, story_csv, strategy_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
HEADINGS = (
    "Phases over time",
    "Habits",
    "Pursuits",
    "Attribution",
    "Uplift",
    "Replication",
    "Market",
    "Who needs a conversation",
)
RANGE = ("--team", "North", "--from", "2026-11-01", "--to", "2026-11-30")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(database_url: str) -> str:
    for name, person, team in (
        ("north", "ada@example.com", "North"),
        ("south", "cem@example.com", "South"),
    ):
        code, _, err = run(
            "--db",
            database_url,
            "import",
            str(FIXTURES / f"{name}.csv"),
            "--person",
            person,
            "--team",
            team,
        )
        assert code == 0, err
    return database_url


def report(db: str, out: Path, *extra: str) -> dict[str, Any]:
    code, stdout, stderr = run("--db", db, "report", *RANGE, "-o", str(out), "--json", *extra)
    assert code == 0, stderr
    return dict(json.loads(stdout))


def sections(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["key"]: s for s in data["sections"]}


def test_below_k_the_team_figures_are_hidden_and_each_persons_rows_stay(
    db: str, tmp_path: Path
) -> None:
    data = report(db, tmp_path / "r.html")
    assert (data["team"]["name"], data["people"], data["k_anonymity"]) == ("North", 2, 5)
    assert (data["first_day"], data["last_day"]) == ("2026-11-01", "2026-11-30")
    found = sections(data)
    assert list(found) == [
        "phases",
        "habits",
        "pursuits",
        "attribution",
        "uplift",
        "replication",
        "market",
        "conversations",
    ]
    assert found["pursuits"]["funnel"] is None
    assert found["pursuits"]["funnel_hidden"] == "fewer than 5 people with a touch or an outcome"
    assert found["habits"]["routine_days"] is None
    assert found["phases"]["distribution"] is None
    assert found["attribution"] == {
        "key": "attribution",
        "title": "Attribution",
        "attribution": None,
        "attribution_hidden": "fewer than 5 people with an outcome in the window",
    }
    uplift = found["uplift"]["uplift"]
    assert (uplift["accounts"], uplift["programme"]) == ([], None)
    assert found["uplift"]["programme_hidden"] == "no target account worked"
    assert [
        (s["person"], s["target_accounts"], s["evidence"])
        for s in found["replication"]["replication"]["sellers"]
    ] == [
        ("ada", 0, "no target accounts in the team's strategy"),
        ("bea", 0, "no target accounts in the team's strategy"),
    ]
    market = found["market"]["market"]
    assert (market["as_of"], market["rising"], market["questions"], market["gap"]) == (
        "2026-11-30",
        [],
        [],
        None,  # the org keeps no bodies: the team's own texts are unknown
    )
    assert (market["sources"]["feed_items"], market["sources"]["imported_posts"]) == (0, 0)
    assert [p["person"] for p in found["habits"]["people"]] == ["ada", "bea"]
    assert [
        (p["person"], p["pursuits"], p["answered"], p["answer_rate"])
        for p in found["pursuits"]["people"]
    ] == [("ada", 2, 1, 0.5), ("bea", 1, 0, 0.0)]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Hidden: fewer than 5 people with a touch or an outcome." in html
    # no team chart of fewer than k people: only replication's (per seller) and the market's
    alts = re.findall(r'<img class="chart" src="data:[^"]*" alt="([^"]*)"', html)
    assert [a.split(":")[0] for a in alts] == [
        "Bars per person of target accounts, those where the routine runs and those with outcomes",
        "Bars of the texts mentioning each rising term this week and last week",
        "Bars of the questions in each group",
    ]
    assert "cem" not in html.lower()  # nobody of another team


def test_at_k_the_funnel_and_the_routine_days_count_the_range_only(db: str, tmp_path: Path) -> None:
    assert run("--db", db, "org", "settings", "--set", "k_anonymity=2")[0] == 0
    found = sections(report(db, tmp_path / "r.html"))
    funnel = found["pursuits"]["funnel"]
    # touches: Ada's 2 November touches (not 20 October's), Bea's message and comment on Cy
    assert [(s["stage"], s["n"]) for s in funnel["stages"]] == [
        ("touches", 4),
        ("answers", 1),
        ("meetings", 0),
        ("opportunities", 0),  # Cem's is South's
        ("deals", 1),
    ]
    assert (funnel["days"], funnel["people"]) == (30, 2)
    assert found["habits"]["routine_days"] == [
        {"day": "2026-11-02", "n": 1},
        {"day": "2026-11-03", "n": 1},
        {"day": "2026-11-04", "n": 2},
        {"day": "2026-11-05", "n": 1},
    ]
    assert found["habits"]["calendar_weeks"] == 6
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    # the funnel and the routine calendar, drawn as SVG images with their descriptions, and
    # replication's and the market's two (rising terms, questions); no phase chart (k)
    assert len(re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,', html)) == 5
    assert 'alt="Calendar of routine actions per day over the 6 weeks to 2026-11-30' in html
    assert 'alt="Funnel: touches 4 → answers 1 → meetings 0 → opportunities 0 → deals 1."' in html


def test_the_phase_distribution_starts_at_the_first_week_describing_k_people(
    db: str, tmp_path: Path
) -> None:
    """Both programme starts set to 19 October: the week of 26 October (the range's first)
    describes Ada only (Bea's first activity is on 4 November), so with k = 2 the chart
    starts on 2 November, as the lead home's does; every week adds up to both."""
    assert run("--db", db, "org", "settings", "--set", "k_anonymity=2")[0] == 0
    for who in ("ada@example.com", "bea@example.com"):
        assert run("--db", db, "person", who, "--start", "2026-10-19", "--json")[0] == 0
    found = sections(report(db, tmp_path / "r.html"))["phases"]
    assert found["distribution_hidden"] is None
    rows = {(r["week"], r["phase"]): r["people"] for r in found["distribution"] if r["people"]}
    assert rows == {
        ("2026-11-02", "uninformed_optimism"): 2,
        ("2026-11-09", "uninformed_optimism"): 1,
        ("2026-11-09", "informed_optimism"): 1,  # Ada's deal
        ("2026-11-16", "informed_optimism"): 1,
        ("2026-11-16", "informed_pessimism"): 1,
        ("2026-11-23", "lapsed"): 2,
        ("2026-11-30", "lapsed"): 2,
    }
    assert len(found["distribution"]) == 5 * 7  # every phase every week, zeros included
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (
        'alt="Stacked area of the number of people in each phase per week, over 5 weeks."' in html
    )


def test_at_k_of_one_attribution_credits_adas_touches_of_bob(db: str, tmp_path: Path) -> None:
    """Her deal of 10 November follows her two messages to Bob (channel ``other``, the
    Ascent CSV's default), so every method gives the one deal to ``other``; its source was
    not recorded."""
    assert run("--db", db, "org", "settings", "--set", "k_anonymity=1")[0] == 0
    view = sections(report(db, tmp_path / "r.html"))["attribution"]["attribution"]
    assert (view["first_day"], view["last_day"], view["outcomes"]) == (
        "2026-09-02",
        "2026-11-30",
        1,
    )
    deal = {"channel": "other", "kind": "deal_won", "count": 1.0, "amount": 1000.0}
    assert [(m["label"], m["rows"]) for m in view["methods"]] == [
        ("first touch", [deal]),
        ("last touch", [deal]),
        ("linear", [deal]),
    ]
    assert view["by_source"] == [
        {"source_channel": "unknown", "kind": "deal_won", "count": 1.0, "amount": 1000.0}
    ]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h3>Linear</h3>" in html


def test_the_html_is_self_contained_with_every_section(db: str, tmp_path: Path) -> None:
    assert run("--db", db, "org", "settings", "--set", "k_anonymity=1")[0] == 0
    report(db, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    for heading in HEADINGS:
        assert f">{heading}</h2>" in html
    assert "<script" not in html
    assert "<link" not in html
    assert not re.search(r'(src|href)="(?!data:|#)', html)  # nothing loaded from anywhere
    assert "@media print" in html
    assert ".report-section + .report-section { break-before: page; }" in html


def test_plain_output_names_the_file(db: str, tmp_path: Path) -> None:
    code, stdout, _ = run("--db", db, "report", *RANGE, "-o", str(tmp_path / "r.htm"))
    assert code == 0
    assert stdout.strip() == f"wrote {tmp_path / 'r.htm'} (North, 2026-11-01 to 2026-11-30)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--team", "North", "-o", "r.docx"), "-o r.docx: the report is written as .html or .pdf"),
        (("--team", "Nowhere", "-o", "r.html"), "no team 'Nowhere' in this org"),
        (
            ("--team", "North", "--from", "2026-12-01", "--to", "2026-11-30", "-o", "r.html"),
            "--from 2026-12-01 is after --to 2026-11-30",
        ),
        (("-o", "r.html"), "name a team with --team: one of North, South"),
    ],
)
def test_errors_are_one_line(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run("--db", db, "report", *args)
    assert (code, stdout, stderr) == (2, "", f"error: {message}\n")
    assert list(tmp_path.glob("r.*")) == []


def test_a_pdf_without_chromium_is_one_clear_line(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASCENT_CHROMIUM", str(tmp_path / "no-chromium"))
    code, _, stderr = run("--db", db, "report", *RANGE, "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    assert stderr.strip() == f"error: ASCENT_CHROMIUM={tmp_path / 'no-chromium'}: no such file"
    monkeypatch.setenv("ASCENT_CHROMIUM", "")
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, stderr = run("--db", db, "report", *RANGE, "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    assert stderr.strip() == (
        "error: a PDF needs Chromium: install it (apt-get install chromium) or set "
        "ASCENT_CHROMIUM to its path; -o report.html needs nothing"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_as_of_is_another_name_for_to(db: str, tmp_path: Path) -> None:
    args = ("--team", "North", "--from", "2026-11-01", "--as-of", "2026-11-30", "-o")
    code, stdout, _ = run("--db", db, "report", *args, str(tmp_path / "r.html"), "--json")
    assert code == 0
    assert json.loads(stdout)["last_day"] == "2026-11-30"


def test_the_source_story_names_wanda_in_replication_and_who_needs_a_conversation(
    database_url: str, tmp_path: Path
) -> None:
    """tests/results_story.py: Wanda works one key account after her first four weeks and
    her routine falls; Sam works all six. The report flags her, in both sections."""
    (tmp_path / "strategy.yaml").write_text(strategy_yaml())
    (tmp_path / "story.csv").write_text(story_csv())
    assert run("--db", database_url, "strategy", "load", str(tmp_path / "strategy.yaml"))[0] == 0
    code, _, err = run("--db", database_url, "import", str(tmp_path / "story.csv"), "--team", TEAM)
    assert code == 0, err
    args = ("--team", TEAM, "--to", str(STORY_AS_OF), "-o", str(tmp_path / "r.html"), "--json")
    code, stdout, err = run("--db", database_url, "report", *args)
    assert code == 0, err
    found = sections(json.loads(stdout))
    flags = {s["person"]: s["flags"] for s in found["replication"]["replication"]["sellers"]}
    assert flags["Wanda Wonder"] == ["single_account_success"]
    assert flags["Sam Steady"] == []
    talks = {c["person"]: c["why"] for c in found["conversations"]["people"]}
    assert "Sam Steady" not in talks
    assert talks["Wanda Wonder"][-1].startswith(
        "single account success, not repeated in the other target accounts: "
    )
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<strong>single account success</strong>: " in html
