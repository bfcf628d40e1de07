"""Issue 12: an exported list imports into an empty database with the same records, and text a
spreadsheet would run as a formula is escaped in the export (and read back as written)."""

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from participants.models import Newcomer, Person, ReferralChannel
from tests.participants.factories import NewcomerFactory, OrganisationFactory, PersonFactory
from tests.participants.sheets import import_file

HYPERLINK = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 6, 1, 12), tick=False):
        yield


def _records() -> list[tuple]:
    return sorted(
        (
            n.person.given_names,
            n.person.family_name,
            n.person.native_name,
            n.person.birth_date,
            n.person.gender,
            n.person.phone.as_e164 if n.person.phone else "",
            n.person.email,
            n.person.postcode,
            n.person.municipality_id,
            tuple(n.person.languages),
            n.registered_on,
            n.country_of_origin,
            n.arrival_date,
            n.target_group,
            n.dutch_level,
            n.priority,
            n.referral_channel,
            n.referral_text,
            n.referrer_id,
        )
        for n in Newcomer.objects.select_related("person")
    )


@pytest.fixture
def newcomers(db):
    taalcentrum = OrganisationFactory(name="Taalcentrum Test", is_referrer=True)
    people = [
        {"given_names": "+31 crash", "family_name": "@SUM(A1:A2)", "phone": "06-71980866"},
        {"given_names": "Amal", "native_name": "أمل حداد", "languages": ["ar", "en"]},
        {
            "given_names": "Selam",
            "native_name": "ሰላም",
            "postcode": "9401 AB",
            "phone": "0612345678",
        },
    ]
    profiles = [
        {
            "referral_channel": ReferralChannel.OTHER,
            "referral_text": HYPERLINK,
            "dutch_level": "A1",
        },
        {"referral_channel": ReferralChannel.ORGANISATION, "referrer": taalcentrum},
        {
            "referral_channel": ReferralChannel.SELF,
            "arrival_date": date(2025, 3, 1),
            "target_group": "civic_integration",
        },
    ]
    for person, profile in zip(people, profiles, strict=True):
        NewcomerFactory(person=PersonFactory(**person), **profile)
    return _records()


def test_a_csv_export_escapes_formulas_and_imports_into_an_empty_database_the_same(
    coordinator_client, coordinator, newcomers
):
    response = coordinator_client.get(reverse("participants:newcomer_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert '\'=HYPERLINK("http://evil.example","klik")' in rows[1] + rows[2] + rows[3]
    Person.objects.all().delete()

    import_file(kind="newcomers", content=response.content, filename="x.csv", by=coordinator)

    assert _records() == newcomers


def test_an_excel_export_imports_into_an_empty_database_the_same(
    coordinator_client, coordinator, newcomers
):
    response = coordinator_client.get(reverse("participants:newcomer_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.value == HYPERLINK]
    assert formulas and formulas[0].data_type == "s" and formulas[0].quotePrefix
    Person.objects.all().delete()

    import_file(kind="newcomers", content=response.content, filename="x.xlsx", by=coordinator)

    assert _records() == newcomers
