"""Pursuits: a persona's touches on one prospect, the prospect's answer, and what follows.

Touches are LinkedIn messages 2-4 working days apart. Whether and when the prospect answers
comes from the persona's ``PursuitStyle``; an answer leads, by chance weighted per persona,
to a booked meeting, an opportunity, a won or lost deal, or a referral.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ascent.demo import texts
from ascent.demo.linkedin_rows import Connection, Message
from ascent.demo.outcomes import OutcomeRow
from ascent.demo.people import Contact, conversation_id
from ascent.demo.timeline import Run, add_working_days


def start_pursuit(run: Run, contact: Contact, account_index: int, first_day: date) -> None:
    """Simulate one pursuit from ``first_day``; the prospect is an existing connection."""
    _add_old_connection(run, contact)
    style = run.shape.pursuit
    give_up = run.rng.randint(*style.give_up)
    answer_at = _answer_touch(run, account_index)
    conv = conversation_id(run.persona.key, contact.url)
    day, touch = first_day, 0
    while day <= run.last_day:
        touch += 1
        sent = run.moment(day)
        run.history.messages.append(_outgoing(run, conv, contact, sent, touch))
        if touch == answer_at:
            if _answer_allowed(run, day):
                _answer(run, conv, contact, sent)
                return
            answer_at = None
        if answer_at is None and touch >= give_up:
            return
        day = add_working_days(day, run.rng.randint(2, 4))


def _answer_touch(run: Run, account_index: int) -> int | None:
    """After which touch this prospect answers, or None if they never will."""
    style = run.shape.pursuit
    if style.answer_at is None or run.rng.random() >= style.answer_share:
        return None
    if style.answer_accounts is not None and account_index not in style.answer_accounts:
        return None
    return run.rng.randint(*style.answer_at)


def _answer_allowed(run: Run, day: date) -> bool:
    within = run.shape.pursuit.answers_within
    return within is None or day > run.end - timedelta(days=within)


def _add_old_connection(run: Run, contact: Contact) -> None:
    """Prospects were connected before the programme, as most real prospects are."""
    since = run.window_start - timedelta(days=run.rng.randint(10, 900))
    run.history.connections.append(
        Connection(
            since,
            contact.first_name,
            contact.last_name,
            contact.url,
            "",
            contact.company,
            contact.position,
        )
    )


def _outgoing(run: Run, conv: str, contact: Contact, sent: datetime, touch: int) -> Message:
    names = {"first": contact.first_name.strip(), "account": contact.company}
    if touch == 1:
        content = texts.pick(run.rng, texts.OPENERS, **names)
    else:  # follow-ups in order, so a thread never repeats itself until it runs out
        content = texts.FOLLOW_UPS[(touch - 2) % len(texts.FOLLOW_UPS)].format(**names)
    return _message(run, conv, contact, sent, content, outgoing=True)


def _message(
    run: Run, conv: str, contact: Contact, sent: datetime, content: str, *, outgoing: bool
) -> Message:
    owner = run.persona
    if outgoing:
        return Message(
            conv, owner.name, owner.profile_url, (contact.name,), (contact.url,), sent, content
        )
    return Message(
        conv, contact.name, contact.url, (owner.name,), (owner.profile_url,), sent, content
    )


def _answer(run: Run, conv: str, contact: Contact, touched: datetime) -> None:
    """The prospect answers, the owner replies, and outcomes may follow."""
    names = {
        "first": contact.first_name.strip(),
        "owner": run.persona.first_name,
        "account": contact.company,
    }
    answered = touched + timedelta(hours=run.rng.randint(2, 40), minutes=run.rng.randint(0, 59))
    if answered.date() > run.end:
        return
    thread = [(answered, texts.pick(run.rng, texts.ANSWERS, **names), False)]
    replied = answered + timedelta(minutes=run.rng.randint(20, 600))
    thread.append((replied, texts.pick(run.rng, texts.OWNER_REPLIES, **names), True))
    thread.append(
        (replied + timedelta(minutes=run.rng.randint(5, 300)), run.rng.choice(texts.CLOSERS), False)
    )
    for sent, content, outgoing in thread:
        if sent.date() <= min(run.end, run.last_day):
            run.history.messages.append(
                _message(run, conv, contact, sent, content, outgoing=outgoing)
            )
    _outcomes(run, contact, answered)


def _outcomes(run: Run, contact: Contact, answered: datetime) -> None:
    """Meeting -> opportunity -> won or lost, and referrals, each dated after the last."""
    style, rng = run.shape.pursuit, run.rng
    if rng.random() < style.referral:
        _outcome(
            run,
            contact,
            answered.date() + timedelta(days=rng.randint(1, 5)),
            "referral",
            note=texts.NOTES[4],
        )
    if rng.random() >= style.meeting:
        return
    meeting = min(
        answered + timedelta(days=rng.randint(0, 3)),
        answered.replace(year=run.end.year, month=run.end.month, day=run.end.day),
    )
    _outcome(run, contact, meeting.replace(microsecond=0), "meeting_booked", note=texts.NOTES[0])
    if rng.random() >= style.opportunity:
        return
    opened = meeting.date() + timedelta(days=rng.randint(7, 21))
    amount = rng.randrange(8000, 60000, 500)
    _outcome(run, contact, opened, "opportunity", amount=amount, note=texts.NOTES[1])
    closed = opened + timedelta(days=rng.randint(14, 42))
    if rng.random() < style.won:
        _outcome(run, contact, closed, "deal_won", amount=amount, note=texts.NOTES[2])
    else:
        _outcome(run, contact, closed, "deal_lost", note=texts.NOTES[3])


def _outcome(
    run: Run,
    contact: Contact,
    when: date | datetime,
    kind: str,
    *,
    amount: int | None = None,
    note: str = "",
) -> None:
    day = when.date() if isinstance(when, datetime) else when
    if day > run.end:
        return
    run.history.outcomes.append(
        OutcomeRow(
            when,
            kind,
            run.persona.email,
            contact.name,
            contact.url,
            contact.company,
            amount=amount,
            note=note,
        )
    )
