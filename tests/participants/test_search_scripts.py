"""Names in Arabic and Ethiopic script are stored, found by search and shown correctly; search
ignores case and accents. The search text works the same on SQLite and Postgres."""

import pytest
from django.urls import reverse

from participants.models import Person
from participants.search import normalise, search
from tests.participants.factories import BuddyFactory, NewcomerFactory, PersonFactory

ARABIC = "أحمد الحداد"
ETHIOPIC = "ሰናይት ተስፋየ"


@pytest.fixture
def people(db):
    return {
        "arabic": NewcomerFactory(
            person=PersonFactory(given_names="Ahmad", family_name="Haddad", native_name=ARABIC)
        ),
        "ethiopic": NewcomerFactory(
            person=PersonFactory(given_names="Senait", family_name="Tesfaye", native_name=ETHIOPIC)
        ),
        "turkish": NewcomerFactory(person=PersonFactory(given_names="Ayşe", family_name="Yılmaz")),
        "other": NewcomerFactory(person=PersonFactory(given_names="Jan", family_name="de Vries")),
    }


def test_names_in_arabic_and_ethiopic_script_are_stored_unchanged(people):
    assert Person.objects.get(pk=people["arabic"].pk).native_name == ARABIC
    assert Person.objects.get(pk=people["ethiopic"].pk).native_name == ETHIOPIC


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("أحمد", "arabic"),  # as written
        ("احمد", "arabic"),  # without the hamza
        ("الحداد", "arabic"),
        ("ሰናይት", "ethiopic"),
        ("ተስፋየ ሰናይት", "ethiopic"),  # words in any order
        ("ayse yilmaz", "turkish"),  # without accents and dotless i
        ("AYŞE", "turkish"),
        ("haddad", "arabic"),
    ],
)
def test_search_finds_a_person_in_any_script_ignoring_accents(people, query, who):
    found = search(Person.objects.all(), query)

    assert list(found) == [people[who].person]


def test_normalise_strips_marks_but_keeps_letters():
    assert normalise("Çelik Şahin") == "celik sahin"
    assert normalise("مُحَمَّد") == "محمد"
    assert normalise(ETHIOPIC) == ETHIOPIC


@pytest.mark.parametrize("query", ["احمد", "ሰናይት"])
def test_the_list_page_finds_and_shows_native_script_names(coordinator_client, people, query):
    response = coordinator_client.get(reverse("participants:newcomer_list"), {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    expected = ARABIC if query == "احمد" else ETHIOPIC
    assert f'dir="auto">{expected}</span>' in html
    assert "de Vries" not in html


def test_the_detail_page_shows_the_native_name_with_its_own_direction(coordinator_client, people):
    response = coordinator_client.get(
        reverse("participants:newcomer_detail", args=[people["arabic"].pk])
    )

    assert f'dir="auto" data-testid="native-name">{ARABIC}</p>' in response.content.decode()


def test_editing_a_name_updates_what_search_finds(coordinator_client, people):
    buddy = BuddyFactory(person=PersonFactory(given_names="Maria", family_name="Visser"))
    url = reverse("participants:person_edit", args=[buddy.pk])
    data = {
        "person-given_names": "Maria",
        "person-family_name": "Visser",
        "person-native_name": "ማርያም",
        "person-gender": "female",
        "person-email": buddy.person.email,
    }

    response = coordinator_client.post(url, data)

    assert response.status_code == 302
    assert list(search(Person.objects.all(), "ማርያም")) == [buddy.person]
