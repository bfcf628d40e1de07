"""Coordinators keep the municipalities and their neighbourhoods, with a location each."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Municipality, Neighbourhood


def test_a_coordinator_adds_a_neighbourhood_with_its_location(coordinator_client):
    assen = Municipality.objects.get(name="Assen")

    response = coordinator_client.post(
        reverse("participants:neighbourhood_create", args=[assen.pk]),
        {"name": "Baggelhuizen", "latitude": "52.97900", "longitude": "6.55400"},
    )

    assert response.status_code == 302
    hood = Neighbourhood.objects.get(name="Baggelhuizen")
    assert (hood.municipality, hood.latitude) == (assen, Decimal("52.97900"))


def test_a_location_outside_the_netherlands_is_refused_at_the_field(coordinator_client):
    assen = Municipality.objects.get(name="Assen")

    response = coordinator_client.post(
        reverse("participants:neighbourhood_create", args=[assen.pk]),
        {"name": "Nergens", "latitude": "91", "longitude": "6.5"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Zorg ervoor dat deze waarde hoogstens 54 is."
        in html[html.index('id="error_1_id_latitude"') :]
    )
    assert not Neighbourhood.objects.filter(name="Nergens").exists()


def test_two_neighbourhoods_of_one_name_in_a_municipality_are_refused(coordinator_client):
    assen = Municipality.objects.get(name="Assen")

    response = coordinator_client.post(
        reverse("participants:neighbourhood_create", args=[assen.pk]),
        {"name": "kloosterveen", "latitude": "52.99", "longitude": "6.52"},
    )

    assert "heeft al een wijk met deze naam" in response.content.decode()


def test_the_municipality_page_runs_a_constant_number_of_queries(
    coordinator_client, django_assert_max_num_queries
):
    url = reverse("participants:municipality_list")
    with CaptureQueriesContext(connection) as before:
        coordinator_client.get(url)
    assen = Municipality.objects.get(name="Assen")
    Neighbourhood.objects.bulk_create(
        Neighbourhood(municipality=assen, name=f"Wijk {i}", latitude=53, longitude=6.5)
        for i in range(50)
    )

    with django_assert_max_num_queries(len(before)):
        response = coordinator_client.get(url)

    assert "Wijk 49" in response.content.decode()
