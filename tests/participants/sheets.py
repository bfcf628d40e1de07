"""Spreadsheets as coordinators save them, built in the tests: CSV in any encoding and dialect,
xlsx through openpyxl (real dates, shared strings), and helpers that read, map and check a file
the way the upload does."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from participants.spreadsheets.checking import (
    ImportCheck,
    import_check,
    import_commit,
    mapping_propose,
)
from participants.spreadsheets.reading import read_table


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", lineterminator="\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    """A workbook as Excel writes it: dates as date cells, text in the shared strings table, and
    text that starts with ``=`` typed as text (Excel's leading apostrophe), not as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.is_date:
                cell.number_format = "dd-mm-yyyy"
            elif cell.data_type == "f":
                cell.data_type = "s"
                cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_file(*, kind: str, content: bytes, filename: str) -> ImportCheck:
    table = read_table(content, filename)
    return import_check(kind=kind, table=table, mapping=mapping_propose(kind=kind, table=table))


def import_file(*, kind: str, content: bytes, filename: str, by) -> int:
    table = read_table(content, filename)
    mapping = mapping_propose(kind=kind, table=table)
    return import_commit(kind=kind, table=table, mapping=mapping, by=by)
