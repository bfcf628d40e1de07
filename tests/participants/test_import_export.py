"""Import from CSV and Excel is all-or-nothing with per-row errors in Dutch; exports escape
formulas, so a cell that looks like a formula comes out as text."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from participants.models import Buddy, ImportBatch, Municipality, Newcomer, Person
from participants.spreadsheets.checking import ImportRefused
from participants.spreadsheets.reading import MAX_ROWS
from tests.factories import looked_up
from tests.participants.factories import NewcomerFactory, OrganisationFactory, PersonFactory
from tests.participants.sheets import check_file, import_file

HEADER = [
    "Voornamen",
    "Achternaam",
    "Naam in eigen schrift",
    "Geboortedatum",
    "Geslacht",
    "Telefoon",
    "E-mail",
    "Postcode",
    "Gemeente",
    "Wijk",
    "Talen",
    "Land van herkomst",
    "Aankomst in gemeente",
    "Doelgroep",
    "Niveau Nederlands",
    "Verwijzer",
]
BAD_ROWS = {  # spreadsheet row -> (column, bad value)
    12: ("Geboortedatum", "31-12-2099"),
    57: ("Postcode", "ABCD 12"),
    140: ("Talen", "Arabisch; Klingon"),
}


def _rows(count: int = 200, bad: dict | None = None) -> list[list[str]]:
    rows = [HEADER]
    for index in range(count):
        row = [
            f"Naam{index}",
            "Haddad",
            "حداد" if index % 2 else "ሃይለ",
            (date(1970, 1, 1) + timedelta(days=40 * index)).strftime("%d-%m-%Y"),
            "vrouw" if index % 2 else "man",
            f"06{20000000 + index}",
            f"persoon{index}@example.org",
            "9401 AB",
            "Assen",
            "Kloosterveen",
            "Arabisch; Engels",
            "Syrië",
            "01-03-2025",
            "Inburgering (eerste 18 maanden)",
            "A2",
            "Taalcentrum Test",
        ]
        spreadsheet_row = index + 2
        if bad and spreadsheet_row in bad:
            column, value = bad[spreadsheet_row]
            row[HEADER.index(column)] = value
        rows.append(row)
    return rows


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload_twenty(client) -> str:
    """Upload 20 good newcomers; the address of the batch's preview page."""
    good = SimpleUploadedFile("lijst.csv", _csv(_rows(20)), content_type="text/csv")
    client.post(reverse("participants:import_upload"), {"kind": "newcomers", "file": good})
    return reverse("participants:import_preview", args=[looked_up(ImportBatch).pk])


@pytest.fixture
def referrer(db):
    return OrganisationFactory(name="Taalcentrum Test")


@pytest.mark.parametrize(("make", "filename"), [(_csv, "lijst.csv"), (_xlsx, "lijst.xlsx")])
def test_three_bad_rows_in_200_import_nothing_and_are_named(referrer, coordinator, make, filename):
    content = make(_rows(bad=BAD_ROWS))

    with pytest.raises(ImportRefused) as refused:
        import_file(kind="newcomers", content=content, filename=filename, by=coordinator)

    assert Person.objects.count() == 0
    errors = {(error.row, error.column): error.message for error in refused.value.check.errors}
    assert set(errors) == {(row, column) for row, (column, _) in BAD_ROWS.items()}
    assert errors[(12, "Geboortedatum")] == "De geboortedatum ligt in de toekomst."
    assert errors[(57, "Postcode")].startswith("Vul een Nederlandse postcode in")
    assert errors[(140, "Talen")] == "Onbekende taal: “Klingon”."


@pytest.mark.parametrize(("make", "filename"), [(_csv, "lijst.csv"), (_xlsx, "lijst.xlsx")])
def test_once_fixed_all_200_rows_are_imported(referrer, coordinator, make, filename):
    count = import_file(kind="newcomers", content=make(_rows()), filename=filename, by=coordinator)

    assert count == 200
    assert Newcomer.objects.filter(status="registered", referrer=referrer).count() == 200
    person = Person.objects.get(given_names="Naam1")
    assert person.native_name == "حداد"
    assert person.languages == ["ar", "en"]
    assert person.postcode == "9401 AB"
    assert person.newcomer.country_of_origin == "SY"
    assert person.newcomer.target_group == "civic_integration"
    assert person.history.count() == 1


def test_an_unknown_country_and_a_bad_email_are_named(referrer):
    rows = _rows(3)
    rows[1][HEADER.index("Land van herkomst")] = "Atlantis"
    rows[2][HEADER.index("E-mail")] = "geen-adres"

    check = check_file(kind="newcomers", content=_csv(rows), filename="x.csv")

    messages = {(e.row, e.column): e.message for e in check.errors}
    assert messages[(2, "Land van herkomst")] == "Onbekend land: “Atlantis”."
    assert "geldig e-mailadres" in messages[(3, "E-mail")]


