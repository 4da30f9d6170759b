"""The day-by-day routine: which days a persona is active and what they do on them.

Each active day draws posts, comments, reactions, invitations and new pursuits at the
persona's rates scaled by the effort of that week; follow-up touches of running pursuits are
scheduled by the pursuits themselves.
"""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta

from ascent.demo import texts
from ascent.demo.linkedin_rows import Comment, Reaction, Share
from ascent.demo.network import invite_in, invite_out
from ascent.demo.people import FIRST_NAMES, LAST_NAMES, activity_id, new_contact, post_link
from ascent.demo.pursuits import start_pursuit
from ascent.demo.timeline import Run, days, is_working_day

#: reaction types weighted like the ~5,500 real rows counted in FORMATS §1.7
REACTION_TYPES = ("LIKE", "EMPATHY", "PRAISE", "APPRECIATION", "ENTERTAINMENT", "INTEREST")
REACTION_WEIGHTS = (4715, 289, 255, 106, 77, 47)


def simulate_days(run: Run) -> None:
    """Walk every day the persona could be active and draw what they did."""
    pursuits = 0
    for day in days(run.first_day, run.last_day):
        effort = run.shape.effort_in_week((day - run.first_day).days // 7)
        if run.rng.random() < run.shape.incoming_invites_per_week / 7:
            invite_in(run, day)
        if not _active(run, day, effort):
            continue
        _routine(run, day, effort)
        if is_working_day(day):
            pursuits = _start_pursuits(run, day, effort, pursuits)


def _active(run: Run, day: date, effort: float) -> bool:
    chance = run.shape.consistency if is_working_day(day) else run.shape.weekend
    return run.rng.random() < chance * min(1.0, effort)


def _routine(run: Run, day: date, effort: float) -> None:
    shape = run.shape
    for _ in range(run.count(shape.posts * effort)):
        run.history.shares.append(_share(run, day))
    for _ in range(run.count(shape.comments * effort)):
        run.history.comments.append(_comment(run, day))
    for _ in range(run.count(shape.reactions * effort)):
        run.history.reactions.append(_reaction(run, day))
    for _ in range(run.count(shape.invites * effort)):
        invite_out(run, day)


def _start_pursuits(run: Run, day: date, effort: float, started: int) -> int:
    """New pursuits at ``per_week`` per full week of active working days."""
    style = run.shape.pursuit
    rate = style.per_week * effort / (5 * max(run.shape.consistency, 0.1))
    for _ in range(run.count(rate)):
        index = _account_index(run, started)
        contact = new_contact(run.rng, run.persona.target_accounts[index])
        start_pursuit(run, contact, index, day)
        started += 1
    return started


def _account_index(run: Run, started: int) -> int:
    """Target account 0 with chance ``focus_first``, else round the other five in turn."""
    if run.rng.random() < run.shape.pursuit.focus_first:
        return 0
    return 1 + started % (len(run.persona.target_accounts) - 1)


def _share(run: Run, day: date) -> Share:
    posted = run.moment(day, earliest=6, latest=20)
    voice = texts.SELF_POSTS if run.rng.random() < run.shape.self_focused else texts.CUSTOMER_POSTS
    kind = run.rng.choices(("ugcPost", "share", "activity"), (6, 3, 1))[0]
    link = post_link(kind, activity_id(run.rng, posted))
    shared = ""
    if run.rng.random() < 0.3:
        shared = "https://lnkd.in/" + "".join(run.rng.choices(string.ascii_letters, k=7))
    return Share(posted, link, run.rng.choice(voice), shared)


def _comment(run: Run, day: date) -> Comment:
    at = run.moment(day)
    message = run.rng.choice(texts.COMMENTS)
    if run.rng.random() < 0.1:  # replies flatten the mentioned name into the text
        message = f"{run.rng.choice(FIRST_NAMES)} {run.rng.choice(LAST_NAMES)} {message}"
    return Comment(at, _someone_elses_post(run, at), message)


def _reaction(run: Run, day: date) -> Reaction:
    at = run.moment(day)
    kind = run.rng.choices(REACTION_TYPES, REACTION_WEIGHTS)[0]
    link = _someone_elses_post(run, at)
    if run.rng.random() < 0.08 and "activity" in link:
        post = link.rsplit("%3A", 1)[1]
        comment = run.rng.getrandbits(62)
        link += f"?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A{post}%2C{comment}%29"
    return Reaction(at, kind, link)


def _someone_elses_post(run: Run, at: datetime) -> str:
    posted = at - timedelta(minutes=run.rng.randint(30, 4 * 24 * 60))
    kind = run.rng.choices(("activity", "ugcPost", "groupPost"), (14, 5, 1))[0]
    ident = activity_id(run.rng, posted)
    if kind == "groupPost":
        return post_link(kind, f"{run.rng.randint(1000000, 9999999)}-{ident}")
    return post_link(kind, ident)
