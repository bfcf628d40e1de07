"""The demo data command: a login per role, safe to run twice, never in production."""

import io

import pytest
from django.core.management import CommandError, call_command

from vvsite.demo import DEMO_LOGINS
from vvsite.models import Role, User

pytestmark = pytest.mark.django_db


def test_it_creates_a_login_for_every_role_and_prints_them():
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    roles = {role for login in DEMO_LOGINS for role in login.roles}
    assert roles == set(Role)
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        assert user.check_password("demo-wachtwoord")
        assert set(user.roles) == set(login.roles)
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
