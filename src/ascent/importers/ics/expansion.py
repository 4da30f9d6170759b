"""One series' occurrences in the window, under a cap, without materialising the rest.

``recurring_ical_events`` asks dateutil for every slot of a rule in a span and returns them
as one list, so a span that holds ten million slots costs ten million objects. Here the
rule's slots are first walked lazily (dateutil's iterators) to find where the cap falls; the
library then expands only up to that slot. What lies past it in the window is counted,
at most as far again as was imported (``caps.Cut``).

Walking the slots uses the series the library built (``Series.recurrence.rrules``: the
RDATEs with DTSTART, then one dateutil rule per RRULE), so slots and occurrences agree.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar, Component

from ascent.importers.ics.caps import Cut
from ascent.importers.ics.series import Series, Window
from ascent.importers.ics.times import utc_instant


@dataclass
class Expansion:
    """The occurrences, made lazily by start; how many; and what the cap left out."""

    events: Iterator[Component]
    count: int
    cut: Cut


def expand(series: Series, window: Window, floating: tzinfo, cap: int) -> Expansion:
    """At most ``cap`` occurrences of ``series`` in ``window``, overrides applied, EXDATEs out."""
    calendar = Calendar()
    for component in series.components:
        calendar.add_component(component)
    query = recurring_ical_events.of(calendar)
    found: list[Any] = []
    cut = Cut()
    for rule_series in query.series:  # one per UID: here, one
        stop, cut = _stop(rule_series, window, floating, cap)
        found += rule_series.between(window.start, stop)
    found.sort(key=lambda o: utc_instant(o.start, floating))
    if len(found) > cap:  # overrides moved into the span, or several rule series
        cut = Cut(cut.count + len(found) - cap, cut.more)
        del found[cap:]
    keep = query.keep_recurrence_attributes
    return Expansion((o.as_component(keep) for o in found), len(found), cut)


def _stop(
    rule_series: Any, window: Window, floating: tzinfo, cap: int
) -> tuple[date | datetime, Cut]:
    """Where expansion stops (the first slot over the cap, else the window's end), and how
    many slots in the window lie from there on, counted up to ``cap``."""
    start, end = (datetime.combine(d, time(0), UTC) for d in (window.start, window.end))
    stop: date | datetime = window.end
    taken = over = 0
    for slot in _slots(rule_series):
        at = utc_instant(slot, floating)
        if at >= end:
            break
        if at < start:
            continue
        if taken < cap:
            taken += 1
            continue
        if over == 0:
            stop = slot
        if over == cap:
            return stop, Cut(over, more=True)
        over += 1
    return stop, Cut(over)


def _slots(rule_series: Any) -> Iterator[date | datetime]:
    """The rule's slots in order, each once (DTSTART is both an RDATE and the first slot)."""
    recurrence = rule_series.recurrence
    if not recurrence.has_core:  # only RECURRENCE-ID overrides: as many as the file holds
        return
    last = None
    for slot in heapq.merge(*recurrence.rrules):
        if slot != last:
            yield slot
        last = slot
