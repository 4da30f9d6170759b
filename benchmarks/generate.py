"""Generate a large 2026-format LinkedIn export for the import benchmark, deterministically.

    python benchmarks/generate.py OUT_FOLDER [--messages 1000000] [--seed 2026]

Writes ``Profile.csv``, ``Invitations.csv``, ``messages.csv``, ``Shares.csv``,
``Comments.csv`` and ``Reactions.csv`` into OUT_FOLDER. Bytes come from
``ascent.demo.linkedin_writer`` (the byte-exact 2026 renderers); rows are produced by
generators and rendered in chunks, so a million messages never sit in memory at once.

Shares, comments and reactions scale with ``--messages`` (2 %, 5 % and 10 % of it: 20k, 50k
and 100k at the default). The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import random
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import IO, TypeVar

from ascent.demo.linkedin_rows import Comment, Invitation, Message, Profile, Reaction, Share
from ascent.demo.linkedin_writer import (
    render_comments,
    render_messages,
    render_reactions,
    render_shares,
    write_invitations,
    write_profile,
)

T = TypeVar("T")

CHUNK = 20_000
OWNER_FIRST, OWNER_LAST = "Bench", "Owner"
OWNER_NAME = f"{OWNER_FIRST} {OWNER_LAST}"
OWNER_URL = "https://www.linkedin.com/in/bench-owner-0a1b2c3d"
EXPORTED_AT = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
#: the newest activity; everything goes back from here
NEWEST = datetime(2026, 3, 8, 18, 0, tzinfo=UTC)

FIRST = (
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Emma",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kira",
    "Luis",
    "Maya",
    "Noah",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uwe",
    "Vera",
    "Wen",
    "Xavier",
    "Yara",
    "Zoë",
)
LAST = (
    "Adams",
    "Becker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Huber",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Müller",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ulrich",
    "Vogel",
    "Weber",
    "Yilmaz",
    "Zimmermann",
)
SUFFIXES = ("", "", "", "", "", "", ", CPA", ", PhD", ", MBA")
OPENERS = (
    "Hi {n}, thanks for connecting!",
    "Hello {n} &amp; team,",
    "Great to meet you at the summit, {n}.",
    "Quick question, {n}:",
    "Following up on my last note.",
    "Thanks {n}, that&#39;s helpful.",
)
BODIES = (
    "Would a 20-minute call next week work for you?",
    "I put together a short overview of how we help teams like yours.",
    "Happy to share the case study we discussed.",
    "Let me know what you think &mdash; no pressure at all.",
    "We are seeing a lot of interest in this from your industry.",
    "Does Tuesday or Thursday suit you better?",
    "Attached is the deck; the pricing is on slide 7.",
)
CLOSINGS = ("Best,\n{o}", "Cheers", "Talk soon!", "Kind regards,\r\n{o}", "Thanks!")
REACTION_TYPES = ("LIKE",) * 17 + ("EMPATHY", "PRAISE", "APPRECIATION", "ENTERTAINMENT", "INTEREST")


def conversation_id(n: int) -> str:
    """``2-`` + 56 base64 characters ending ``==`` (40 bytes), as LinkedIn writes them."""
    digest = (
        hashlib.sha256(f"conv{n}".encode()).digest() + hashlib.md5(f"conv{n}".encode()).digest()[:8]
    )
    return "2-" + base64.b64encode(digest).decode()


FEED = "https://www.linkedin.com/feed/update/urn%3Ali%3A"


def activity_urn(kind: str, n: int) -> str:
    """A feed link with a 19-digit id, as Shares/Comments/Reactions hold."""
    return f"{FEED}{kind}%3A{7_100_000_000_000_000_000 + n}"


class People:
    """A fixed pool of counterparts: name and profile URL, some names with commas."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.names: list[str] = []
        self.urls: list[str] = []
        for i in range(size):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            self.names.append(f"{first} {last}{rng.choice(SUFFIXES)}")
            slug = f"{first}-{last}".lower().replace("'", "").replace(" ", "-")
            self.urls.append(f"https://www.linkedin.com/in/{slug}-{i:06x}")

    def __len__(self) -> int:
        return len(self.names)


def _content(rng: random.Random, name: str) -> str:
    """Message text: ~5 % empty, ~25 % multi-line (2026 exports keep real line breaks)."""
    roll = rng.random()
    if roll < 0.05:
        return ""
    first = name.split(" ", maxsplit=1)[0]
    text = rng.choice(OPENERS).format(n=first) + " " + rng.choice(BODIES)
    if roll > 0.75:
        text += "\n\n" + rng.choice(BODIES) + "\n" + rng.choice(CLOSINGS).format(o=OWNER_FIRST)
    return text


