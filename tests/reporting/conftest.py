import pytest


@pytest.fixture(autouse=True)
def _private_media(private_media):
    """Every reporting test keeps generated files in a temporary folder."""
    return private_media
