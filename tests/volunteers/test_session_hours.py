"""The sessions a volunteer led suggest their hours: once, never approved by themselves, only
for sessions that took place."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from cohorts.models import Session
from cohorts.scheduling import local_moment
from cohorts.services.attendance import attendance_mark
from cohorts.services.sessions import session_cancel
from tests.cohorts.factories import CoachGroupFactory, SessionFactory, enrol, group_session
from volunteers import services as volunteer_services
from volunteers.models import HourEntry, HourSuggestion, VolunteerProfile
from volunteers.session_hours import led_sessions, session_hours
from volunteers.suggestions import registered_sources, suggestions_collect

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 3)


def _evening(group, day, **fields):
    return group_session(
        group,
        starts_at=local_moment(day, time(19)),
        ends_at=local_moment(day, time(21, 10)),
        **fields,
    )


def test_the_led_sessions_source_is_registered():
    assert led_sessions in registered_sources()


def test_a_led_session_with_attendance_suggests_its_length_to_each_leader_once():
    group = CoachGroupFactory(assistant_coach=CoachGroupFactory().coach)
    member = enrol(group.cohort, group=group)
    held = _evening(group, DAY)
    attendance_mark(session=held, enrolment=member, status="present")
    _evening(group, DAY - timedelta(days=14))  # nothing recorded: maybe it never happened
    cancelled = _evening(group, DAY - timedelta(days=7))
    attendance_mark(session=cancelled, enrolment=member, status="present")
    session_cancel(session=cancelled, notify=False)

    assert suggestions_collect(sources=[led_sessions], today=DAY + timedelta(days=1)) == 2
    assert suggestions_collect(sources=[led_sessions], today=DAY + timedelta(days=1)) == 0

    suggestions = HourSuggestion.objects.select_related("volunteer").order_by("volunteer")
    assert {s.volunteer for s in suggestions} == {group.coach.user, group.assistant_coach.user}
    suggestion = suggestions.first()
    assert (suggestion.date, suggestion.hours, suggestion.activity) == (
        DAY,
        Decimal("2.25"),
        "coach_group",
    )
    assert suggestion.key == f"session:{held.pk}" and suggestion.status == "open"
    assert not HourEntry.objects.exists()

    VolunteerProfile.objects.create(user=suggestion.volunteer, started_on=DAY - timedelta(days=30))
    entry = volunteer_services.suggestion_accept(suggestion=suggestion, by=suggestion.volunteer)
    assert (entry.session, entry.cohort, entry.status) == (held, group.cohort, "submitted")


def test_a_praathuis_evening_with_visitors_suggests_hours_to_its_host():
    host = CoachGroupFactory().coach
    praathuis = SessionFactory(
        kind=Session.Kind.PRAATHUIS,
        title="Praathuis",
        starts_at=local_moment(DAY, time(19, 30)),
        ends_at=local_moment(DAY, time(21, 30)),
        visitors=14,
    )
    praathuis.leader_links.create(person=host, role="host")
    [suggestion] = list(led_sessions(DAY, DAY))
    assert (suggestion.user, suggestion.hours, suggestion.activity) == (
        host.user,
        Decimal("2"),
        "praathuis",
    )


def test_hours_are_rounded_up_to_a_quarter_and_capped_at_twelve():
    start = local_moment(DAY, time(9))
    assert session_hours(
        Session(starts_at=start, ends_at=start + timedelta(minutes=61))
    ) == Decimal("1.25")
    assert session_hours(Session(starts_at=start, ends_at=start + timedelta(hours=14))) == Decimal(
        "12"
    )
