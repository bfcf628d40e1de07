"""The person page runs a constant number of queries, however long the person's history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants import services
from tests.participants.factories import BuddyFactory, ConsentFactory, NewcomerFactory

SCORES = dict.fromkeys(
    ("body", "mind", "meaning", "quality_of_life", "participation", "daily_functioning"), 5
)


def _add_history(newcomer, coordinator, rounds: int) -> None:
    for round_ in range(rounds):
        services.health_assessment_add(
            person=newcomer.person, fields={"moment": "interim", **SCORES}, by=coordinator
        )
        services.evaluation_add(
            person=newcomer.person, fields={"dutch_improved": 4}, by=coordinator
        )
        services.person_save(
            person=newcomer.person, fields={"notes": f"Gesprek {round_}"}, by=coordinator
        )
        services.newcomer_transition(
            newcomer=newcomer,
            to="placed" if newcomer.status == "waiting" else "waiting",
            by=coordinator,
        )


def test_the_person_page_runs_as_many_queries_for_a_long_history_as_for_a_short_one(
    coordinator_client, coordinator, django_assert_max_num_queries
):
    newcomer = NewcomerFactory(status="waiting")
    BuddyFactory(person=newcomer.person)
    ConsentFactory(person=newcomer.person)
    url = reverse("participants:newcomer_detail", args=[newcomer.pk])
    _add_history(newcomer, coordinator, 1)
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as short:
        coordinator_client.get(url)

    _add_history(newcomer, coordinator, 30)
    with django_assert_max_num_queries(len(short)):
        response = coordinator_client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('data-kind="status"') > 30
