"""A coordinator invites a person to log in from their page; the link expires; accounts follow
the person (deactivated or anonymised: no login)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.privacy import person_anonymise
from tests.participants.factories import BuddyFactory
from vvsite import services
from vvsite.models import AccountEvent, Role, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-nieuw-wachtw00rd"


@pytest.fixture
def buddy():
    return BuddyFactory(person__email="sara@example.org", person__given_names="Sara")


def _invite(client, buddy, capture, role=Role.VOLUNTEER):
    with capture(execute=True):
        return client.post(reverse("participants:person_invite", args=[buddy.pk]), {"role": role})


def _link_path(message) -> str:
    line = next(line for line in message.body.splitlines() if "/uitnodiging/" in line)
    return "/" + line.split("://", 1)[1].split("/", 1)[1]


def _login(email, password):
    return Client().post(reverse("login"), {"username": email, "password": password})


def test_a_coordinator_invites_a_buddy_who_then_chooses_a_password_and_logs_in(
    coordinator_client, buddy, django_capture_on_commit_callbacks
):
    page = coordinator_client.get(reverse("participants:buddy_detail", args=[buddy.pk]))
    assert "Niet uitgenodigd" in page.content.decode()

    response = _invite(coordinator_client, buddy, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    buddy.person.refresh_from_db()
    user = buddy.person.user
    assert user.email == "sara@example.org"
    assert user.roles == {Role.VOLUNTEER}
    assert not user.has_usable_password()
    message = mail.outbox[0]
    assert message.to == ["sara@example.org"]
    assert message.subject == "Je account voor het maatjesprogramma"
    assert "/uitnodiging/" in message.alternatives[0][0]  # the HTML part says the same

    page = coordinator_client.get(reverse("participants:buddy_detail", args=[buddy.pk]))
    assert "Uitgenodigd" in page.content.decode()

    visitor = Client()
    chosen = visitor.post(
        _link_path(message), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert chosen.status_code == 302
    assert _login("sara@example.org", NEW_PASSWORD).status_code == 302
    assert visitor.get(_link_path(message)).status_code == 404  # once only


def test_the_proposed_role_follows_from_what_the_person_does(coordinator_client, buddy):
    page = coordinator_client.get(reverse("participants:person_invite", args=[buddy.pk]))
    assert page.context["form"].fields["role"].initial == Role.VOLUNTEER
    offered = dict(page.context["form"].fields["role"].choices)
    assert set(offered) == {Role.VOLUNTEER, Role.COACH}  # a coordinator grants no more


def test_an_expired_invitation_says_so_and_sends_a_new_link_on_request(
    coordinator_client, buddy, django_capture_on_commit_callbacks, settings
):
    _invite(coordinator_client, buddy, django_capture_on_commit_callbacks)
    path = _link_path(mail.outbox[0])
    later = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, hours=1)
    with time_machine.travel(later):
        expired = Client().get(path)
        assert expired.status_code == 410
        assert "verlopen" in expired.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            renewed = Client().post(path)
    assert renewed.status_code == 410
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["sara@example.org"]
    assert Client().get(_link_path(mail.outbox[1])).status_code == 200


def test_a_revoked_invitation_no_longer_works(
    coordinator_client, buddy, django_capture_on_commit_callbacks
):
    _invite(coordinator_client, buddy, django_capture_on_commit_callbacks)
    coordinator_client.post(reverse("participants:person_invitation_revoke", args=[buddy.pk]))
    assert Client().get(_link_path(mail.outbox[0])).status_code == 404


def test_a_deactivated_account_cannot_log_in(user_with_role, administrator_client, password):
    user = user_with_role(Role.VOLUNTEER, email="gone@example.org")
    admin = User.objects.get(role_grants__role=Role.ADMIN)
    services.user_deactivate(user=user, by=admin, reason="Gestopt")
    assert _login("gone@example.org", password).status_code == 200
    assert AccountEvent.objects.filter(user=user, kind="deactivated").exists()


def test_an_anonymised_persons_account_cannot_log_in_and_names_nobody(user_with_role, password):
    buddy = BuddyFactory(status="inactive")
    user = user_with_role(Role.VOLUNTEER, email="weg@example.org", full_name="Weg Wezen")
    buddy.person.user = user
    buddy.person.save()
    person_anonymise(person=buddy.person)
    user.refresh_from_db()
    assert not user.is_active
    assert "Weg" not in user.full_name and "weg@" not in user.email
    assert user.roles == frozenset()
    assert _login("weg@example.org", password).status_code == 200


def test_the_offer_comes_when_the_certificate_is_in_and_the_training_done(
    coordinator_client, buddy, rf
):
    from participants.views import _offer_invitation

    buddy.vog_received_on = timezone.localdate()
    buddy.training_completed_on = timezone.localdate()
    request = rf.post("/")
    request.user = User.objects.get(role_grants__role=Role.COORDINATOR)
    request._messages = _Messages()
    assert _offer_invitation(request, buddy) == reverse(
        "participants:person_invite", args=[buddy.pk]
    )
    buddy.training_completed_on = None
    assert _offer_invitation(request, buddy) is None


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(message)
