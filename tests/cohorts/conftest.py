import pytest


@pytest.fixture(autouse=True)
def _places(db):
    """The municipalities, as the data migration makes them (a test that empties the database
    takes migration data with it)."""
    from participants.places import places_ensure

    places_ensure()


@pytest.fixture
def coordinator(user_with_role):
    from vvsite.models import Role

    return user_with_role(Role.COORDINATOR, full_name="Ingrid Coördinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
