import pytest

from cohorts.certificates import certificate_data
from reporting.certificates import register_certificate_source


@pytest.fixture(autouse=True)
def _places(db):
    """The municipalities, as the data migration makes them (a test that empties the database
    takes migration data with it)."""
    from participants.places import places_ensure

    places_ensure()


@pytest.fixture(autouse=True)
def _cohorts_certificate_source():
    """The reporting tests swap in a stand-in source and remove it afterwards; ours again."""
    register_certificate_source(certificate_data)
    yield


@pytest.fixture
def coordinator(user_with_role):
    from vvsite.models import Role

    return user_with_role(Role.COORDINATOR, full_name="Ingrid Coördinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
