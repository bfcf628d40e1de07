"""Calendar feeds: a secret, revocable address per person (their own sessions, nobody else's
name) and per cohort for coordinators; the file parses back with icalendar and keeps local
times across the switch to winter time."""

import hashlib
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from cohorts.models import CalendarFeed, Enrolment, Session
from cohorts.scheduling import local_moment
from cohorts.services.feeds import calendar_feed_create
from cohorts.services.sessions import session_cancel
from tests.cohorts.factories import CoachGroupFactory, CohortFactory, SessionFactory, enrol
from tests.cohorts.factories import group_session as make_group_session
from tests.factories import UserFactory
from vvsite.models import Role, UserRole

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _feed(client: Client, token: str) -> Calendar:
    response = client.get(reverse("cohorts:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


@pytest.fixture
def coach_group():
    group = CoachGroupFactory(cohort=CohortFactory(number=13))
    group.coach.given_names, group.coach.family_name = "Sander", "Veenstra"
    group.coach.save()
    return group


def _evening(group, day, **fields):
    return make_group_session(
        group,
        starts_at=local_moment(day, time(19)),
        ends_at=local_moment(day, time(21)),
        **fields,
    )


def test_a_coachs_feed_parses_back_and_the_week_after_winter_time_stays_at_seven(
    coach_group, client
):
    # Summer time ends on Sunday 25 October 2026.
    before = _evening(coach_group, datetime(2026, 10, 20).date(), location="Buurthuis De Kolk")
    after = _evening(coach_group, datetime(2026, 10, 27).date(), location="Buurthuis De Kolk")
    _feed_row, token = calendar_feed_create(owner=coach_group.coach.user, person=coach_group.coach)

    calendar = _feed(client, token)

    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"session-{before.pk}@127.0.0.1", f"session-{after.pk}@127.0.0.1"}
    winter = events[f"session-{after.pk}@127.0.0.1"]
    start = winter.start
    assert start.tzinfo is not None and str(winter["DTSTART"].params["TZID"]) == "Europe/Amsterdam"
    assert (start.astimezone(AMSTERDAM).hour, start.astimezone(ZoneInfo("UTC")).hour) == (19, 18)
    summer = events[f"session-{before.pk}@127.0.0.1"].start
    assert (summer.astimezone(AMSTERDAM).hour, summer.astimezone(ZoneInfo("UTC")).hour) == (19, 17)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Amsterdam"]
    assert str(winter["LOCATION"]) == "Buurthuis De Kolk"


def test_a_participants_feed_names_nobody(coach_group, client):
    member = enrol(coach_group.cohort, role=Enrolment.Role.BUDDY, group=coach_group)
    user = UserFactory(roles=[Role.VOLUNTEER])
    member.person.user = user
    member.person.save()
    other = enrol(coach_group.cohort, group=coach_group)
    make_group_session(coach_group, title="Coachgroepavond")
    _row, token = calendar_feed_create(owner=user, person=member.person)

    text = client.get(reverse("cohorts:feed", args=[token])).content.decode()

    assert "Coachgroepavond" in text
    for name in ("Sander", "Veenstra", other.person.given_names, other.person.family_name):
        assert name not in text
    assert member.person.family_name not in text


def test_the_token_is_stored_only_as_a_hash_and_a_revoked_or_unknown_token_is_a_404(
    coach_group, client
):
    feed, token = calendar_feed_create(owner=coach_group.coach.user, person=coach_group.coach)
    assert len(token) >= 40
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not CalendarFeed.objects.filter(token_hash=token).exists()

    _new, new_token = calendar_feed_create(
        owner=coach_group.coach.user, person=coach_group.coach
    )  # a new address ends the old one
    assert client.get(reverse("cohorts:feed", args=[token])).status_code == 404
    assert client.get(reverse("cohorts:feed", args=[new_token])).status_code == 200
    assert client.get(reverse("cohorts:feed", args=[new_token[:-1] + "x"])).status_code == 404

    coach = Client()
    coach.force_login(coach_group.coach.user)
    active = CalendarFeed.objects.get(revoked_at__isnull=True)
    coach.post(reverse("cohorts:feed_revoke", args=[active.pk]))
    assert client.get(reverse("cohorts:feed", args=[new_token])).status_code == 404


def test_a_feed_stops_when_its_owner_loses_the_role(coach_group, client):
    _row, token = calendar_feed_create(owner=coach_group.coach.user, person=coach_group.coach)
    UserRole.objects.filter(user=coach_group.coach.user).delete()
    assert client.get(reverse("cohorts:feed", args=[token])).status_code == 404


def test_someone_else_cannot_revoke_my_address(coach_group):
    feed, _token = calendar_feed_create(owner=coach_group.coach.user, person=coach_group.coach)
    stranger = Client()
    stranger.force_login(UserFactory(roles=[Role.COACH]))
    assert stranger.post(reverse("cohorts:feed_revoke", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.is_active


def test_a_coordinator_subscribes_to_a_whole_cohort_and_sees_cancellations(
    coach_group, coordinator_client, client
):
    evening = make_group_session(coach_group)
    kick_off = SessionFactory(cohort=coach_group.cohort, kind="meeting_day", title="Kick-off")
    SessionFactory(kind="praathuis", title="Praathuis")  # not this cohort's
    session_cancel(session=kick_off, reason="Zaal niet beschikbaar", notify=False)

    response = coordinator_client.post(reverse("cohorts:cohort_feed", args=[coach_group.cohort.pk]))
    url = response.context["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    calendar = _feed(client, token)

    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {evening.title, "Kick-off"}
    assert str(events["Kick-off"]["STATUS"]) == "CANCELLED"
    assert int(events["Kick-off"]["SEQUENCE"]) == 1
    assert str(calendar["X-WR-CALNAME"]) == "Lichting 13"


def test_one_session_downloads_as_a_calendar_file(coach_group):
    session = make_group_session(coach_group)
    coach = Client()
    coach.force_login(coach_group.coach.user)
    response = coach.get(reverse("cohorts:my_session_ics", args=[session.pk]))
    assert "attachment" in response["Content-Disposition"]
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert Session.objects.count() == 1
