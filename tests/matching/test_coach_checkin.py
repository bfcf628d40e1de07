"""A coach notes how the pairs of their own group are doing, from "my group"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Enrolment
from matching.models import CheckIn, Match
from tests.cohorts.factories import CoachGroupFactory, enrol

pytestmark = pytest.mark.django_db


def _pair_in(group, started_days_ago=60) -> Match:
    newcomer = enrol(group.cohort, group=group)
    buddy = enrol(group.cohort, role=Enrolment.Role.BUDDY, group=group)
    start = timezone.localdate() - datetime.timedelta(days=started_days_ago)
    return Match.objects.create(
        newcomer_id=newcomer.person_id,
        buddy_id=buddy.person_id,
        cohort=group.cohort,
        status=Match.Status.ACTIVE,
        proposed_on=start,
        introduced_on=start,
        started_on=start,
    )


@pytest.fixture
def group(db):
    return CoachGroupFactory()


@pytest.fixture
def coach(group) -> Client:
    client = Client()
    client.force_login(group.coach.user)
    return client


def test_my_group_lists_the_pairs_with_a_due_check_in(coach, group):
    match = _pair_in(group, started_days_ago=60)
    html = coach.get(reverse("cohorts:my_group")).content.decode()
    assert 'data-testid="pairs"' in html
    assert "Nog geen contactmoment" in html
    assert reverse("matching:coach_checkin", args=[match.pk]) in html
    assert match.newcomer.person.family_name not in html  # first names only


def test_a_coach_records_a_check_in_on_a_pair_of_their_group(coach, group):
    match = _pair_in(group)
    response = coach.post(
        reverse("matching:coach_checkin", args=[match.pk]),
        {"on": timezone.localdate().isoformat(), "how": "worry", "note": "Weinig contact."},
    )
    assert response["Location"] == reverse("cohorts:my_group")
    checkin = CheckIn.objects.get(match=match)
    assert checkin.how == "worry"
    assert checkin.by == group.coach.user


def test_a_check_in_in_the_future_is_refused_and_nothing_is_written(coach, group):
    match = _pair_in(group)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = coach.post(
        reverse("matching:coach_checkin", args=[match.pk]),
        {"on": tomorrow.isoformat(), "how": "good"},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_pair_in_another_group_is_not_found(coach):
    other = _pair_in(CoachGroupFactory())
    response = coach.get(reverse("matching:coach_checkin", args=[other.pk]))
    assert response.status_code == 404
