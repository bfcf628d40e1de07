"""Issue 12: on the preview every column with data is mapped or set aside by the coordinator,
who sees its first values; the mapping is remembered for the next file with the same header.
A referral that names no organisation can be kept as text, become an organisation or be linked
to one."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participants.models import ImportBatch, Newcomer, Organisation, ReferralChannel
from tests.factories import looked_up
from tests.participants.factories import OrganisationFactory
from tests.participants.sheets import csv_bytes

ROWS = [
    ["Voornaam", "Achternaam", "Opmerking", "Taal", "Verwezen door", "Leeg"],
    ["Amal", "Haddad", "belt liever", "A2", "Buurthuis De Kern", ""],
    ["Yonas", "Tesfaye", "", "B1", "Wijkteam Noord", ""],
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 6, 1, 12), tick=False):
        yield


def _upload(client, rows=ROWS) -> ImportBatch:
    upload = SimpleUploadedFile("lijst.csv", csv_bytes(rows, encoding="cp1252"))
    client.post(reverse("participants:import_upload"), {"kind": "newcomers", "file": upload})
    return looked_up(ImportBatch)


def _import(client, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participants:import_preview", args=[batch.pk]))


def test_an_unknown_column_with_data_stops_the_import_until_the_coordinator_decides(
    coordinator_client, django_capture_on_commit_callbacks
):
    batch = _upload(coordinator_client)
    url = reverse("participants:import_preview", args=[batch.pk])

    page = coordinator_client.get(url).content.decode()
    assert "Opmerking" in page and "belt liever" in page  # the column and its first values
    assert "Kies welk gegeven deze kolom bevat of zet hem apart." in page
    _import(coordinator_client, batch, django_capture_on_commit_callbacks)
    assert not Newcomer.objects.exists()

    mapping = {
        f"column_{index}": value
        for index, value in enumerate(
            [
                "person.given_names",
                "person.family_name",
                "-",
                "profile.dutch_level",
                "profile.referral_text",
                "-",
            ]
        )
    }
    coordinator_client.post(url, {"action": "map", **mapping})
    page = coordinator_client.get(url).content.decode()
    assert "Alle 2 rijen zijn klaar om te importeren." in page
    _import(coordinator_client, batch, django_capture_on_commit_callbacks)

    amal = Newcomer.objects.get(person__given_names="Amal")
    assert (amal.dutch_level, amal.referral_text, amal.referral_channel) == (
        "A2",
        "Buurthuis De Kern",
        ReferralChannel.OTHER,
    )


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_header(coordinator_client):
    batch = _upload(coordinator_client)
    url = reverse("participants:import_preview", args=[batch.pk])
    coordinator_client.post(
        url,
        {
            "action": "map",
            "column_0": "person.given_names",
            "column_1": "person.family_name",
            "column_2": "-",
            "column_3": "profile.dutch_level",
            "column_4": "profile.referral_text",
            "column_5": "-",
        },
    )

    again = _upload(coordinator_client)

    assert again.pk != batch.pk
    assert again.mapping["2"] == ""  # set aside, as last time
    assert (
        "klaar om te importeren"
        in coordinator_client.get(
            reverse("participants:import_preview", args=[again.pk])
        ).content.decode()
    )


def test_an_unknown_referral_becomes_an_organisation_or_is_linked_to_one(
    coordinator_client, django_capture_on_commit_callbacks
):
    wijkteam = OrganisationFactory(name="Gebiedsteam Noord", is_referrer=True)
    rows = [[cell for index, cell in enumerate(row) if index != 2] for row in ROWS]
    batch = _upload(coordinator_client, rows)
    url = reverse("participants:import_preview", args=[batch.pk])
    assert "Buurthuis De Kern" in coordinator_client.get(url).content.decode()

    coordinator_client.post(
        url, {"action": "referrals", "referral_0": "new", "referral_1": str(wijkteam.pk)}
    )
    _import(coordinator_client, batch, django_capture_on_commit_callbacks)

    created = Organisation.objects.get(name="Buurthuis De Kern")
    amal = Newcomer.objects.get(person__given_names="Amal")
    yonas = Newcomer.objects.get(person__given_names="Yonas")
    assert (amal.referrer, amal.referral_channel) == (created, ReferralChannel.ORGANISATION)
    assert (yonas.referrer, yonas.referral_channel) == (wijkteam, ReferralChannel.ORGANISATION)