def test_the_import_pages_preview_refuse_and_then_import(
    coordinator_client, referrer, django_capture_on_commit_callbacks
):
    bad = SimpleUploadedFile("lijst.csv", _csv(_rows(bad=BAD_ROWS)), content_type="text/csv")
    response = coordinator_client.post(
        reverse("participants:import_upload"), {"kind": "newcomers", "file": bad}, follow=True
    )
    html = response.content.decode()
    assert "3 rijen bevatten fouten" in html
    assert "Onbekende taal: “Klingon”." in html
    assert "Importeren" not in html.split('data-testid="import-errors"')[1].split("</div>")[0]
    batch = looked_up(ImportBatch)
    response = coordinator_client.post(reverse("participants:import_preview", args=[batch.pk]))
    assert response.status_code == 200
    assert Person.objects.count() == 0

    good = SimpleUploadedFile("lijst.csv", _csv(_rows()), content_type="text/csv")
    response = coordinator_client.post(
        reverse("participants:import_upload"), {"kind": "newcomers", "file": good}, follow=True
    )
    assert "Alle 200 rijen zijn klaar om te importeren." in response.content.decode()
    batch = looked_up(ImportBatch)
    url = reverse("participants:import_preview", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url)
    assert "200 personen geïmporteerd." in coordinator_client.get(url).content.decode()
    assert Newcomer.objects.count() == 200
    batch.refresh_from_db()
    assert batch.imported == 200


def test_confirming_hands_the_import_to_a_background_job_whose_progress_shows(
    coordinator_client, referrer, django_capture_on_commit_callbacks
):
    url = _upload_twenty(coordinator_client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = coordinator_client.post(url, follow=True)
    assert len(callbacks) == 1  # sent to the worker only after the commit
    assert "<progress" in response.content.decode()
    assert Person.objects.count() == 0
    partial = coordinator_client.get(url, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="import-status"')

    callbacks[0]()
    assert Newcomer.objects.count() == 20
    assert "20 personen geïmporteerd." in coordinator_client.get(url).content.decode()


def test_rows_that_went_wrong_after_the_preview_import_nothing_and_say_so(
    coordinator_client, referrer, django_capture_on_commit_callbacks
):
    url = _upload_twenty(coordinator_client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        coordinator_client.post(url)
    # the municipality named in every row is gone by the time the job runs
    Municipality.objects.filter(name="Assen").update(name="Assen (oud)")
    callbacks[0]()
    page = coordinator_client.get(url).content.decode()
    assert "Er is niets geïmporteerd" in page
    assert Person.objects.count() == 0


def test_someone_elses_upload_is_not_found(client_for, coordinator, referrer):
    batch = ImportBatch.objects.create(kind="newcomers", filename="x.csv", created_by=coordinator)
    other = client_for("coordinator")

    assert other.get(reverse("participants:import_preview", args=[batch.pk])).status_code == 404


def test_buddies_import_with_their_own_columns(coordinator):
    rows = [
        ["Voornamen", "Achternaam", "E-mail", "Beroep", "Sectoren", "Via", "VOG ontvangen"],
        [
            "Els",
            "Bakker",
            "els@example.org",
            "Verpleegkundige",
            "Zorg en welzijn",
            "Kerk",
            "01-02-2026",
        ],
    ]

    import_file(kind="buddies", content=_csv(rows), filename="m.csv", by=coordinator)

    buddy = Buddy.objects.get()
    assert (buddy.source, buddy.expertise_sectors, buddy.recruitment_channel) == (
        "import",
        ["care"],
        "church",
    )


# --- Export ------------------------------------------------------------------------------------


@pytest.fixture
def formula_person(db):
    return NewcomerFactory(
        person=PersonFactory(
            given_names='=HYPERLINK("http://evil.example","klik")',
            family_name="+31 crash",
            native_name="@SUM(A1:A2)",
        )
    )


def test_a_formula_comes_out_of_a_csv_export_as_text(coordinator_client, formula_person):
    response = coordinator_client.get(reverse("participants:newcomer_export"), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("Voornamen")] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row[header.index("Achternaam")] == "'+31 crash"
    assert row[header.index("Naam in eigen schrift")] == "'@SUM(A1:A2)"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_formula_comes_out_of_an_excel_export_as_text(coordinator_client, formula_person):
    response = coordinator_client.get(reverse("participants:newcomer_export"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Voornamen") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example","klik")'
    assert cell.quotePrefix


def test_an_export_follows_the_filters_and_can_be_imported_again(coordinator_client, coordinator):
    NewcomerFactory(person=PersonFactory(given_names="Amal"), status="waiting")
    NewcomerFactory(person=PersonFactory(given_names="Jan"), status="active")

    response = coordinator_client.get(
        reverse("participants:newcomer_export"), {"format": "xlsx", "status": "waiting"}
    )
    Person.objects.all().delete()
    check = check_file(kind="newcomers", content=response.content, filename="export.xlsx")

    assert check.ok, check.errors
    assert [row.person["given_names"] for row in check.rows] == ["Amal"]


def test_a_file_with_too_many_rows_is_refused_before_anything_is_checked(coordinator):
    with pytest.raises(ValidationError, match="meer dan 1000 rijen"):
        check_file(kind="newcomers", content=_csv(_rows(MAX_ROWS + 1)), filename="x.csv")
