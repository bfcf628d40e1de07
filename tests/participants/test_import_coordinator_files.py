"""Issue 12: the files coordinators really keep. A list of 60 newcomers saved from Dutch Excel
(Windows-1252, ``;``, CRLF, ``dd-mm-jjjj``, the coordinators' own column names) and the same list
as an xlsx (real dates, shared strings, Arabic and Ethiopic names) import with every column;
five faulty rows are named by the file's column, in Dutch, and nothing is written."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from participants.models import Newcomer, Person, ReferralChannel
from participants.spreadsheets.checking import ImportRefused
from participants.spreadsheets.reading import read_table
from tests.participants.factories import OrganisationFactory
from tests.participants.sheets import check_file, csv_bytes, import_file, xlsx_bytes

HEADER = [
    "Voornaam",
    "Achternaam",
    "Geboortedatum",
    "Geslacht",
    "Land van herkomst",
    "Gemeente",
    "Postcode",
    "Telefoon",
    "E-mail",
    "Taalniveau",
    "Doelgroep",
    "Verwijzer",
]
HYPERLINK = '=HYPERLINK("http://evil.example","klik")'
PHONES = ["06-71980866", "06 9077 7931", "+31 6 09103649", "0612345678", "0592 123456"]
REFERRALS = ["Eigen aanmelding", "Via vriend of familie", "Taalcentrum Test", "Buurvrouw Els"]
LEVELS = ["A0", "A1", "A2", "B1", "B2"]
FAULTS = {  # spreadsheet row -> (column, bad value, Dutch message or its start)
    7: ("Geboortedatum", "31-12-2099", "De geboortedatum ligt in de toekomst."),
    19: ("Postcode", "123AB", "Vul een Nederlandse postcode in"),
    28: ("E-mail", "amal.example.org", "Voer een geldig e-mailadres in"),
    40: ("Taalniveau", "D1", "Onbekende Niveau Nederlands: “D1”."),
    55: ("Gemeente", "Amsterdam", "Onbekende gemeente: “Amsterdam”."),
}
ARABIC, ETHIOPIC = ("أمل", "حداد"), ("ሰላም", "ተስፋዬ")


def coordinators_rows(*, faults: bool, scripts: bool) -> list[list]:
    rows = [list(HEADER)]
    for index in range(60):
        number = index + 2
        rows.append(
            [
                "Zoë" if index % 3 else f"Naam{index}",
                f"Achternaam{index}",
                date(1970, 1, 1) + timedelta(days=97 * index),
                "vrouw" if index % 2 else "man",
                "Syrië" if index % 2 else "Eritrea",
                "Assen",
                f"94{index % 90 + 10:02d} AB",
                PHONES[index % len(PHONES)],
                f"persoon{index}@example.org",
                LEVELS[index % len(LEVELS)],
                "Inburgering (eerste 18 maanden)",
                HYPERLINK if number == 60 else REFERRALS[index % len(REFERRALS)],
            ]
        )
        if faults and number in FAULTS:
            column, value, _ = FAULTS[number]
            rows[-1][HEADER.index(column)] = value
    if scripts:
        rows[10][:2] = ARABIC
        rows[11][:2] = ETHIOPIC
    return rows


def as_excel_csv(rows) -> bytes:
    """Dutch Excel's "CSV (puntkomma-gescheiden)": cp1252, ``;``, CRLF, dates dd-mm-jjjj."""
    text = [[v.strftime("%d-%m-%Y") if isinstance(v, date) else v for v in row] for row in rows]
    return csv_bytes(text, encoding="cp1252")


def as_xlsx(rows) -> bytes:
    dated = [
        [datetime(v.year, v.month, v.day) if isinstance(v, date) else v for v in row]
        for row in rows
    ]
    return xlsx_bytes(dated)


def csv_file(faults: bool) -> bytes:
    return as_excel_csv(coordinators_rows(faults=faults, scripts=False))


def xlsx_file(faults: bool) -> bytes:
    return as_xlsx(coordinators_rows(faults=faults, scripts=True))


FILES = [
    pytest.param(csv_file, "lijst.csv", id="csv"),
    pytest.param(xlsx_file, "lijst.xlsx", id="xlsx"),
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 6, 1, 12), tick=False):
        yield


