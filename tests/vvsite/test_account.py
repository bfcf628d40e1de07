"""A user's own account page: details, audited; password change and reset by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from vvsite.history import history_entries
from vvsite.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(user_with_role):
    return user_with_role(Role.VOLUNTEER, email="sara@example.org", full_name="Sara de Vries")


def _client(client, user):
    client.force_login(user)
    return client


def test_the_account_page_shows_the_users_roles(client, sara):
    response = _client(client, sara).get(reverse("account"))
    assert response.status_code == 200
    assert "Vrijwilliger" in response.content.decode()


def test_changing_ones_name_is_saved_and_recorded_in_the_audit_trail(client, sara):
    response = _client(client, sara).post(
        reverse("account"),
        {"full_name": "Sara Bakker", "email": "sara@example.org", "language": "nl"},
    )
    assert response.status_code == 302
    sara.refresh_from_db()
    assert sara.full_name == "Sara Bakker"
    newest = history_entries(sara)[0]
    assert newest.who == "Sara Bakker"
    assert [(c.field, c.old, c.new) for c in newest.changes] == [
        ("volledige naam", "Sara de Vries", "Sara Bakker")
    ]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "geldig e-mailadres"),
        ("TAKEN@example.org", "gebruikt dit e-mailadres al"),
    ],
)
def test_a_bad_or_taken_e_mail_address_is_refused_and_nothing_changes(
    client, sara, user_with_role, email, message
):
    user_with_role(Role.BOARD, email="taken@example.org")
    response = _client(client, sara).post(
        reverse("account"), {"full_name": "Sara Bakker", "email": email, "language": "nl"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    sara.refresh_from_db()
    assert sara.full_name == "Sara de Vries"


def test_changing_the_password_requires_the_old_one(client, sara, password):
    logged_in = _client(client, sara)
    wrong = logged_in.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "a-New-passw0rd!",
            "new_password2": "a-New-passw0rd!",
        },
    )
    assert wrong.status_code == 200
    right = logged_in.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "a-New-passw0rd!",
            "new_password2": "a-New-passw0rd!",
        },
    )
    assert right.status_code == 302
    sara.refresh_from_db()
    assert sara.check_password("a-New-passw0rd!")


def test_a_password_reset_mail_in_dutch_leads_to_a_new_password(
    client, sara, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "SARA@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Kies een nieuw wachtwoord voor het maatjesprogramma"
    link = next(line for line in message.body.splitlines() if "/wachtwoord-herstellen/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    submit_url = form_page.redirect_chain[-1][0]
    done = client.post(
        submit_url,
        {"new_password1": "Een-nieuw-wachtw00rd", "new_password2": "Een-nieuw-wachtw00rd"},
    )
    assert done.status_code == 302
    assert User.objects.get(pk=sara.pk).check_password("Een-nieuw-wachtw00rd")


def test_no_mail_goes_out_for_an_unknown_address_and_the_page_does_not_tell(
    client, sara, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_language_switch_is_remembered_on_the_account(client, sara):
    logged_in = _client(client, sara)
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    sara.refresh_from_db()
    assert sara.language == "en"
    assert "Welcome" in logged_in.get(reverse("home")).content.decode()


def test_an_administrator_invites_users_from_the_admin(
    administrator_client, user_with_role, django_capture_on_commit_callbacks
):
    user = user_with_role(Role.VOLUNTEER, email="new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(
            reverse("admin:vvsite_user_changelist"),
            {"action": "send_invitation", "_selected_action": [user.pk]},
        )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
