"""The public sign-up form for prospective buddies: no login, a honeypot, a rate limit, a
confirmation e-mail after commit, and a registered buddy for a coordinator to review."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from participants.models import Buddy, Consent, Person
from participants.tasks import send_buddy_confirmation

FORM = {
    "given_names": "Femke",
    "family_name": "de Boer",
    "birth_date": "1987-09-12",
    "gender": "female",
    "email": "Femke.deBoer@Example.org",
    "phone": "0612345678",
    "postcode": "9405ab",
    "languages": ["nl", "en"],
    "interests": ["cooking", "walking"],
    "availability": ["weekend"],
    "profession": "Verpleegkundige",
    "recruitment_channel": "church",
    "motivation": "Ik wil graag iemand wegwijs maken in Assen.",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def form(db):
    from participants.models import Municipality

    return {**FORM, "municipality": Municipality.objects.get(name="Assen").pk}


def test_signing_up_registers_a_buddy_and_sends_a_confirmation_after_commit(
    client, form, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("participants:buddy_signup"), form)

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:buddy_signup_thanks")
    buddy = Buddy.objects.select_related("person").get()
    assert (buddy.status, buddy.source) == ("registered", "public_form")
    assert buddy.person.email == "femke.deboer@example.org"
    assert buddy.person.postcode == "9405 AB"
    assert buddy.person.consents.get().method == Consent.Method.ONLINE_FORM
    assert buddy.person.history.get().history_user is None
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["femke.deboer@example.org"]
    assert mail.outbox[0].subject == "Bedankt voor uw aanmelding als maatje"
    assert "Beste Femke" in mail.outbox[0].body


def test_the_confirmation_is_sent_once_even_when_the_task_runs_twice(
    client, form, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participants:buddy_signup"), form)

    assert send_buddy_confirmation(buddy_pk=Buddy.objects.get().pk) is False
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_the_sign_up_is_committed(client, form, eager_tasks):
    client.post(reverse("participants:buddy_signup"), form)  # the test's transaction stays open

    assert Buddy.objects.count() == 1
    assert mail.outbox == []


def test_a_filled_in_honeypot_writes_nothing(client, form):
    response = client.post(
        reverse("participants:buddy_signup"), {**form, "website": "spam.example"}
    )

    assert response.status_code == 302
    assert not Person.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_hidden_by_a_class_not_an_inline_style(client, db):
    html = client.get(reverse("participants:buddy_signup")).content.decode()

    assert 'class="hp-field"' in html
    assert "style=" not in html


def test_too_many_sign_ups_from_one_address_are_refused(client, form, monkeypatch):
    from django.core.cache import cache
    from django_ratelimit import core

    cache.clear()  # counters of earlier runs live in the shared database cache
    # One rate-limit window throughout, wherever the clock is.
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    url = reverse("participants:buddy_signup")
    for index in range(10):
        client.post(url, {**form, "email": f"iemand{index}@example.org", "phone": ""})

    response = client.post(url, {**form, "email": "nummer11@example.org", "phone": ""})

    assert response.status_code == 429
    assert Buddy.objects.count() == 10
    assert "Probeer het over een uur opnieuw" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "2015-01-01", "Deelnemers zijn minstens 16 jaar oud."),
        ("postcode", "12345", "Vul een Nederlandse postcode in"),
        ("email", "femke", "Vul een geldig e-mailadres in"),
        ("consent", "", "Dit veld is verplicht."),
    ],
)
def test_bad_sign_ups_are_refused_in_dutch_at_the_field(client, form, field, value, message):
    response = client.post(reverse("participants:buddy_signup"), {**form, field: value})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html[html.index(f'id="error_1_id_{field}"') :][:300]
    assert not Person.objects.exists()
