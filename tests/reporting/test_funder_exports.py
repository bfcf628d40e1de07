"""Exports for funders and partners: who took part in a period, as CSV, Excel and PDF."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from cohorts.models import Enrolment
from reporting.exports import FUNDER_EXPORT, MUNICIPALITY, PROJECT, REFERRER, Export, export_rows
from tests import pdftools
from tests.participants.factories import OrganisationFactory
from tests.reporting import world
from vvsite.documents.models import Document
from vvsite.documents.services import document_request
from vvsite.models import Job

pytestmark = pytest.mark.django_db

URL = reverse("reporting:export")
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def referred():
    """Newcomers referred by the work-and-income office, in and around 2025."""
    office, school = OrganisationFactory(name="Werkplein"), OrganisationFactory(name="Taalschool")
    in_2025 = world.cohort(date(2025, 3, 1), date(2025, 8, 31), project="Samen werken")
    in_2023 = world.cohort(date(2023, 3, 1), date(2023, 8, 31))
    people = {
        "took_part": world.newcomer(referrer=office, person__family_name="Meedoener"),
        "left_in_2025": world.newcomer(referrer=office, person__family_name="Stopper"),
        "left_before_start": world.newcomer(referrer=office, person__family_name="Afhaker"),
        "other_referrer": world.newcomer(referrer=school, person__family_name="Taalleerder"),
        "earlier": world.newcomer(referrer=office, person__family_name="Vroeger"),
        "formula": world.newcomer(referrer=office, person__family_name="=HYPERLINK(1)"),
    }
    world.enrol(in_2025, people["took_part"], status=Enrolment.Status.COMPLETED)
    world.enrol(
        in_2025, people["left_in_2025"], status=Enrolment.Status.LEFT, ended_on=date(2025, 5, 1)
    )
    world.enrol(
        in_2025,
        people["left_before_start"],
        status=Enrolment.Status.LEFT,
        ended_on=date(2025, 2, 1),
    )
    world.enrol(in_2025, people["other_referrer"])
    world.enrol(in_2023, people["earlier"], status=Enrolment.Status.COMPLETED)
    world.enrol(in_2025, people["formula"])
    world.enrol(in_2025, world.buddy(), Enrolment.Role.BUDDY)
    return office, in_2025


def names(rows) -> set[str]:
    return {row[2] for row in rows[1:]}


def test_the_referrer_export_lists_its_newcomers_who_took_part_in_the_period(referred):
    office, _cohort = referred
    rows = list(
        export_rows(
            Export(
                selection=REFERRER,
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
                organisation=office,
            )
        )
    )
    assert names(rows) == {"Meedoener", "Stopper", "=HYPERLINK(1)"}
    assert rows[0][:3] == ["Nummer", "Voornamen", "Achternaam"]


def test_project_and_municipality_exports_list_newcomers_and_buddies(referred):
    _office, cohort = referred
    by_project = list(
        export_rows(
            Export(
                selection=PROJECT,
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
                project="Samen werken",
            )
        )
    )
    by_place = list(
        export_rows(
            Export(
                selection=MUNICIPALITY,
                start=date(2023, 1, 1),
                end=date(2025, 12, 31),
                municipality=cohort.municipality,
            )
        )
    )
    assert len(by_project) == 1 + 5  # four newcomers who took part and a buddy
    assert {row[5] for row in by_project[1:]} == {"Nieuwkomer", "Maatje"}
    assert len(by_place) == 1 + 6  # and the one of 2023


def test_csv_and_excel_keep_a_formula_as_text(coordinator_client, referred):
    office, _cohort = referred
    data = {"selection": REFERRER, "organisation": office.pk, **PERIOD}

    response = coordinator_client.post(URL, {**data, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "'=HYPERLINK(1)" in names(rows)

    response = coordinator_client.post(URL, {**data, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=HYPERLINK(1)"]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_the_pdf_is_made_in_the_background(
    coordinator_client, referred, django_capture_on_commit_callbacks
):
    office, _cohort = referred
    data = {"selection": REFERRER, "organisation": office.pk, **PERIOD, "format": "pdf"}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(URL, data)

    document = Document.objects.get(kind=FUNDER_EXPORT)
    assert response["Location"] == reverse("documents:document_detail", args=[document.pk])
    document.refresh_from_db()
    assert document.job.status == Job.Status.DONE, document.job.error
    with document.file.open("rb") as file:
        text = pdftools.text(file.read())
    assert "Nieuwkomers verwezen door Werkplein" in text
    assert "Meedoener" in text
    assert "Taalleerder" not in text


def test_a_missing_choice_is_an_error_on_the_form(coordinator_client):
    response = coordinator_client.post(URL, {"selection": PROJECT, **PERIOD, "format": "csv"})
    assert response.status_code == 200
    assert "Kies er een voor deze export." in response.content.decode()


def test_the_board_cannot_export_names(board_client, user_with_role, referred):
    office, _cohort = referred
    assert board_client.get(URL).status_code == 403
    with pytest.raises(PermissionDenied):
        document_request(
            kind=FUNDER_EXPORT,
            parameters=Export(
                selection=REFERRER,
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
                organisation=office,
            ).parameters(),
            by=user_with_role("board"),
        )
