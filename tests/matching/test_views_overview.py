"""The matching overview, the lists, the weights, the coordinator's home and the person page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchWeights
from matching.selectors import current_weights, match_counts_for_cohort
from tests.cohorts.factories import CohortFactory
from tests.matching.factories import (
    MatchFactory,
    available_buddy,
    enrol,
    matchable_newcomer,
)

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.localdate() - datetime.timedelta(weeks=20)


def _matches(count: int, cohort=None):
    for i in range(count):
        MatchFactory(
            cohort=cohort, proposed_on=LONG_AGO, **({"active": True} if i % 2 else {"ended": True})
        )


def test_the_overview_shows_the_matches_ever_made(coordinator_client):
    _matches(5)
    page = coordinator_client.get(reverse("matching:overview")).content.decode()
    assert 'data-testid="matches-ever">5<' in page


def test_the_overview_runs_as_many_queries_for_many_matches_and_cohorts_as_for_few(
    coordinator_client, django_assert_max_num_queries
):
    cohort = CohortFactory(status="running")
    _matches(2, cohort)
    url = reverse("matching:overview")
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    budget = len(few)
    for _ in range(5):
        _matches(6, CohortFactory(status="recruiting"))
    with django_assert_max_num_queries(budget):
        response = coordinator_client.get(url)
    assert response.content.decode().count("/koppelen/lichting/") == 6


@pytest.mark.parametrize("name", ["match_list", "newcomer_list"])
def test_the_lists_run_as_many_queries_for_many_rows_as_for_few(
    name, coordinator_client, django_assert_max_num_queries
):
    url = reverse(f"matching:{name}")
    _matches(2)
    matchable_newcomer()
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(url)
    budget = len(few)
    _matches(30)
    for _ in range(30):
        matchable_newcomer()
    with django_assert_max_num_queries(budget):
        assert coordinator_client.get(url).status_code == 200


def test_the_match_list_filters_loose_matches_and_overdue_check_ins(coordinator_client):
    cohort = CohortFactory()
    in_cohort = MatchFactory(cohort=cohort, active=True, proposed_on=LONG_AGO)
    loose = MatchFactory(proposed_on=timezone.localdate())
    url = reverse("matching:match_list")

    def listed(query):
        page = coordinator_client.get(url + query).content.decode()
        return {m.pk for m in (in_cohort, loose) if f"/koppelingen/{m.pk}/" in page}

    assert listed("?kind=loose") == {loose.pk}
    assert listed("?kind=cohort") == {in_cohort.pk}
    assert listed("?attention=on") == {in_cohort.pk}
    assert listed(f"?q={loose.newcomer.person.given_names}") == {loose.pk}


def test_newcomers_without_a_buddy_are_those_who_can_be_matched_now(coordinator_client):
    waiting = matchable_newcomer()
    matched = MatchFactory().newcomer
    no_consent = matchable_newcomer()
    no_consent.person.consents.all().delete()
    page = coordinator_client.get(reverse("matching:newcomer_list")).content.decode()
    assert reverse("matching:suggestions", args=[waiting.pk]) in page
    assert reverse("matching:suggestions", args=[matched.pk]) not in page
    assert reverse("matching:suggestions", args=[no_consent.pk]) not in page


def test_coordinators_tune_the_weights_and_every_score_uses_them(coordinator_client, coordinator):
    url = reverse("matching:weights")
    assert coordinator_client.get(url).status_code == 200
    data = dict.fromkeys(MatchWeights.WEIGHT_FIELDS, 10)
    data.update(interests=100, max_distance_km=8, max_age_difference=20)
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    row = current_weights()
    assert row.interests == 100 and row.max_distance_km == 8 and row.updated_by == coordinator
    assert row.as_weights().interests == 100
    data["interests"] = 101
    response = coordinator_client.post(url, data)
    assert response.status_code == 200  # refused: at most 100
    assert current_weights().interests == 100


def test_the_coordinator_home_shows_matches_ever_and_pairs_needing_a_check_in(
    coordinator_client,
):
    _matches(3)
    page = coordinator_client.get(reverse("home")).content.decode()
    assert 'data-testid="matching-counts"' in page
    assert "koppelingen gemaakt sinds het begin" in page


def test_the_person_page_shows_the_persons_matches(coordinator_client):
    match = MatchFactory(active=True)
    for url in (
        reverse("participants:newcomer_detail", args=[match.newcomer_id]),
        reverse("participants:buddy_detail", args=[match.buddy_id]),
    ):
        page = coordinator_client.get(url).content.decode()
        assert 'data-testid="person-matches"' in page
        assert reverse("matching:match_detail", args=[match.pk]) in page


def test_match_counts_for_a_cohort_count_enrolled_people_and_matches_by_status():
    cohort = CohortFactory()
    newcomers = [matchable_newcomer() for _ in range(3)]
    buddy = available_buddy()
    enrol(cohort, *newcomers, buddy)
    MatchFactory(cohort=cohort, newcomer=newcomers[0], buddy=buddy, active=True)
    counts = match_counts_for_cohort(cohort)
    assert (counts.newcomers, counts.buddies, counts.active, counts.open) == (3, 1, 1, 1)
    assert counts.newcomers_without_match == 2


def test_a_buddy_sees_their_match_and_contact_details_only_with_consent(client):
    from participants.models import Consent
    from tests.factories import UserFactory
    from tests.participants.factories import ConsentFactory
    from vvsite.models import Role

    user = UserFactory(roles=[Role.VOLUNTEER])
    buddy = available_buddy(person__user=user)
    match = MatchFactory(buddy=buddy, active=True)
    newcomer = match.newcomer.person
    newcomer.phone = "+31612345678"
    newcomer.save()
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "matching/home_volunteer.html" %}')

    def render():
        return template.render(Context({"request": request}))

    page = render()
    assert newcomer.display_name in page
    assert "06 12345678" not in page and "via de coördinator" in page
    ConsentFactory(person=newcomer, kind=Consent.Kind.SHARE_WITH_BUDDY)
    assert "06 12345678" in render()