def messages(total: int, seed: int) -> Iterator[Message]:
    """``total`` rows grouped by conversation, newest conversation first, newest row first.

    Mostly 1:1 threads with a counterpart, ~3 % group threads, ~0.5 % sponsored InMail (which
    the importer skips). The owner sends about half of the messages.
    """
    rng = random.Random(seed)
    people = People(rng, max(200, total // 40))
    produced, conv_no = 0, 0
    latest = NEWEST
    while produced < total:
        conv_no += 1
        size = min(total - produced, rng.choice((1, 2, 3, 5, 8, 13, 21, 34, 60)))
        conv = conversation_id(conv_no)
        latest -= timedelta(seconds=rng.randint(30, 900))
        sponsored = rng.random() < 0.005
        if sponsored:
            sent = latest
            for _ in range(size):
                yield Message(
                    conv,
                    "LinkedIn Member",
                    "",
                    (OWNER_NAME,),
                    (OWNER_URL,),
                    sent,
                    "<p>Hi %FIRSTNAME%, exclusive offer inside.</p>",
                    title="Sponsored Conversation",
                    subject="An offer for you",
                )
                sent -= timedelta(minutes=1)
            produced += size
            continue
        group = rng.random() < 0.03
        others = rng.sample(range(len(people)), 3 if group else 1)
        sent = latest
        for _ in range(size):
            if rng.random() < 0.5:
                sender_name, sender_url = OWNER_NAME, OWNER_URL
                to_names = tuple(people.names[i] for i in others)
                to_urls = tuple(people.urls[i] for i in others)
            else:
                who = rng.choice(others)
                sender_name, sender_url = people.names[who], people.urls[who]
                rest = [i for i in others if i != who]
                to_names = (OWNER_NAME, *(people.names[i] for i in rest))
                to_urls = (OWNER_URL, *(people.urls[i] for i in rest))
            yield Message(
                conversation_id=conv,
                sender_name=sender_name,
                sender_url=sender_url,
                to_names=to_names,
                recipient_urls=to_urls,
                sent_at=sent,
                content=_content(rng, to_names[0] if sender_url == OWNER_URL else sender_name),
                title="Project sync" if group else "",
                folder="ARCHIVE" if rng.random() < 0.1 else "INBOX",
            )
            sent -= timedelta(seconds=rng.randint(60, 3 * 86_400))
        produced += size


def shares(total: int, seed: int) -> Iterator[Share]:
    rng = random.Random(seed + 1)
    at = NEWEST
    for n in range(total):
        at -= timedelta(seconds=rng.randint(600, 20_000))
        text = rng.choice(BODIES)
        if rng.random() < 0.4:
            text = "𝗪𝗛𝗔𝗧 we learned this quarter 🚀\n\n" + text + '\nA "quoted" line.'
        shared = f"https://lnkd.in/e{n:07x}" if rng.random() < 0.3 else ""
        yield Share(at, activity_urn("share", n), text if rng.random() > 0.05 else "", shared)


def comments(total: int, seed: int) -> Iterator[Comment]:
    rng = random.Random(seed + 2)
    at = NEWEST
    for n in range(total):
        at -= timedelta(seconds=rng.randint(60, 6_000))
        text = rng.choice(BODIES)
        if rng.random() < 0.2:
            text = f'Great point, she said "{rng.choice(FIRST)}" twice.\n{text}'
        yield Comment(at, activity_urn("activity", 1_000_000 + n), text)


def reactions(total: int, seed: int) -> Iterator[Reaction]:
    rng = random.Random(seed + 3)
    at = NEWEST
    for n in range(total):
        at -= timedelta(seconds=rng.randint(30, 3_000))
        yield Reaction(at, rng.choice(REACTION_TYPES), activity_urn("ugcPost", 5_000_000 + n))


def invitations(total: int, seed: int) -> list[Invitation]:
    rng = random.Random(seed + 4)
    people = People(random.Random(seed), 2_000)  # another pool, same shape
    rows, at = [], NEWEST
    for n in range(total):
        at -= timedelta(minutes=rng.randint(5, 600))
        at = at.replace(second=0)
        i = n % len(people)
        if rng.random() < 0.6:
            rows.append(
                Invitation(OWNER_NAME, people.names[i], at, "OUTGOING", OWNER_URL, people.urls[i])
            )
        else:
            rows.append(
                Invitation(
                    people.names[i],
                    OWNER_NAME,
                    at,
                    "INCOMING",
                    people.urls[i],
                    OWNER_URL,
                    message="Would love to connect.",
                )
            )
    return rows


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def stream_csv(path: Path, render: Callable[[Iterable[T]], str], rows: Iterable[T]) -> int:
    """Render ``rows`` chunk by chunk with the writer's own renderer; the header once."""
    header = render([])
    count = 0
    with path.open("wb") as out:
        out.write(header.encode("utf-8"))
        for chunk in _chunks(rows, CHUNK):
            text = render(chunk)
            assert text.startswith(header)
            out.write(text[len(header) :].encode("utf-8"))
            count += len(chunk)
    return count


def generate(
    folder: Path, n_messages: int, seed: int = 2026, out: IO[str] | None = None
) -> dict[str, int]:
    """Write the export into ``folder``; returns data rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    write_profile(
        folder / "Profile.csv", Profile(OWNER_FIRST, OWNER_LAST, headline="Account Executive")
    )
    invites = invitations(max(50, n_messages // 500), seed)
    write_invitations(folder / "Invitations.csv", invites)

    counts = {
        "Profile.csv": 1,
        "Invitations.csv": len(invites),
        "messages.csv": stream_csv(
            folder / "messages.csv",
            lambda rows: render_messages(rows, linkedin_order=False),
            messages(n_messages, seed),
        ),
        "Shares.csv": stream_csv(
            folder / "Shares.csv", render_shares, shares(n_messages // 50, seed)
        ),
        "Comments.csv": stream_csv(
            folder / "Comments.csv", render_comments, comments(n_messages // 20, seed)
        ),
        "Reactions.csv": stream_csv(
            folder / "Reactions.csv", render_reactions, reactions(n_messages // 10, seed)
        ),
    }
    if out is not None:
        out.write(json.dumps(counts) + "\n")
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the export (created)")
    parser.add_argument("--messages", type=int, default=1_000_000, help="messages.csv rows")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    generate(args.folder, args.messages, args.seed, out=sys.stdout)


if __name__ == "__main__":
    main()
