"""Messages of a hidden ``LinkedIn Member``, kept when the owner wrote in their thread.

A closed or hidden account's messages arrive as ``LinkedIn Member`` with no profile URL, the
same as sponsored mail. In a conversation the owner wrote in they are a real person's
replies: they become ``message_in`` for the thread's other participant (when the owner's
rows name exactly one), else for an unknown counterpart.

Memory stays bounded on a 1M-row messages.csv: per conversation the owner wrote in, only its
id and counterpart are remembered; a hidden row seen before any owner row of its thread
waits, at most ``MAX_PENDING`` rows in all (rows are grouped by conversation, so a handful
wait at a time). Past that cap a hidden row is skipped as if its thread were unanswered, and
counted so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ascent.domain.records import ActivityRecord, ContactRef

#: hidden-member rows that may wait for their thread's owner row
MAX_PENDING = 10_000


class HiddenMembers:
    """What one messages.csv has shown so far about its threads and hidden senders."""

    def __init__(self) -> None:
        self._wrote: dict[str, ContactRef | None] = {}
        self._pending: dict[str, list[ActivityRecord]] = {}
        self._held = 0
        self.dropped = 0

    def owner_wrote(
        self, conversation: str, counterpart: ContactRef | None
    ) -> Iterator[ActivityRecord]:
        """Note the owner's row; release the hidden rows of that thread that were waiting."""
        known = self._wrote.setdefault(conversation, counterpart)
        waiting = self._pending.pop(conversation, [])
        self._held -= len(waiting)
        for record in waiting:
            yield replace(record, contact=known)

    def hidden(self, conversation: str, record: ActivityRecord) -> Iterator[ActivityRecord]:
        """A hidden sender's row: kept now if the owner wrote in its thread, else it waits."""
        if conversation in self._wrote:
            yield replace(record, contact=self._wrote[conversation])
        elif self._held < MAX_PENDING:
            self._pending.setdefault(conversation, []).append(record)
            self._held += 1
        else:
            self.dropped += 1

    def unanswered(self) -> int:
        """At the end of the file: how many hidden rows never saw the owner in their thread."""
        return self.dropped + self._held
