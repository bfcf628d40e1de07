"""CSV and Excel writers for exports: rows in, file bytes out.

Text a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Text a spreadsheet would run as a formula, made harmless with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_csv(rows: Iterable[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # what Dutch Excel expects
    for row in rows:
        writer.writerow(
            [
                escape_formula(
                    value.strftime("%d-%m-%Y") if isinstance(value, date) else str(value)
                )
                for value in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")  # Excel needs the BOM to read UTF-8


def export_xlsx(rows: Iterable[list[object]], *, title: str) -> bytes:
    """An Excel file in which every text cell is typed as text: a formula stays text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value if value != "" else None)
            if isinstance(value, str) and value:
                cell.data_type = "s"  # never "f", whatever the text starts with
                if value.startswith(FORMULA_START):
                    cell.quotePrefix = True
            elif isinstance(value, date):
                cell.number_format = "DD-MM-YYYY"
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
