"""Suggested hours for the volunteers who led a session: a source for ``volunteers.suggestions``.

A session that took place (attendance or a head count was recorded, and it was not cancelled)
suggests its length, in quarters of an hour, to each leader with a login. The volunteer accepts
or dismisses it; it is never approved by itself. It lives here, not in cohorts: volunteers build
on cohorts (hours are logged for a cohort or session), so they read its attendance.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, time, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from cohorts.models import Attendance, Session, SessionLeader
from cohorts.scheduling import local_moment
from volunteers.suggestions import Suggestion

#: The volunteers' activity a kind of session counts as.
ACTIVITY = {
    Session.Kind.COACH_GROUP: "coach_group",
    Session.Kind.TRAINING: "training",
    Session.Kind.CULTURE_TRAINING: "training",
    Session.Kind.PRAATHUIS: "praathuis",
    Session.Kind.MEETING_DAY: "event",
    Session.Kind.PARTY: "event",
    Session.Kind.CLOSING: "event",
    Session.Kind.REUNION: "event",
    Session.Kind.OTHER: "other",
}
MAX_HOURS = Decimal("12")


def session_hours(session: Session) -> Decimal:
    """The session's length, rounded up to a quarter of an hour, at most 12."""
    quarters = math.ceil((session.ends_at - session.starts_at).total_seconds() / 900)
    return min(MAX_HOURS, Decimal(max(1, quarters)) / 4)


def led_sessions(since: date, until: date) -> Iterator:
    recorded = Attendance.objects.filter(session=OuterRef("session"))
    links = (
        SessionLeader.objects.filter(
            session__starts_at__gte=local_moment(since, time()),
            session__starts_at__lt=local_moment(until + timedelta(days=1), time()),
            session__status=Session.Status.PLANNED,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .filter(Q(Exists(recorded)) | Q(session__visitors__gt=0))
        .select_related("session", "person__user")
        .order_by("session__starts_at", "pk")
    )
    for link in links:
        session = link.session
        yield Suggestion(
            user=link.person.user,
            date=session.starts_at.astimezone(local_moment(since, time()).tzinfo).date(),
            hours=session_hours(session),
            activity=ACTIVITY.get(session.kind, "other"),
            note=session.title,
            key=f"session:{session.pk}",
        )
