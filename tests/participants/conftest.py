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


@pytest.fixture(autouse=True)
def _places(db):
    """The five municipalities and their neighbourhoods, as the data migration makes them (a
    browser test that empties the database takes migration data with it)."""
    from participants.places import places_ensure

    places_ensure()


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process even when a broker is configured (REDIS_URL in CI)."""
    from vvsite.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
