"""Reading an uploaded spreadsheet into rows of text, once, at the upload.

CSV: UTF-8 (with or without BOM), Windows-1252 or UTF-16 (Excel's "Unicode text"); the delimiter
is whichever of ``;``, tab or ``,`` the header line holds most of; quoting is the standard dialect
(a quote inside a quoted cell is doubled), never guessed from a sample. xlsx: the first sheet,
streamed by openpyxl in read-only mode with the declared dimension ignored
(``reset_dimensions``), so a file that claims ``A1:XFD1048576`` costs no more than its cells.
Either way rows are counted as they stream and the file is refused as soon as it passes
``MAX_ROWS``; empty rows are skipped without being kept.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.parsers.expat import ExpatError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from vvsite.documents.spreadsheets import FORMULA_START

#: More rows than this would keep a web request busy too long (about 12 s per 1,000 rows).
MAX_ROWS = 1000
#: Wider than this is not a list of people.
MAX_COLUMNS = 100
#: Control characters never found in a text file (tab, line feed and carriage return are fine).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Table:
    """The header and the non-empty rows, each with its number as the spreadsheet shows it."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"header": self.header, "rows": [[number, cells] for number, cells in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(data["header"], [(number, cells) for number, cells in data["rows"]])

    def samples(self, index: int, count: int = 3) -> list[str]:
        """The first ``count`` values in a column, for the coordinator to recognise it."""
        values = (cells[index] for _, cells in self.rows if index < len(cells) and cells[index])
        return [value for value, _ in zip(values, range(count), strict=False)]

    def has_data(self, index: int) -> bool:
        return bool(self.samples(index, 1))


def read_table(content: bytes, filename: str) -> Table:
    """The first sheet of an xlsx or a CSV as text; a clear ``ValidationError`` otherwise."""
    if filename.lower().endswith(".xlsx"):
        return _collect(_xlsx_rows(content))
    return _collect(_csv_rows(content))


def cell_text(value) -> str:
    """A cell as text: dates (and date-times) as ``yyyy-mm-dd``, whole numbers without ``.0``,
    no outer spaces."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _collect(rows: Iterable[tuple[int, list[str]]]) -> Table:
    table = Table()
    for number, cells in rows:
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise ValidationError(
                _("Row %(row)s has more than %(max)s columns.")
                % {"row": number, "max": MAX_COLUMNS}
            )
        if not table.header:
            table.header = cells
            continue
        if len(table.rows) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows; split it up.") % {"max": MAX_ROWS}
            )
        table.rows.append((number, cells))
    return table


# --- CSV ------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif content[1:200:2].count(0) > 50:  # UTF-16 without a BOM: every other byte zero
        encodings = ["utf-16-le"]
    elif content[0:200:2].count(0) > 50:
        encodings = ["utf-16-be"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _BINARY.search(text):
            return text
    raise ValidationError(
        _(
            "This file cannot be read as a list. Save it from Excel as “CSV (semicolon "
            "separated)”, “CSV UTF-8” or “Excel workbook (.xlsx)” and upload it again."
        )
    )


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    try:
        for number, cells in enumerate(reader, start=1):  # a record is a row, even over lines
            yield number, [_unescape(cell.strip()) for cell in cells]
    except csv.Error as exc:
        raise ValidationError(
            _("Line %(line)s of the file cannot be read: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc


def _unescape(text: str) -> str:
    """Undo the apostrophe our own CSV export puts before text a spreadsheet would run."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


# --- xlsx -----------------------------------------------------------------------------------------

#: What openpyxl raises for a file that is not a workbook or is damaged.
_XLSX_ERRORS = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, ExpatError, OSError)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    unreadable = ValidationError(
        _("This Excel file cannot be read. Open it in Excel, save it as .xlsx and upload it again.")
    )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _XLSX_ERRORS as exc:
        raise unreadable from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size may be the whole sheet
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            width = next((i for i in range(len(values), 0, -1) if values[i - 1] is not None), 0)
            if width:
                yield number, [cell_text(value) for value in values[:width]]
    except _XLSX_ERRORS as exc:
        raise unreadable from exc
    finally:
        workbook.close()
