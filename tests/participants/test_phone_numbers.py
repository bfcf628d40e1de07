"""Issue 12: a phone number that can exist is stored (E.164), one in an unallocated range too;
only what cannot be a phone number is refused. The forms follow the same rule as the import."""

import pytest

from participants.fields import phone_unallocated
from participants.forms import PersonForm
from participants.models import Person
from tests.participants.factories import PersonFactory


def _form(phone: str) -> PersonForm:
    return PersonForm({"given_names": "Amal", "gender": "female", "phone": phone})


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06-71980866", "+31671980866"),
        ("06 9077 7931", "+31690777931"),
        ("+31 6 09103649", "+31609103649"),
        ("0612345678", "+31612345678"),
    ],
)
def test_a_possible_number_passes_the_form_and_is_stored_as_e164(db, typed, stored):
    form = _form(typed)

    assert "phone" not in form.errors, form.errors
    person = PersonFactory(phone=form.cleaned_data["phone"])
    assert Person.objects.filter(pk=person.pk, phone=stored).exists()


def test_an_unallocated_range_is_flagged_but_not_refused(db):
    form = _form("06-71980866")

    assert "phone" not in form.errors
    assert phone_unallocated(form.cleaned_data["phone"])
    allocated = _form("0612345678")
    assert allocated.is_valid() or "phone" not in allocated.errors
    assert not phone_unallocated(allocated.cleaned_data["phone"])


@pytest.mark.parametrize("typed", ["12", "abc", "06-1234567890123"])
def test_what_cannot_be_a_phone_number_is_refused_in_the_form(db, typed):
    assert "phone" in _form(typed).errors
