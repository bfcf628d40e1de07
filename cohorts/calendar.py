"""Calendar files (iCalendar, built with the ``icalendar`` library) for feeds and downloads.

Events carry their local time with a VTIMEZONE for Europe/Amsterdam, so a calendar app shows
19:00 on either side of the change to winter time. They name no people: only the session's
title, kind, cohort, group and place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cohorts.models import Session
from cohorts.scheduling import local_zone

PRODID = "-//Maatjesprogramma//Bijeenkomsten//NL"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _description(session: Session) -> str:
    parts = [session.get_kind_display()]
    if session.cohort_id:
        parts.append(str(_("Cohort %(number)s") % {"number": session.cohort.number}))
    if session.group_id:
        parts.append(session.group.name)
    if session.is_cancelled:
        parts.insert(0, _("Cancelled"))
        if session.cancel_reason:
            parts.append(session.cancel_reason)
    return " · ".join(str(part) for part in parts)


def session_event(session: Session, *, stamp=None) -> Event:
    zone = local_zone()
    return Event.new(
        uid=f"session-{session.pk}@{_host()}",
        summary=session.title,
        start=session.starts_at.astimezone(zone),
        end=session.ends_at.astimezone(zone),
        location=session.location or None,
        description=_description(session),
        sequence=session.sequence,
        status="CANCELLED" if session.is_cancelled else "CONFIRMED",
        stamp=stamp or timezone.now(),
    )


def calendar_bytes(sessions: Sequence[Session], *, name: str) -> bytes:
    """An iCalendar file of ``sessions`` with the time zone they are in."""
    calendar = Calendar.new(name=name, prodid=PRODID)
    calendar.add("X-PUBLISHED-TTL", "PT6H")
    now = timezone.now()
    for session in sessions:
        calendar.add_component(session_event(session, stamp=now))
    if sessions:
        calendar.add_missing_timezones(
            first_date=min(s.starts_at for s in sessions).date() - timedelta(days=366),
            last_date=max(s.ends_at for s in sessions).date() + timedelta(days=366),
        )
    return calendar.to_ical()
