"""Calendar feeds: a secret, revocable address per calendar, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from cohorts.models import CalendarFeed, Cohort
from participants.models import Person


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(
    *, owner, person: Person | None = None, cohort: Cohort | None = None
) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for ``owner``: their own sessions (``person``) or a cohort's.
    An earlier address for the same calendar stops working. Returns the feed and its token,
    which is shown once and stored only as a hash."""
    if (person is None) == (cohort is None):
        raise ValueError("A feed is for a person or for a cohort")
    CalendarFeed.objects.filter(
        owner=owner, person=person, cohort=cohort, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        owner=owner, person=person, cohort=cohort, token_hash=token_hash(token)
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by=None) -> None:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_read(*, feed: CalendarFeed) -> None:
    """Note that a calendar app read ``feed`` (shown to its owner as "last read")."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
