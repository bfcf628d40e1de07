"""Suggested hours from elsewhere, e.g. attendance at a session a volunteer led.

A *source* is a callable ``source(since: date, until: date) -> Iterable[Suggestion]``. Apps that
know when volunteers worked register one with ``register_source`` (in their ``AppConfig.ready``);
``suggestions_collect`` asks every source and stores what is new. Suggestions are shown to the
volunteer, who accepts them as their own submitted entry: never approved automatically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from volunteers import services
from volunteers.selectors import local_today


@dataclass(frozen=True)
class Suggestion:
    user: object
    date: date
    hours: Decimal
    activity: str
    note: str
    #: Identifies the source record (e.g. "session:123"), so it is suggested once per volunteer.
    key: str


Source = Callable[[date, date], Iterable[Suggestion]]

_sources: list[Source] = []


def register_source(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def registered_sources() -> list[Source]:
    return list(_sources)


def suggestions_collect(
    *, sources: Iterable[Source] | None = None, today: date | None = None, days: int = 14
) -> int:
    """Ask each source for the last ``days`` days and store new suggestions. Returns how many."""
    until = today or local_today()
    since = until - timedelta(days=days)
    found: list[Suggestion] = []
    for source in registered_sources() if sources is None else sources:
        found.extend(s for s in source(since, until) if s.date <= until)
    return services.suggestions_store(suggestions=found)
