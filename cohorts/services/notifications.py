"""E-mail to the people concerned: reminders the day before, and moved or cancelled sessions."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cohorts import scheduling, selectors
from cohorts.models import ReminderOptOut, ReminderSent, Session
from participants.models import Person

logger = logging.getLogger(__name__)


OPT_OUT_SALT = "cohorts.reminders.opt-out"


def opt_out_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=OPT_OUT_SALT, compress=True)


def person_for_opt_out_token(token: str) -> Person | None:
    try:
        pk = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return Person.objects.filter(pk=pk).first()


@transaction.atomic
def reminders_set(*, person: Person, wanted: bool) -> None:
    """Switch the day-before reminders on or off for ``person``."""
    if wanted:
        ReminderOptOut.objects.filter(person=person).delete()
    else:
        ReminderOptOut.objects.get_or_create(person=person)


def _language_of(person: Person) -> str:
    user = person.user if person.user_id else None
    return user.language if user is not None else settings.LANGUAGE_CODE


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _mail(person: Person, template: str, context: dict) -> None:
    with translation.override(_language_of(person)):
        context = {
            **context,
            "person": person,
            "first_name": selectors.first_names([person])[person.pk],
            "site_url": _site(),
        }
        subject = render_to_string(f"cohorts/email/{template}_subject.txt", context)
        body = render_to_string(f"cohorts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [person.email])


def reminders_send(*, today: date | None = None) -> int:
    """E-mail everyone concerned by tomorrow's sessions, once, unless they opted out. Safe to
    run twice. Returns how many e-mails went out."""
    today = today or timezone.localdate()
    start = scheduling.local_moment(today + timedelta(days=1), time())
    sessions = Session.objects.filter(
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
        status=Session.Status.PLANNED,
    ).select_related("cohort", "group")
    sent = 0
    for session in sessions:
        already = set(ReminderSent.objects.filter(session=session).values_list("person", flat=True))
        opted_out = set(ReminderOptOut.objects.values_list("person", flat=True))
        for person in selectors.people_concerned(session):
            if not person.email or person.pk in already or person.pk in opted_out:
                continue
            with transaction.atomic():
                _row, created = ReminderSent.objects.get_or_create(session=session, person=person)
                if not created:
                    continue
                # Inside the transaction: if mailing fails the row goes too, and the next run
                # tries again.
                _mail(
                    person,
                    "reminder",
                    {
                        "session": session,
                        "opt_out_url": _site()
                        + reverse("cohorts:reminders_opt_out", args=[opt_out_token(person)]),
                    },
                )
            sent += 1
    logger.info("Session reminders for %s sent: %s", today + timedelta(days=1), sent)
    return sent


def session_change_notify(
    *, session: Session, change: str, previous_start: datetime | None, previous_location: str
) -> int:
    """Tell the people concerned that a session moved or was cancelled. Returns how many."""
    count = 0
    for person in selectors.people_concerned(session):
        if not person.email:
            continue
        _mail(
            person,
            "session_cancelled" if change == "cancelled" else "session_moved",
            {
                "session": session,
                "previous_start": previous_start,
                "previous_location": previous_location,
            },
        )
        count += 1
    return count
