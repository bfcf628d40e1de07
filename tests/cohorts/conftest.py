import pytest
import time_machine


@pytest.fixture(autouse=True)
def _a_wednesday_afternoon():
    """Cohort tests build sessions from "now": they start on a fixed, ordinary afternoon (the
    clock keeps ticking), so an evening or New Year's Eve run cannot push a session past midnight
    or into another year. A test that needs another moment travels there itself."""
    with time_machine.travel("2026-11-18 14:00 +0100", tick=True):
        yield


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
