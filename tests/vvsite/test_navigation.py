"""The menu shows each role only the pages its rules let it open."""

import pytest
from django.urls import reverse

from vvsite.access import rule_of
from vvsite.models import Role
from vvsite.navigation import nav_items_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_entry_shown_to_a_role_opens_for_that_role(role, client_for, user_with_role):
    client = client_for(role)
    user = client.get(reverse("home")).context["user"]
    for item in nav_items_for(user):
        response = client.get(reverse(item.url_name))
        assert response.status_code == 200, (role, item.url_name, response.status_code)


@pytest.mark.parametrize("role", list(Role))
def test_no_menu_entry_is_hidden_from_a_role_that_may_open_it(role, user_with_role):
    from django.apps import apps
    from django.urls import resolve

    user = user_with_role(role)
    shown = {item.url_name for item in nav_items_for(user)}
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            allowed = rule_of(resolve(reverse(item.url_name)).func).allows(user)
            assert (item.url_name in shown) == allowed


def test_the_background_jobs_entry_is_for_administrators_only(client_for):
    assert "Achtergrondtaken" in client_for(Role.ADMIN).get(reverse("home")).content.decode()
    assert (
        "Achtergrondtaken" not in client_for(Role.COORDINATOR).get(reverse("home")).content.decode()
    )


def test_anonymous_visitors_see_no_menu_entries(client):
    page = client.get(reverse("login")).content.decode()
    assert "Achtergrondtaken" not in page
    assert "Uitloggen" not in page
