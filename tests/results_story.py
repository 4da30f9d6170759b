"""Histories with a known truth for the results tests (uplift, replication), as plain weekly
counts and as Ascent CSV rows a test imports.

**Uplift truth.** A seller starts on ``START`` (a Monday) and is measured on ``UPLIFT_AS_OF``:
24 whole weeks before and 24 after. Weekly result counts per account are fixed multisets,
shuffled by a seed, so every mean is exactly known whatever the seed: Acme goes from 0.5 to
1.75 a week (x3.5, "250 % up"); Globex and Initech stay at 0.5; the two control accounts stay
at 0.5 each. The true uplift is 1.25 a week for Acme, 0 for the others, and over the three
target accounts (0.5 -> 0.9167 per account) 0.4167.

**The source story.** Wanda works all six target accounts for four weeks, then only Acme;
Acme's results come from week 4 on and nowhere else; her routine falls from week 10. Sam works
every target account every week, steadily, with results in four of them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

START = date(2026, 6, 1)  # a Monday
WEEKS = 24
UPLIFT_AS_OF = START + timedelta(days=7 * WEEKS - 1)
STORY_WEEKS = 26
STORY_AS_OF = START + timedelta(days=7 * STORY_WEEKS - 1)  # a Sunday

TEAM = "Team North"
TARGETS = (
    "Acme Example Ltd",
    "Globex Example",
    "Initech Example",
    "Umbrella Example plc",
    "Stark Example Industries",
    "Wayne Example Enterprises",
)
ACME, GLOBEX, INITECH = TARGETS[:3]
CONTROLS = ("Contoso Example", "Fabrikam Example")
TRUE_UPLIFT = {ACME: 1.25, GLOBEX: 0.0, INITECH: 0.0}
TRUE_PROGRAMME_UPLIFT = (1.75 + 0.5 + 0.5) / 3 - 0.5
HEADER = "date,kind,person,channel,contact,account,amount,id\n"

#: weekly counts (before, after) per account: each multiset's mean is the rate
PATTERNS = {
    ACME: ([0, 1] * 12, [1, 2, 2, 2] * 6),
    GLOBEX: ([0, 1] * 12, [1, 0] * 12),
    INITECH: ([1, 0] * 12, [0, 1] * 12),
    CONTROLS[0]: ([0, 1] * 12, [1, 0] * 12),
    CONTROLS[1]: ([1, 0] * 12, [0, 1] * 12),
}


def uplift_weeks(seed: int) -> dict[str, tuple[list[int], list[int]]]:
    """Per account, its weekly counts before (nearest week first) and after the start."""
    rng = random.Random(seed)
    found = {}
    for account, (before, after) in PATTERNS.items():
        b, a = list(before), list(after)
        rng.shuffle(b)
        rng.shuffle(a)
        found[account] = (b, a)
    return found


def uplift_csv(seed: int, person: str = "Una Uplift") -> str:
    """The uplift truth as Ascent CSV: one meeting booked per count, in its week, plus a post
    on the first day of the first week before so the seller's history reaches back that far."""
    first = START - timedelta(days=7 * WEEKS)
    rows = [f"{first},post,{person},linkedin,,,,u-first"]
    for account, (before, after) in uplift_weeks(seed).items():
        blocks = [START - timedelta(days=7 * (k + 1)) for k in range(WEEKS)]
        blocks += [START + timedelta(days=7 * k) for k in range(WEEKS)]
        for w, (monday, n) in enumerate(zip(blocks, before + after, strict=True)):
            for i in range(n):
                day = monday + timedelta(days=i)
                rows.append(f"{day},meeting_booked,{person},,,{account},,u-{account}-{w}-{i}")
    return HEADER + "\n".join(rows) + "\n"


def _weekdays(week: int) -> list[date]:
    monday = START + timedelta(days=7 * week)
    return [monday + timedelta(days=i) for i in range(5)]


def story_csv() -> str:
    """Wanda's story and Sam's steady work as Ascent CSV (see the module docstring).

    Wanda: 3 posts a working day in weeks 0-9, 1 from week 10; a message to one contact in
    each target account every Tuesday of weeks 0-3, then only to Acme's, every Tuesday to the
    end; results at Acme on the Sundays of weeks 4, 6, 8, 10, 12 and 14; an old connection
    ten weeks before the start. Sam: 3 posts every working day, a message into every target
    account every Tuesday, two results each in Acme, Globex, Initech and Umbrella.
    """
    rows = []
    old = START - timedelta(days=70)
    rows.append(f"{old},connect,Wanda Wonder,linkedin,Old Friend,Contoso Example,,w-old")
    for week in range(STORY_WEEKS):
        per_day = 3 if week < 10 else 1
        for day in _weekdays(week):
            for i in range(per_day):
                rows.append(f"{day},post,Wanda Wonder,linkedin,,,,w-p-{day}-{i}")
            for i in range(3):
                rows.append(f"{day},post,Sam Steady,linkedin,,,,s-p-{day}-{i}")
        tuesday = _weekdays(week)[1]
        for n, account in enumerate(TARGETS):
            if week < 4 or account == ACME:
                rows.append(
                    f"{tuesday},message_out,Wanda Wonder,linkedin,Buyer {n} W,{account},,"
                    f"w-m-{week}-{n}"
                )
            rows.append(
                f"{tuesday},message_out,Sam Steady,linkedin,Buyer {n} S,{account},,s-m-{week}-{n}"
            )
    for week in (4, 6, 8, 10, 12, 14):
        sunday = START + timedelta(days=7 * week + 6)
        rows.append(f"{sunday},meeting_booked,Wanda Wonder,,Buyer 0 W,{ACME},,w-r-{week}")
    for n, account in enumerate(TARGETS[:4]):
        for week in (6 + n, 16 + n):
            sunday = START + timedelta(days=7 * week + 6)
            rows.append(f"{sunday},meeting_booked,Sam Steady,,Buyer {n} S,{account},,s-r-{week}")
    return HEADER + "\n".join(rows) + "\n"


def strategy_yaml(team: str = TEAM, start: date = START) -> str:
    """The team's strategy: the six target accounts, the programme start for everyone."""
    accounts = ", ".join(TARGETS)
    return (
        f"team: {team}\nprogramme_start: {start}\n"
        "goals:\n  - name: Meetings in target accounts\n    outcome: meeting_booked\n"
        "tactics:\n  - name: Follow up\n    serves: Meetings in target accounts\n"
        "    kinds: [message_out]\n"
        f"targets:\n  accounts: [{accounts}]\n"
    )
