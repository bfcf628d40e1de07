"""Fixtures the participants and matching tests share: a named coordinator and the places.
The apps' conftest modules import them."""

import pytest

from participants.places import places_ensure
from tests.factories import UserFactory
from vvsite.models import Role


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=[Role.COORDINATOR], full_name="Ingrid Coördinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture(autouse=True)
def _places(db):
    """The five municipalities and their neighbourhoods, as the data migration makes them (a
    browser test that empties the database takes migration data with it)."""
    places_ensure()
