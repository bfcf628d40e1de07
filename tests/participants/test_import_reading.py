"""Issue 12: reading is robust and safe. Quoting follows the standard dialect wherever the quote
is, UTF-16 imports, random bytes get a clear message, and an xlsx that claims the whole sheet
or holds a million rows costs neither time nor memory (measured in a child process under a
memory cap)."""

import io
import json
import random
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from participants.models import ImportBatch, Newcomer
from participants.spreadsheets.reading import MAX_ROWS, read_table
from tests.participants.sheets import csv_bytes, import_file

HYPERLINK = '=HYPERLINK("http://evil.example","klik")'
HEADER = ["Voornamen", "Achternaam", "E-mail", "Verwijzer"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 6, 1, 12), tick=False):
        yield


def _people(count: int, referral_at: int | None = None) -> list[list[str]]:
    rows = [HEADER]
    for index in range(count):
        referral = HYPERLINK if index == referral_at else "Eigen aanmelding"
        rows.append([f"Naam{index}", "Haddad", f"p{index}@example.org", referral])
    return rows


def test_a_quoted_cell_after_the_first_8_kb_round_trips_exactly(coordinator):
    rows = _people(300, referral_at=290)
    content = csv_bytes(rows, encoding="utf-8")
    assert content.index(b'"=HYPERLINK(""http') > 8192  # written as the standard dialect does

    import_file(kind="newcomers", content=content, filename="lijst.csv", by=coordinator)

    assert Newcomer.objects.get(person__given_names="Naam290").referral_text == HYPERLINK
    table = read_table(csv_bytes(rows, delimiter=","), "lijst.csv")
    assert table.rows[290][1][3] == HYPERLINK


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1252"])
def test_excels_unicode_text_and_the_other_encodings_import(coordinator, encoding):
    rows = _people(3)
    rows[1][1] = "Müller" if encoding == "cp1252" else "حداد"
    content = csv_bytes(rows, delimiter="\t", encoding=encoding)

    import_file(kind="newcomers", content=content, filename="lijst.csv", by=coordinator)

    assert Newcomer.objects.get(person__given_names="Naam0").person.family_name == rows[1][1]


@pytest.mark.parametrize("filename", ["lijst.csv", "lijst.xlsx"])
def test_random_bytes_get_a_clear_message(filename):
    content = random.Random(12).randbytes(5000)

    with pytest.raises(ValidationError) as refused, translation.override("nl"):
        read_table(content, filename)

    assert "niet" in refused.value.messages[0] and "te lezen" in refused.value.messages[0]


def test_random_bytes_on_the_upload_page_are_a_form_error_not_a_500(coordinator_client):
    upload = SimpleUploadedFile("lijst.csv", random.Random(3).randbytes(3000))

    response = coordinator_client.post(
        reverse("participants:import_upload"), {"kind": "newcomers", "file": upload}
    )

    assert response.status_code == 200
    assert "niet als lijst te lezen" in response.content.decode()
    assert not ImportBatch.objects.exists()


# --- Size: the declared dimension and a million rows ---------------------------------------------


def full_sheet_xlsx() -> bytes:
    """A small workbook whose sheet declares ``A1:XFD1048576``, as Excel sometimes writes."""
    workbook = Workbook()
    sheet = workbook.active
    for row in _people(5):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="A1:D6"', b'ref="A1:XFD1048576"')
                assert b"XFD1048576" in data
            target.writestr(item, data)
    return out.getvalue()


def million_rows_xlsx(path) -> None:
    """A million rows of inline strings, written straight to the zip (openpyxl would take
    minutes); about 5 MB on disk."""
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B1000000"/>'
                b"<sheetData>"
            )
            for number in range(1, 1_000_001):
                sheet.write(
                    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Naam%d</t></is></c></row>'
                    % (number, number, number)
                )
            sheet.write(b"</sheetData></worksheet>")


MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    import django
    django.setup()
    from django.core.exceptions import ValidationError
    from participants.spreadsheets.reading import read_table

    content = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + 400 * 2**20, hard))  # a runaway dies here
    start = time.perf_counter()
    try:
        rows = len(read_table(content, sys.argv[2]).rows)
    except ValidationError as error:
        rows = error.messages[0]
    seconds = time.perf_counter() - start
    extra = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"rows": rows, "seconds": seconds, "extra_mb": extra / 1024}))
    """
)


def _measure(path, filename) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), filename],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_small_xlsx_that_declares_the_whole_sheet_is_read_quickly_in_little_memory(tmp_path):
    path = tmp_path / "vol.xlsx"
    path.write_bytes(full_sheet_xlsx())
    assert path.stat().st_size < 10_000

    measured = _measure(path, "vol.xlsx")

    assert measured["rows"] == 5
    assert measured["seconds"] < 2
    assert measured["extra_mb"] < 100


def test_a_million_row_xlsx_is_refused_at_once_in_little_memory(tmp_path):
    path = tmp_path / "miljoen.xlsx"
    million_rows_xlsx(path)

    measured = _measure(path, "miljoen.xlsx")

    assert measured["rows"] == f"Het bestand heeft meer dan {MAX_ROWS} rijen; splits het op."
    assert measured["seconds"] < 2
    assert measured["extra_mb"] < 100