@pytest.fixture
def taalcentrum(db):
    return OrganisationFactory(name="Taalcentrum Test", is_referrer=True)


def test_the_fixture_files_are_shaped_as_excel_writes_them():
    content = csv_file(False)
    assert content.count(b"\r\n") == 61 and b";" in content.split(b"\r\n")[0]
    content.decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    workbook = load_workbook(
        __import__("io").BytesIO(as_xlsx(coordinators_rows(faults=False, scripts=True)))
    )
    cell = workbook.active["C2"]
    assert cell.is_date and cell.data_type == "d"


@pytest.mark.parametrize(("make", "filename"), FILES)
def test_five_faulty_rows_of_sixty_are_named_by_column_in_dutch_and_nothing_is_created(
    taalcentrum, coordinator, make, filename
):
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="newcomers", content=make(True), filename=filename, by=coordinator)

    assert Person.objects.count() == 0
    errors = refused.value.check.errors
    assert {(error.row, error.column) for error in errors} == {
        (row, column) for row, (column, _, _) in FAULTS.items()
    }
    for error in errors:
        assert error.message.startswith(FAULTS[error.row][2])


@pytest.mark.parametrize(("make", "filename"), FILES)
def test_the_corrected_files_create_sixty_people_with_every_column(
    taalcentrum, coordinator, make, filename
):
    count = import_file(kind="newcomers", content=make(False), filename=filename, by=coordinator)

    assert count == 60 == Newcomer.objects.count()
    levels = list(Newcomer.objects.order_by("pk").values_list("dutch_level", flat=True))
    assert levels == [LEVELS[index % 5] for index in range(60)]
    hyperlink = Newcomer.objects.get(person__family_name="Achternaam58")
    assert (hyperlink.referral_text, hyperlink.referral_channel) == (HYPERLINK, "other")
    first_four = [f"Achternaam{index}" for index in range(4)]
    channels = Newcomer.objects.filter(person__family_name__in=first_four).order_by("pk")
    assert [(n.referral_channel, n.referral_text, n.referrer) for n in channels] == [
        (ReferralChannel.SELF, "Eigen aanmelding", None),
        (ReferralChannel.FRIEND_FAMILY, "Via vriend of familie", None),
        (ReferralChannel.ORGANISATION, "", taalcentrum),
        (ReferralChannel.OTHER, "Buurvrouw Els", None),
    ]
    phones = {str(p.phone) for p in Person.objects.all()}
    assert {"+31671980866", "+31690777931", "+31609103649", "+31612345678"} <= phones
    person = Person.objects.get(family_name="Achternaam4")
    born = date(1970, 1, 1) + timedelta(days=97 * 4)
    assert (person.birth_date, person.gender, person.postcode) == (born, "male", "9414 AB")
    assert person.newcomer.country_of_origin == "ER"
    if filename.endswith(".xlsx"):
        assert Person.objects.filter(given_names=ARABIC[0], family_name=ARABIC[1]).exists()
        assert Person.objects.filter(given_names=ETHIOPIC[0], family_name=ETHIOPIC[1]).exists()


def test_unallocated_but_possible_phone_numbers_are_a_warning_not_an_error(taalcentrum):
    check = check_file(
        kind="newcomers",
        content=as_excel_csv(coordinators_rows(faults=False, scripts=False)),
        filename="lijst.csv",
    )

    assert check.ok, check.errors
    assert any("06-71980866" in warning for warning in check.warnings)


def test_a_number_that_cannot_be_a_phone_is_refused(taalcentrum):
    rows = coordinators_rows(faults=False, scripts=False)[:3]
    rows[1][HEADER.index("Telefoon")] = "12"

    check = check_file(kind="newcomers", content=as_excel_csv(rows), filename="lijst.csv")

    assert [(e.row, e.column) for e in check.errors] == [(2, "Telefoon")]
    assert "kan geen telefoonnummer zijn" in check.errors[0].message


def test_the_file_is_read_with_its_real_row_numbers(taalcentrum):
    rows = coordinators_rows(faults=False, scripts=False)[:4]
    rows.insert(2, [""] * len(HEADER))  # an empty row in between is skipped, not renumbered

    table = read_table(as_excel_csv(rows), "lijst.csv")

    assert [number for number, _ in table.rows] == [2, 4, 5]
