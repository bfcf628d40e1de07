"""The list pages run a constant number of queries, for 10 people as for 1,000."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import (
    Buddy,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
)
from participants.services import person_prepare
from tests.factories import looked_up


def _add_people(count: int, *, start: int) -> None:
    assen = looked_up(Municipality, name="Assen")
    hood = Neighbourhood.objects.filter(municipality=assen).first()
    Organisation.objects.bulk_create(
        [Organisation(name=f"Verwijzer {i}", is_referrer=True) for i in range(3)],
        ignore_conflicts=True,
    )
    referrers = list(Organisation.objects.filter(name__startswith="Verwijzer ").order_by("name"))
    people = []
    for index in range(start, start + count):
        person = Person(
            given_names=f"Naam{index}",
            family_name="Haddad" if index % 2 else "Tesfaye",
            native_name="حداد" if index % 2 else "ተስፋየ",
            birth_date=date(1980, 1, 1) + timedelta(days=index),
            municipality=assen,
            neighbourhood=hood,
            email=f"p{index}@example.org",
        )
        people.append(person_prepare(person))
    Person.objects.bulk_create(people)
    people = Person.objects.filter(email__in=[p.email for p in people])
    Newcomer.objects.bulk_create(
        Newcomer(
            person=person,
            status="waiting",
            country_of_origin="SY",
            referrer=referrers[i % 3],
            target_group="longer",
        )
        for i, person in enumerate(people)
    )
    Buddy.objects.bulk_create(Buddy(person=person, status="available") for person in people)
    Newcomer.history.bulk_history_create(list(Newcomer.objects.all()))


PAGES = [
    ("participants:newcomer_list", {}),
    ("participants:newcomer_list", {"q": "haddad", "status": "waiting", "sort": "name"}),
    ("participants:buddy_list", {}),
    ("participants:buddy_list", {"vog": "false", "sort": "-registered_on"}),
    ("participants:waiting_list", {}),
    ("participants:organisation_list", {}),
]


@pytest.mark.parametrize(("url_name", "params"), PAGES, ids=[f"{p[0]}{p[1]}" for p in PAGES])
def test_list_pages_run_as_many_queries_for_1000_people_as_for_10(
    coordinator_client, django_assert_max_num_queries, url_name, params
):
    url = reverse(url_name)
    _add_people(10, start=0)
    coordinator_client.get(url, params)  # warm up sessions and caches
    with CaptureQueriesContext(connection) as small:
        response = coordinator_client.get(url, params)
    assert response.status_code == 200

    _add_people(990, start=10)
    with django_assert_max_num_queries(len(small)):
        response = coordinator_client.get(url, params)

    assert response.status_code == 200


def test_the_export_runs_a_constant_number_of_queries(
    coordinator_client, django_assert_max_num_queries
):
    url = reverse("participants:newcomer_export")
    _add_people(10, start=0)
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(url, {"format": "csv"})

    _add_people(990, start=10)
    with django_assert_max_num_queries(len(small)):
        response = coordinator_client.get(url, {"format": "csv"})

    assert response.content.decode("utf-8-sig").count("\n") == 1001
