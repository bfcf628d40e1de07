import pytest

from tests.factories import UserFactory
from vvsite.models import Role


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=[Role.COORDINATOR], full_name="Ingrid Coördinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
