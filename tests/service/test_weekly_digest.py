"""The weekly digest, sent to a loopback SMTP server (aiosmtpd): who gets one, both parts and
their charts, nothing of another team, team figures hidden below k, and the opt-out.

The history is the report's (tests/fixtures/report): Ada and Bea in North, Cem in South;
logins lead.north@example.com (lead of North) and lead.south@example.com (lead of South).
The week is the seven days to 10 November: Ada's deal was won that day.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from ascent.bootstrap import unit_of_work
from ascent.cli.app import app
from ascent.errors import ConfigError
from ascent.service.digest import weekly_digests
from ascent.service.mail import SmtpSender, smtp_settings
from ascent.settings import Settings
from ascent.store.models import Person, Team
from ascent.web.digest import DigestSchedule, Weekly, messages, parse_weekly

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"
AS_OF = "2026-11-10"
NO_HOST = (
    "set ASCENT_SMTP_HOST (and ASCENT_SMTP_PORT, ASCENT_SMTP_SECURITY …) or the org's smtp_host "
    "to send"
)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(database_url: str) -> str:
    for name, person, team in (
        ("north", "ada@example.com", "North"),
        ("south", "cem@example.com", "South"),
    ):
        path = str(FIXTURES / f"{name}.csv")
        assert run("--db", database_url, "import", path, "--person", person, "--team", team)[0] == 0
    for team in ("North", "South"):
        email = f"lead.{team.lower()}@example.com"
        code, _, err = run(
            "--db", database_url, "users", "add", email, "--role", "lead", "--team", team
        )
        assert code == 0, err
    return database_url


class Inbox:
    """What the loopback server received: (envelope recipients, parsed message)."""

    def __init__(self) -> None:
        self.mail: list[tuple[list[str], EmailMessage]] = []
        #: addresses the server answers 550 for
        self.refuse: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.mail.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> EmailMessage:
        (found,) = [m for rcpt, m in self.mail if rcpt == [address]]
        return found


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, dict[str, str]]]:
    """A loopback SMTP server and the ``ASCENT_SMTP_*`` environment that reaches it."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        "ASCENT_SMTP_HOST": "127.0.0.1",
        "ASCENT_SMTP_PORT": str(port),
        "ASCENT_SMTP_SECURITY": "none",
        "ASCENT_SMTP_FROM": "ascent@example.com",
    }
    yield inbox, env
    controller.stop()


def parts(message: EmailMessage) -> tuple[str, str, list[str]]:
    """The plain text, the HTML and the content types of every part."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    types = [p.get_content_type() for p in message.walk()]
    return str(text.get_content()), str(html.get_content()), types


def send(db: str, env: dict[str, str], *extra: str) -> tuple[int, str, str]:
    return run("--db", db, "digest", "send", "--as-of", AS_OF, *extra, env=env)


def test_each_person_and_lead_of_the_team_gets_theirs_with_both_parts(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, env = smtp
    code, stdout, stderr = send(db, env, "--team", "North")
    assert code == 0, stderr
    assert stdout.splitlines()[-1] == "sent 3 e-mails"
    assert sorted(r for rcpt, _ in inbox.mail for r in rcpt) == [
        "ada@example.com",
        "bea@example.com",
        "lead.north@example.com",
    ]
    ada = inbox.to("ada@example.com")
    assert ada["Subject"] == "Ascent: your week to 2026-11-10"
    assert ada["From"] == "ascent@example.com"
    text, html, types = parts(ada)
    assert types == [
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",  # her pillars
    ]
    # 4 to 10 November: her touch of the 5th (Bob's answer of the 6th is no routine action
    # of hers; her post was on the 3rd, before the week)
    assert (
        "Your week, 2026-11-04 to 2026-11-10: posts and shares 0; comments and reactions 0; "
        "messages, e-mails and calls 1; invitations and connections 0." in text
    )
    assert "<li>messages, e-mails and calls: 1</li>" in html
    assert "Today's plan (2026-11-10):" in text
    png = next(p for p in ada.walk() if p.get_content_type() == "image/png")
    assert f'src="cid:{png["Content-ID"][1:-1]}"' in html
    assert png.get_content()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_seller_gets_the_coachs_view_of_their_last_post(
    db: str, smtp: tuple[Inbox, dict[str, str]], tmp_path: Path
) -> None:
    """The post of 9 November is the last by the 10th (the 12th's is after the day); its text
    is not stored (the org keeps no bodies), its score is. docs/cli.md's example draft."""
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "date,kind,person,note,id\n"
        "2026-11-09T09:00,post,ada@example.com,We are proud to announce our award-winning "
        "platform.,p1\n"
        "2026-11-12T09:00,post,ada@example.com,What slows your deals down? You can fix it.,p2\n",
        encoding="utf-8",
    )
    assert run("--db", db, "import", str(posts), "--person", "ada@example.com")[0] == 0
    inbox, env = smtp
    assert send(db, env, "--team", "North")[0] == 0
    text, html, _ = parts(inbox.to("ada@example.com"))
    assert (
        "Your last post (2026-11-09, other): the content coach gives it 11 out of 100 for "
        "customer focus. Try opening with the reader's problem" in text
    )
    assert "<strong>11 out of 100</strong>" in html
    bea, _, _ = parts(inbox.to("bea@example.com"))
    assert "last post" not in bea


