"""E-mail: the reminder the day before (once, with an opt-out), and the notice when a session
moves or is cancelled (sent after commit, to the leaders and participants concerned)."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from cohorts.models import ReminderOptOut, Session
from cohorts.scheduling import local_moment
from cohorts.services.notifications import reminders_send
from cohorts.services.sessions import session_cancel, session_update
from tests.cohorts.factories import CoachGroupFactory, SessionFactory, enrol, group_session
from vvsite.models import Job

pytestmark = pytest.mark.django_db
TUESDAY = date(2026, 10, 27)


@pytest.fixture
def evening():
    group = CoachGroupFactory()
    for _ in range(2):
        enrol(group.cohort, group=group)
    enrol(group.cohort)  # in the cohort, not in this group
    return group_session(
        group,
        starts_at=local_moment(TUESDAY, time(19)),
        ends_at=local_moment(TUESDAY, time(21)),
        location="Buurthuis De Kolk",
    )


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _concerned(session) -> list[str]:
    members = session.group.members.select_related("person")
    people = [session.group.coach] + [e.person for e in members]
    return sorted(person.email for person in people)


def test_the_day_before_everyone_concerned_gets_one_reminder(evening):
    assert reminders_send(today=TUESDAY - timedelta(days=2)) == 0
    assert reminders_send(today=TUESDAY - timedelta(days=1)) == 3
    assert reminders_send(today=TUESDAY - timedelta(days=1)) == 0  # safe to run twice

    assert _recipients() == _concerned(evening)
    message = mail.outbox[0]
    assert "Morgen: Coachgroepavond" in message.subject
    assert "19:00" in message.body and "Buurthuis De Kolk" in message.body
    assert "/herinneringen/uit/" in message.body


def test_a_cancelled_session_sends_no_reminder(evening):
    session_cancel(session=evening, notify=False)
    assert reminders_send(today=TUESDAY - timedelta(days=1)) == 0


def test_the_link_in_the_reminder_stops_them_without_a_login(evening, client):
    member = evening.group.members.first()
    reminders_send(today=TUESDAY - timedelta(days=1))
    body = next(m.body for m in mail.outbox if m.to == [member.person.email])
    link = next(line for line in body.splitlines() if "/herinneringen/uit/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    assert client.get("/" + path).status_code == 200
    assert not ReminderOptOut.objects.exists()  # a GET (a mail scanner) changes nothing
    client.post("/" + path)
    assert ReminderOptOut.objects.filter(person=member.person).exists()
    assert client.get("/herinneringen/uit/forged/").status_code == 404

    mail.outbox.clear()
    next_week = SessionFactory(
        cohort=evening.cohort,
        group=evening.group,
        starts_at=local_moment(TUESDAY + timedelta(days=7), time(19)),
    )
    reminders_send(today=TUESDAY + timedelta(days=6))
    assert next_week.pk and member.person.email not in _recipients()


def test_a_volunteer_switches_reminders_off_and_on(evening):
    coach = evening.group.coach
    client = Client()
    client.force_login(coach.user)
    client.post(reverse("cohorts:my_reminders"), {})
    assert ReminderOptOut.objects.filter(person=coach).exists()
    client.post(reverse("cohorts:my_reminders"), {"reminders": "on"})
    assert not ReminderOptOut.objects.exists()


@time_machine.travel("2026-10-20 12:00 +0200", tick=False)
def test_moving_a_session_tells_the_people_concerned_after_commit(
    evening, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_update(
            session=evening,
            fields={
                "starts_at": evening.starts_at + timedelta(days=1),
                "ends_at": evening.ends_at + timedelta(days=1),
            },
        )
        assert not mail.outbox  # nothing leaves before the change is committed
    assert len(callbacks) == 1
    assert _recipients() == _concerned(evening)
    message = mail.outbox[0]
    assert message.subject == "Gewijzigd: Coachgroepavond"
    assert "woensdag 28 oktober 2026, 19:00" in message.body
    assert "dinsdag 27 oktober 2026, 19:00" in message.body
    evening.refresh_from_db()
    assert evening.sequence == 1
    assert Job.objects.get().status == Job.Status.DONE


@time_machine.travel("2026-10-20 12:00 +0200", tick=False)
def test_cancelling_tells_them_with_the_reason(evening, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=evening, reason="De coach is ziek")
    assert _recipients() == _concerned(evening)
    assert "Afgelast: Coachgroepavond" in mail.outbox[0].subject
    assert "De coach is ziek" in mail.outbox[0].body
    assert Session.objects.get().status == "cancelled"


@time_machine.travel("2026-10-20 12:00 +0200", tick=False)
def test_a_change_of_notes_only_sends_nothing(evening, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=evening, fields={"notes": "Neem een pen mee"})
    assert not mail.outbox
