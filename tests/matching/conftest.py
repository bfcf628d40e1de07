from tests.people import _places, coordinator, coordinator_client  # noqa: F401
