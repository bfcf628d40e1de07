"""The demo data command: a login per role, safe to run twice, never in production."""

import io

import pytest
from django.core.management import CommandError, call_command

from vvsite.demo import DEMO_LOGINS
from vvsite.models import Role, User, UserRole

pytestmark = pytest.mark.django_db


def test_it_creates_a_login_for_every_role_and_prints_them():
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    roles = {role for login in DEMO_LOGINS for role in login.roles}
    assert roles == set(Role)
    users = User.objects.in_bulk([login.email for login in DEMO_LOGINS], field_name="email")
    grants = UserRole.objects.filter(user__in=users.values()).values_list("user__email", "role")
    for login in DEMO_LOGINS:
        assert users[login.email].check_password("demo-wachtwoord")
        assert {role for email, role in grants if email == login.email} == set(login.roles)
        assert login.email in out.getvalue()


def test_running_it_twice_adds_nothing():
    call_command("demo_data", stdout=io.StringIO())
    count = User.objects.count()
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert User.objects.count() == count
    assert "already present" in out.getvalue()


def test_it_refuses_a_production_database(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_data", stdout=io.StringIO())
    assert not User.objects.exists()