def test_the_lead_sees_their_team_only_and_no_team_figure_below_k(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, env = smtp
    assert send(db, env)[0] == 0
    assert len(inbox.mail) == 5  # Ada, Bea, Cem and both leads
    text, html, types = parts(inbox.to("lead.north@example.com"))
    assert "image/png" not in types  # k is 5: no funnel, no phase chart of two people
    for part in (text, html):
        assert "ada" in part
        assert "bea" in part
        assert "cem" not in part.lower()  # South's
        assert "Initech" not in part
        assert "fewer than 5 people with a touch or an outcome" in part
        assert "touches 4" not in part
    assert "- ada: 1 deal won" in text  # the week's outcomes, per person
    south, _, _ = parts(inbox.to("lead.south@example.com"))
    assert "- cem:" in south
    assert "ada" not in south


def test_at_k_the_lead_gets_the_funnel_as_text_and_as_a_chart(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, env = smtp
    assert run("--db", db, "org", "settings", "--set", "k_anonymity=2")[0] == 0
    assert send(db, env, "--team", "North")[0] == 0
    text, html, types = parts(inbox.to("lead.north@example.com"))
    assert types.count("image/png") == 1  # the funnel; the phase chart still describes < 2
    # the lead home's funnel: 90 days to 10 November (Ada's touch of 20 October counts)
    assert "touches 5 -> answers 1 -> meetings 0 -> opportunities 0 -> deals 1." in text
    assert 'alt="Funnel: touches 5 → answers 1 → meetings 0 → opportunities 0 → deals 1."' in html


def test_a_person_who_turned_it_off_gets_none_until_they_turn_it_on(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, env = smtp
    code, stdout, _ = run("--db", db, "digest", "off", "bea@example.com")
    assert (code, stdout.strip()) == (0, "weekly digest off for bea@example.com")
    assert run("--db", db, "digest", "off", "lead.north@example.com")[0] == 0
    code, stdout, _ = send(db, env, "--team", "North")
    assert code == 0
    assert [rcpt for rcpt, _ in inbox.mail] == [["ada@example.com"]]
    assert "skipped bea: turned the digest off" in stdout
    assert "skipped lead.north: turned the digest off" in stdout
    assert run("--db", db, "digest", "on", "bea", "--json")[1].split() == [
        "{",
        '"who":',
        '"bea",',
        '"digest":',
        '"on",',
        '"people":',
        "1,",
        '"logins":',
        "0",
        "}",
    ]
    inbox.mail.clear()
    assert send(db, env, "--team", "North")[0] == 0
    assert sorted(r for rcpt, _ in inbox.mail for r in rcpt) == [
        "ada@example.com",
        "bea@example.com",
    ]


def test_dry_run_says_who_would_get_what_and_sends_nothing(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, _ = smtp
    code, stdout, _ = send(db, {}, "--team", "South", "--dry-run", "--json")
    assert code == 0
    data = json.loads(stdout)
    assert (data["dry_run"], data["sent"], data["skipped"]) == (True, 0, [])
    assert [
        (d["to"]["email"], d["to"]["kind"], d["subject"], d["charts"]) for d in data["digests"]
    ] == [
        ("lead.south@example.com", "lead", "Ascent: South, the week to 2026-11-10", []),
        ("cem@example.com", "seller", "Ascent: your week to 2026-11-10", ["pillars"]),
    ]
    assert inbox.mail == []


def test_the_services_send_through_any_sender(db: str) -> None:
    """The use case and the composer without the CLI: a fake sender gets the messages."""

    class Fake:
        def __init__(self) -> None:
            self.sent: list[EmailMessage] = []

        def send(self, messages: Any) -> int:
            self.sent += list(messages)
            return len(self.sent)

    with unit_of_work(Settings(db, explicit_database=True)) as uow:
        found = weekly_digests(uow, as_of=date(2026, 11, 10), team="South")
    fake = Fake()
    assert fake.send(messages(found.digests, sender="a@example.com")) == 2
    assert [str(m["To"]) for m in fake.sent] == [
        '"lead.south" <lead.south@example.com>',
        "cem <cem@example.com>",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, NO_HOST),
        (
            {"ASCENT_SMTP_HOST": "h", "ASCENT_SMTP_SECURITY": "ssl"},
            "ASCENT_SMTP_SECURITY='ssl': use starttls, tls or none",
        ),
        (
            {"ASCENT_SMTP_HOST": "h", "ASCENT_SMTP_PORT": "x"},
            "ASCENT_SMTP_PORT='x' is not a port number",
        ),
    ],
)
def test_smtp_settings_errors_are_one_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        smtp_settings(env)
    assert str(caught.value) == message


def test_smtp_defaults_and_an_unreachable_server() -> None:
    settings = smtp_settings({"ASCENT_SMTP_HOST": "127.0.0.1", "ASCENT_SMTP_SECURITY": "tls"})
    assert (settings.port, settings.sender, settings.user) == (465, "ascent@127.0.0.1", None)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    closed = smtp_settings(
        {
            "ASCENT_SMTP_HOST": "127.0.0.1",
            "ASCENT_SMTP_PORT": str(port),
            "ASCENT_SMTP_SECURITY": "none",
        }
    )
    with pytest.raises(ConfigError, match=rf"^smtp 127\.0\.0\.1:{port}: "):
        SmtpSender(closed).send([EmailMessage()])


class FakeSender:
    """The mail port, faked: keeps what it is given."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, messages: Any) -> int:
        found = list(messages)
        self.sent += found
        return len(found)


@pytest.mark.parametrize(
    ("text", "weekday", "at"),
    [
        ("mon 07:00", 0, time(7, 0)),
        ("Friday 18:30", 4, time(18, 30)),
        (" sun 0:05 ", 6, time(0, 5)),
    ],
)
def test_the_weekly_schedule_reads_a_weekday_and_a_time(text: str, weekday: int, at: time) -> None:
    assert parse_weekly(text) == Weekly(weekday, at)


@pytest.mark.parametrize("text", ["mon", "someday 07:00", "mon 25:00", "mon 7h", "mo 07:00"])
def test_a_schedule_it_cannot_read_is_one_line(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_weekly(text)
    assert str(caught.value) == (
        f'--digest-weekly {text!r}: give a weekday and a time, e.g. "mon 07:00"'
    )


def test_the_next_run_is_the_next_such_moment_after_now() -> None:
    monday = Weekly(0, time(7, 0))
    zone = timezone(timedelta(hours=1))
    before = datetime(2026, 11, 30, 6, 59, tzinfo=zone)  # a Monday
    assert monday.next_after(before) == datetime(2026, 11, 30, 7, 0, tzinfo=zone)
    at = datetime(2026, 11, 30, 7, 0, tzinfo=zone)
    assert monday.next_after(at) == datetime(2026, 12, 7, 7, 0, tzinfo=zone)
    thursday = datetime(2026, 12, 3, 12, 0, tzinfo=zone)
    assert monday.next_after(thursday) == datetime(2026, 12, 7, 7, 0, tzinfo=zone)


def test_the_schedule_sends_everyones_digest_when_due(db: str) -> None:
    """Due two seconds from now: the background thread sends the five digests (Ada, Bea, Cem
    and both leads) and reports it; stopping it ends the thread."""
    settings = Settings(db, explicit_database=True)
    fake = FakeSender()
    reported: list[str] = []
    done = threading.Event()

    def report(line: str) -> None:
        reported.append(line)
        done.set()

    monday = DigestSchedule(
        settings, Weekly(0, time(7)), sender=fake, from_address="a@example.com", report=report
    )
    assert monday.run_once(date(2026, 11, 10)) == 5
    fake.sent.clear()
    soon = datetime.now().astimezone() + timedelta(seconds=2)
    weekly = Weekly(soon.weekday(), soon.time())
    schedule = DigestSchedule(
        settings, weekly, sender=fake, from_address="a@example.com", report=report
    )
    schedule.start()
    assert done.wait(60)
    schedule.stop()
    assert reported == ["weekly digest: sent 5 e-mails"]
    assert sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in fake.sent) == [
        "ada@example.com",
        "bea@example.com",
        "cem@example.com",
        "lead.north@example.com",
        "lead.south@example.com",
    ]


def test_serve_refuses_a_schedule_it_cannot_keep(db: str) -> None:
    code, stdout, stderr = run("--db", db, "serve", "--digest-weekly", "someday")
    assert (code, stdout) == (2, "")
    assert (
        stderr
        == "error: --digest-weekly 'someday': give a weekday and a time, e.g. \"mon 07:00\"\n"
    )
    code, _, stderr = run(
        "--db", db, "serve", "--digest-weekly", "mon 07:00", env={"ASCENT_SMTP_HOST": ""}
    )
    assert code == 2
    assert stderr == f"error: {NO_HOST}\n"


def test_the_orgs_smtp_settings_are_used_and_the_environment_wins(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, env = smtp
    code, stdout, _ = run(
        "--db",
        db,
        "org",
        "settings",
        "--set",
        "smtp_host=127.0.0.1",
        "--set",
        f"smtp_port={env['ASCENT_SMTP_PORT']}",
        "--set",
        "smtp_security=NONE",
        "--set",
        "smtp_from=digest@example.com",
        "--json",
    )
    assert code == 0
    shown = json.loads(stdout)
    assert {k: v for k, v in shown.items() if k.startswith("smtp_")} == {
        "smtp_host": "127.0.0.1",
        "smtp_port": env["ASCENT_SMTP_PORT"],
        "smtp_security": "none",
        "smtp_from": "digest@example.com",
    }
    assert send(db, {"ASCENT_SMTP_HOST": ""}, "--team", "South")[0] == 0
    assert [m["From"] for _, m in inbox.mail] == ["digest@example.com"] * 2
    inbox.mail.clear()
    assert send(db, {"ASCENT_SMTP_FROM": "env@example.com"}, "--team", "South")[0] == 0
    assert [m["From"] for _, m in inbox.mail] == ["env@example.com"] * 2
    # unset again: nothing to send with
    assert run("--db", db, "org", "settings", "--set", "smtp_host=")[0] == 0
    code, _, stderr = send(db, {"ASCENT_SMTP_HOST": ""}, "--team", "South")
    assert (code, stderr) == (2, f"error: {NO_HOST}\n")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("smtp_port=70000", "smtp_port: '70000' is not a port number"),
        ("smtp_security=ssl", "smtp_security: 'ssl': use starttls, tls or none"),
    ],
)
def test_the_orgs_smtp_settings_are_checked(db: str, change: str, message: str) -> None:
    code, _, stderr = run("--db", db, "org", "settings", "--set", change)
    assert (code, stderr) == (2, f"error: {message}\n")


def test_no_smtp_password_is_ever_stored(db: str) -> None:
    code, _, stderr = run("--db", db, "org", "settings", "--set", "smtp_password=secret")
    assert code == 2
    assert stderr.startswith("error: unknown setting 'smtp_password' (known: ")


def test_a_refused_recipient_is_named_and_the_others_still_get_theirs(
    db: str, smtp: tuple[Inbox, dict[str, str]]
) -> None:
    inbox, env = smtp
    inbox.refuse = {"bea@example.com"}
    code, stdout, stderr = send(db, env, "--team", "North", "--json")
    assert code == 1
    data = json.loads(stdout)
    assert (data["sent"], data["refused"]) == (
        2,
        [{"to": "bea <bea@example.com>", "answer": "550 5.1.1 no such user here"}],
    )
    assert sorted(r for rcpt, _ in inbox.mail for r in rcpt) == [
        "ada@example.com",
        "lead.north@example.com",
    ]
    code, stdout, stderr = send(db, env, "--team", "North")
    assert code == 1
    assert stdout.splitlines()[-1] == "sent 2 e-mails"
    assert stderr == "refused: bea <bea@example.com>: 550 5.1.1 no such user here\n"


def test_a_name_with_a_line_break_stays_one_header_line(db: str) -> None:
    """Names are data: a line break in a team's or a person's name cannot break a header."""
    with unit_of_work(Settings(db, explicit_database=True), write=True) as uow:
        for team in uow.session.query(Team):
            team.name = team.name + "\nBcc: x@example.com"
        for person in uow.session.query(Person):
            person.name = person.name + "\r\nBcc: y@example.com"
        uow.commit()
    with unit_of_work(Settings(db, explicit_database=True)) as uow:
        found = weekly_digests(uow, as_of=date(2026, 11, 10), team=None)
    sent = list(messages(found.digests, sender="a@example.com"))
    assert [(str(m["Subject"]), str(m["To"])) for m in sent[:2]] == [
        (
            "Ascent: North Bcc: x@example.com, the week to 2026-11-10",
            '"lead.north" <lead.north@example.com>',
        ),
        ("Ascent: your week to 2026-11-10", '"ada Bcc: y@example.com" <ada@example.com>'),
    ]
    assert all("Bcc" not in m for m in sent)  # no header of its own
