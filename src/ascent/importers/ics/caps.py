"""What one calendar may cost, and the Notes that say what a cap cut (docs/formats/ics.md).

A series is expanded lazily and stops at ``SERIES_OCCURRENCES``: ten years of a daily
meeting (3,653 occurrences) fit, while an endless ``FREQ=SECONDLY`` rule or a ``COUNT`` of
ten million stops there in a fraction of a second. A calendar file stops at
``FILE_OCCURRENCES`` expanded occurrences (the time it takes) and ``FILE_MEETINGS`` meeting
activities (the records it makes: an hourly series with 200 attendees). A busy seller's ten
years of calendar (a few tens of thousands of meetings) stays far inside both.

Before any of that, a file is parsed whole by icalendar, which builds an object per content
line (about 25 times the file's size in memory): blank lines are dropped before parsing, and
a calendar of more than ``FILE_LINES`` content lines is refused (a million lines take
icalendar about 20 s and 500 MB here). A Google event is 15–25 lines, so the cap holds about
40,000 events: ten years of a busy calendar.

Each RRULE is checked before it is expanded (``screening.check_rules``): a rule that never
occurs would cost dateutil seconds. A check examines at most about 10,000 days at INTERVAL=1
and 180,000 days over the INTERVAL (a few milliseconds), and a rule that occurs stops at its
first day: a real calendar's checks examine a few days per rule. ``FILE_RULE_DAYS`` bounds
what a calendar of rules that never occur can cost (a few seconds); series with an RRULE past
it are not imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ascent.domain.records import Note

FILE_LINES = 1_000_000
SERIES_OCCURRENCES = 5_000
FILE_OCCURRENCES = 100_000
FILE_MEETINGS = 200_000
FILE_RULE_DAYS = 2_000_000
#: how much of a series' UID a note quotes (Outlook UIDs run to ~110 characters)
QUOTED_UID = 60


@dataclass(frozen=True, slots=True)
class Cut:
    """Occurrences of one series past its cap: ``count`` of them, or more when ``more``.

    Counting the rest stops after as many as were imported, so it costs no more than the
    expansion did.
    """

    count: int = 0
    more: bool = False

    def __str__(self) -> str:
        return f"more than {self.count:,}" if self.more else f"{self.count:,}"


@dataclass
class Budget:
    """What is left of one file's caps, and where a cap stopped the import."""

    occurrences: int = FILE_OCCURRENCES
    meetings: int = FILE_MEETINGS
    #: the note that says where the file's import stopped, without the later-series count
    stopped: str | None = None
    later: int = 0

    @property
    def series_cap(self) -> int:
        return min(SERIES_OCCURRENCES, self.occurrences)

    def stop(self, cap: str, series: str, unimported: Cut) -> None:
        self.stopped = f"{cap} per calendar reached in {series}: {unimported} of its occurrences"

    def notes(self, label: str) -> list[Note]:
        if self.stopped is None:
            return []
        tail = f"{self.later} later series" if self.later != 1 else "1 later series"
        return [Note(label, f"the cap of {self.stopped} and {tail} not imported")]


def series_name(uid: str, line: int) -> str:
    quoted = uid if len(uid) <= QUOTED_UID else uid[: QUOTED_UID - 1] + "…"
    return f"series {quoted!r} (line {line})"


def series_note(label: str, series: str, imported: int, cut: Cut, before: str) -> Note:
    return Note(
        label,
        f"{series}: the first {imported:,} occurrences imported, {cut} later ones before "
        f"{before} not (at most {SERIES_OCCURRENCES:,} per series)",
    )


@dataclass
class RuleBudget:
    """What is left of one file's rule checks, and the series after which they stopped."""

    days: int = FILE_RULE_DAYS
    stopped: str | None = None
    later: int = 0

    @property
    def spent(self) -> bool:
        return self.days <= 0

    def charge(self, days: int, series: str) -> None:
        self.days -= days
        if self.spent and self.stopped is None:
            self.stopped = series

    def notes(self, label: str) -> list[Note]:
        if not self.later:
            return []
        later = f"{self.later} later series" if self.later != 1 else "1 later series"
        return [
            Note(
                label,
                f"the cap of {FILE_RULE_DAYS:,} days examined by rule checks per "
                f"calendar reached in {self.stopped}: {later} with an RRULE not "
                "imported",
            )
        ]
