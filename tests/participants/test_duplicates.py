"""Registering someone who is probably in the records already gives a warning first."""

import pytest
from django.urls import reverse

from participants.models import Person
from tests.participants.factories import NewcomerFactory, PersonFactory
from tests.participants.test_bad_input import VALID


@pytest.mark.parametrize(
    ("existing", "changes"),
    [
        ({"given_names": "Líná", "family_name": "HADDAD", "birth_date": "1992-04-03"}, {}),
        ({"phone": "+31612345678", "birth_date": "1970-01-01"}, {"person-given_names": "L."}),
        ({"email": "lina.haddad@example.org"}, {"person-given_names": "Lina M."}),
    ],
    ids=["same name and birth date", "same phone", "same e-mail"],
)
def test_a_likely_duplicate_is_warned_about_and_saved_only_when_confirmed(
    coordinator_client, existing, changes
):
    other = NewcomerFactory(person=PersonFactory(**existing))
    url = reverse("participants:newcomer_create")

    response = coordinator_client.post(url, {**VALID, **changes})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="duplicates"' in html
    assert reverse("participants:person_detail", args=[other.pk]) in html
    assert Person.objects.count() == 1

    response = coordinator_client.post(url, {**VALID, **changes, "person-confirm_duplicate": "on"})

    assert response.status_code == 302
    assert Person.objects.count() == 2
