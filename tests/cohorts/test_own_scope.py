"""A coach sees only their own group and records attendance only for the sessions they lead; a
volunteer sees only their own sessions. Someone else's id is a 404."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, Enrolment, Session
from participants.models import Consent
from tests.cohorts.factories import (
    CoachGroupFactory,
    CohortFactory,
    SessionFactory,
    enrol,
    group_session,
    leader,
)
from tests.factories import UserFactory
from tests.participants.factories import ConsentFactory
from vvsite.models import Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_groups():
    cohort = CohortFactory()
    mine = CoachGroupFactory(cohort=cohort, name="Groep Zon")
    theirs = CoachGroupFactory(cohort=cohort, name="Groep Maan")
    return mine, theirs


def test_a_coach_sees_their_own_group_only(two_groups):
    mine, theirs = two_groups
    ours = enrol(mine.cohort, group=mine)
    other = enrol(theirs.cohort, group=theirs)
    page = _client(mine.coach.user).get(reverse("cohorts:my_group")).content.decode()
    assert "Groep Zon" in page and "Groep Maan" not in page
    assert ours.person.given_names in page
    assert other.person.given_names not in page
    assert ours.person.family_name not in page  # first names only


def test_a_member_phone_number_is_shown_only_with_their_consent(two_groups):
    mine, _theirs = two_groups
    sharing = enrol(mine.cohort, group=mine)
    private = enrol(mine.cohort, group=mine)
    for enrolment, phone in ((sharing, "+31612345678"), (private, "+31687654321")):
        enrolment.person.phone = phone
        enrolment.person.save()
    ConsentFactory(person=sharing.person, kind=Consent.Kind.SHARE_WITH_BUDDY)
    withdrawn = ConsentFactory(person=private.person, kind=Consent.Kind.SHARE_WITH_BUDDY)
    withdrawn.withdrawn_on = timezone.localdate()
    withdrawn.save()

    page = _client(mine.coach.user).get(reverse("cohorts:my_group")).content.decode()

    assert "06 12345678" in page
    assert "87654321" not in page


def test_a_coach_records_attendance_for_their_own_sessions_and_gets_404_for_others(two_groups):
    mine, theirs = two_groups
    ours, other = enrol(mine.cohort, group=mine), enrol(theirs.cohort, group=theirs)
    my_session, their_session = group_session(mine), group_session(theirs)
    coach = _client(mine.coach.user)

    assert coach.get(reverse("cohorts:attendance", args=[my_session.pk])).status_code == 200
    response = coach.post(
        reverse("cohorts:attendance_mark", args=[my_session.pk, ours.pk]), {"status": "present"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().status == "present"

    attempts = [
        ("get", reverse("cohorts:attendance", args=[their_session.pk]), {}),
        ("post", reverse("cohorts:attendance_mark", args=[their_session.pk, other.pk]), {}),
        ("post", reverse("cohorts:attendance_mark", args=[my_session.pk, other.pk]), {}),
        ("post", reverse("cohorts:attendance_rest", args=[their_session.pk]), {}),
        ("get", reverse("cohorts:my_session_detail", args=[their_session.pk]), {}),
    ]
    for method, url, data in attempts:
        assert getattr(coach, method)(url, {"status": "present", **data}).status_code == 404, url
    assert Attendance.objects.count() == 1


def test_the_attendance_tap_answers_htmx_with_the_sheet_only(two_groups):
    mine, _theirs = two_groups
    member = enrol(mine.cohort, group=mine)
    session = group_session(mine)
    response = _client(mine.coach.user).post(
        reverse("cohorts:attendance_mark", args=[session.pk, member.pk]),
        {"status": "excused"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="attendance-sheet"' in html and "<html" not in html
    pressed = f'id="mark-{member.pk}-excused" class="btn btn-lg attendance-excused active"'
    assert pressed in html
    assert "Afgemeld: 1" in html  # the counts follow the tap


def test_a_volunteer_sees_their_own_sessions_only():
    cohort = CohortFactory()
    group, other_group = CoachGroupFactory(cohort=cohort), CoachGroupFactory(cohort=cohort)
    user = UserFactory(roles=[Role.VOLUNTEER])
    buddy = enrol(cohort, role=Enrolment.Role.BUDDY, group=group)
    buddy.person.user = user
    buddy.person.save()
    soon = timezone.now() + timedelta(days=3)
    own_evening = group_session(group, starts_at=soon, title="Onze avond")
    other_evening = group_session(other_group, starts_at=soon, title="Hun avond")
    kick_off = SessionFactory(cohort=cohort, kind="meeting_day", title="Kick-off", starts_at=soon)
    culture = SessionFactory(
        cohort=cohort, kind="culture_training", title="Cultuurtraining", audience="newcomers"
    )
    praathuis = SessionFactory(kind="praathuis", title="Praathuis", starts_at=soon)
    volunteer = _client(user)

    page = volunteer.get(reverse("cohorts:my_sessions")).content.decode()

    assert "Onze avond" in page and "Kick-off" in page
    assert "Hun avond" not in page and "Cultuurtraining" not in page and "Praathuis" not in page
    for session, status in ((own_evening, 200), (kick_off, 200), (other_evening, 404)):
        url = reverse("cohorts:my_session_detail", args=[session.pk])
        assert volunteer.get(url).status_code == status
    for session in (culture, praathuis, own_evening):
        url = reverse("cohorts:attendance", args=[session.pk])
        assert volunteer.get(url).status_code == 404  # a participant does not record


def test_a_volunteer_who_hosts_the_praathuis_counts_its_visitors():
    host = leader(roles=[Role.VOLUNTEER])
    praathuis = SessionFactory(kind=Session.Kind.PRAATHUIS, title="Praathuis")
    praathuis.leader_links.create(person=host, role="host")
    client = _client(host.user)
    client.post(reverse("cohorts:visitors", args=[praathuis.pk]), {"add": "1"})
    client.post(reverse("cohorts:visitors", args=[praathuis.pk]), {"add": "1"})
    praathuis.refresh_from_db()
    assert praathuis.visitors == 2
    other = SessionFactory(kind=Session.Kind.PRAATHUIS)
    assert client.post(reverse("cohorts:visitors", args=[other.pk])).status_code == 404


def test_a_login_without_a_person_sees_nothing_of_anyone():
    SessionFactory(kind="praathuis", title="Praathuis", starts_at=timezone.now())
    client = _client(UserFactory(roles=[Role.COACH]))
    assert "Praathuis" not in client.get(reverse("cohorts:my_sessions")).content.decode()
    assert "Groep" not in client.get(reverse("cohorts:my_group")).content.decode()
