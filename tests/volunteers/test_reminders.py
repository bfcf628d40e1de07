"""The monthly reminder to volunteers who logged nothing last month."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail

from tests.volunteers.factories import HourEntryFactory, VolunteerFactory, VolunteerProfileFactory
from volunteers.models import ReminderSent
from volunteers.services import reminders_send
from volunteers.tasks import hours_send_reminders
from vvsite.models import Role

pytestmark = pytest.mark.django_db
TODAY = date(2025, 4, 3)


def test_only_volunteers_without_hours_last_month_who_want_it_get_a_reminder(user_with_role):
    silent = VolunteerFactory(email="stil@example.org")
    coach = VolunteerFactory(email="coach@example.org", roles=[Role.COACH])
    active = VolunteerFactory()
    HourEntryFactory(volunteer=active, date=date(2025, 3, 31))
    VolunteerProfileFactory(user=VolunteerFactory(), reminders_opt_out=True)
    VolunteerFactory(is_active=False)
    user_with_role(Role.COORDINATOR)
    HourEntryFactory(volunteer=VolunteerFactory(email="april@example.org"), date=date(2025, 4, 1))

    assert reminders_send(today=TODAY) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [silent.email, coach.email, "april@example.org"]
    )
    message = next(m for m in mail.outbox if m.to == [silent.email])
    assert message.subject == "Je vrijwilligersuren over maart 2025"
    assert settings.SITE_URL + "/uren/" in message.body


def test_a_second_run_sends_nothing():
    VolunteerFactory()
    assert reminders_send(today=TODAY) == 1
    assert reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().month == date(2025, 3, 1)


def test_the_reminder_speaks_the_volunteers_language():
    VolunteerFactory(language="en")
    reminders_send(today=TODAY)
    assert mail.outbox[0].subject == "Your volunteer hours for March 2025"


def test_the_beat_task_runs_the_reminder(settings):
    assert (
        settings.CELERY_BEAT_SCHEDULE["hours-monthly-reminder"]["task"] == hours_send_reminders.name
    )
    VolunteerFactory()
    assert hours_send_reminders.apply().get() == 1
