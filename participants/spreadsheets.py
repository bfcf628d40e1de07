"""Import and export of newcomers and buddies as CSV and Excel, in the columns coordinators use.

Import is all-or-nothing: every row is checked first with the same rules as the forms
(``full_clean`` on the models); only when no row has an error are they all written, in one
transaction, through the same services the forms use. Errors name the row (as the spreadsheet
numbers it) and the column, in Dutch. Export writes the same columns (``export_rows``), so a
file can go out and come back; ``vvsite.documents.spreadsheets`` writes it as CSV or Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl import load_workbook

from participants import services
from participants.models import (
    Buddy,
    DutchLevel,
    Gender,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
    Priority,
    RecruitmentChannel,
    TargetGroup,
)
from participants.search import normalise
from participants.vocab import LANGUAGES, DayPart, Interest, Sector
from vvsite.jobs import JobError

#: Characters that make a spreadsheet treat a cell as a formula (and tab/CR, per OWASP).
#: More rows than this would keep a web request busy too long (about 12 s per 1,000 rows).
MAX_ROWS = 1000


# --- Reading values -------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date; write it as dd-mm-yyyy.") % {"value": text})


def _lookup(choices: Iterable[tuple[object, object]]) -> dict[str, object]:
    """Every way to write a choice: its code, its Dutch and its English name, normalised."""
    table: dict[str, object] = {}
    for code, label in choices:
        table[normalise(str(code))] = code
        for language in ("nl", "en"):
            with translation.override(language):
                table[normalise(str(label))] = code
    return table


def _choice(lookup: dict[str, object], what: str) -> Callable[[object], object]:
    def parse(value):
        text = _text(value)
        if not text:
            return None
        try:
            return lookup[normalise(text)]
        except KeyError:
            raise ValidationError(
                _("Unknown %(what)s: “%(value)s”.") % {"what": what, "value": text}
            ) from None

    return parse


def _codes(lookup: dict[str, object], what: str) -> Callable[[object], list]:
    one = _choice(lookup, what)

    def parse(value):
        parts = [part for part in re.split(r"[;,/\n]", _text(value)) if part.strip()]
        codes = []
        for part in parts:
            code = one(part)
            if code not in codes:
                codes.append(code)
        return codes

    return parse


def _country(value) -> str:
    text = _text(value)
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    for language in ("nl", "en"):
        code = countries.by_name(text, language=language)
        if code:
            return code
    raise ValidationError(_("Unknown country: “%(value)s”.") % {"value": text})


# --- Columns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str  # Dutch, as in the coordinators' spreadsheets
    target: str  # "person.<field>" or "profile.<field>"
    parse: Callable[[object], object] = _text
    show: Callable[[object], object] = lambda value: value
    aliases: tuple[str, ...] = ()

    @property
    def owner(self) -> str:
        return self.target.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.target.split(".", 1)[1]


def _labels(choices) -> Callable[[object], str]:
    names = dict(choices)
    return lambda value: str(names.get(value, value or ""))


def _list_labels(names: dict) -> Callable[[list], str]:
    return lambda values: "; ".join(str(names.get(value, value)) for value in values or [])


def _person_columns() -> list[Column]:
    language_lookup = _lookup(LANGUAGES.items())
    return [
        Column("Voornamen", "person.given_names", aliases=("voornaam", "given names")),
        Column("Achternaam", "person.family_name", aliases=("family name", "naam")),
        Column("Naam in eigen schrift", "person.native_name"),
        Column("Roepnaam", "person.preferred_name"),
        Column("Geboortedatum", "person.birth_date", _date, aliases=("date of birth",)),
        Column(
            "Geslacht",
            "person.gender",
            _choice(_lookup(Gender.choices), gettext_lazy("gender")),
            _labels(Gender.choices),
        ),
        Column("Telefoon", "person.phone", aliases=("telefoonnummer", "phone"), show=_phone),
        Column("E-mail", "person.email", aliases=("e-mailadres", "email")),
        Column("Straat en huisnummer", "person.street", aliases=("adres",)),
        Column("Postcode", "person.postcode"),
        Column("Woonplaats", "person.place", aliases=("plaats",)),
        Column("Gemeente", "person.municipality", _text, lambda m: m.name if m else ""),
        Column("Wijk", "person.neighbourhood", _text, lambda n: n.name if n else ""),
        Column(
            "Talen",
            "person.languages",
            _codes(language_lookup, gettext_lazy("language")),
            _list_labels(LANGUAGES),
        ),
        Column(
            "Interesses",
            "person.interests",
            _codes(_lookup(Interest.choices), gettext_lazy("interest")),
            _list_labels(dict(Interest.choices)),
        ),
        Column(
            "Beschikbaarheid",
            "person.availability",
            _codes(_lookup(DayPart.choices), gettext_lazy("day-part")),
            _list_labels(dict(DayPart.choices)),
        ),
    ]


def _phone(value) -> str:
    if not value:
        return ""
    return value.as_national if value.country_code == 31 else value.as_international


def newcomer_columns() -> list[Column]:
    return [
        *_person_columns(),
        Column("Aangemeld op", "profile.registered_on", _date),
        Column(
            "Prioriteit",
            "profile.priority",
            _choice(_lookup(Priority.choices), gettext_lazy("priority")),
            _labels(Priority.choices),
        ),
        Column("Land van herkomst", "profile.country_of_origin", _country, lambda c: c.name),
        Column("Aankomst in gemeente", "profile.arrival_date", _date),
        Column(
            "Doelgroep",
            "profile.target_group",
            _choice(_lookup(TargetGroup.choices), gettext_lazy("target group")),
            _labels(TargetGroup.choices),
        ),
        Column(
            "Niveau Nederlands",
            "profile.dutch_level",
            _choice(_lookup(DutchLevel.choices), gettext_lazy("Dutch level")),
        ),
        Column("Verwijzer", "profile.referrer", _text, lambda org: org.name if org else ""),
    ]


def buddy_columns() -> list[Column]:
    return [
        *_person_columns(),
        Column("Aangemeld op", "profile.registered_on", _date),
        Column("Beroep", "profile.profession"),
        Column(
            "Sectoren",
            "profile.expertise_sectors",
            _codes(_lookup(Sector.choices), gettext_lazy("sector")),
            _list_labels(dict(Sector.choices)),
        ),
        Column(
            "Via",
            "profile.recruitment_channel",
            _choice(_lookup(RecruitmentChannel.choices), gettext_lazy("channel")),
            _labels(RecruitmentChannel.choices),
        ),
        Column("Motivatie", "profile.motivation"),
        Column("VOG aangevraagd", "profile.vog_requested_on", _date),
        Column("VOG ontvangen", "profile.vog_received_on", _date),
    ]


# --- Reading files --------------------------------------------------------------------------------


def read_rows(content: bytes, filename: str) -> list[list[object]]:
    """All rows of the first sheet (xlsx) or of a CSV in UTF-8 or Windows-1252, any delimiter."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(_("This Excel file cannot be read.")) from exc
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [row for row in rows if any(_text(cell) for cell in row)]
    if len(rows) > MAX_ROWS + 1:
        raise ValidationError(
            _("The file has more than %(max)s rows; split it up.") % {"max": MAX_ROWS}
        )
    return rows


# --- Checking and importing -----------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    person: dict = field(default_factory=dict)
    profile: dict = field(default_factory=dict)
    display: str = ""


@dataclass
class ImportCheck:
    kind: str
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def rows_with_errors(self) -> list[int]:
        return sorted({error.row for error in self.errors})


class _Places:
    """Municipalities, neighbourhoods and referrers by name: read once per import."""

    def __init__(self):
        self.municipalities = {normalise(m.name): m for m in Municipality.objects.all()}
        self.neighbourhoods = {
            (n.municipality_id, normalise(n.name)): n for n in Neighbourhood.objects.all()
        }
        self.referrers = {normalise(o.name): o for o in Organisation.objects.all()}


def _columns_for(kind: str) -> list[Column]:
    return newcomer_columns() if kind == "newcomers" else buddy_columns()


def _match_headers(headers: list, columns: list[Column]) -> tuple[dict[int, Column], list[str]]:
    by_name: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, column.name, *column.aliases):
            by_name.setdefault(normalise(name), column)
    matched, ignored = {}, []
    for index, header in enumerate(headers):
        column = by_name.get(normalise(_text(header)))
        if column is None or column in matched.values():
            if _text(header):
                ignored.append(_text(header))
            continue
        matched[index] = column
    return matched, ignored


def import_check(*, kind: str, content: bytes, filename: str) -> ImportCheck:
    """Read and check every row without writing anything."""
    check = ImportCheck(kind=kind)
    rows = read_rows(content, filename)
    if not rows:
        check.errors.append(RowError(1, "", _("The file is empty.")))
        return check
    columns = _columns_for(kind)
    matched, check.ignored_columns = _match_headers(rows[0], columns)
    if not any(column.name == "given_names" for column in matched.values()):
        check.errors.append(
            RowError(1, "Voornamen", _("The column “Voornamen” (given names) is missing."))
        )
        return check
    places = _Places()
    headers = {column.target: column.header for column in columns}
    for number, cells in enumerate(rows[1:], start=2):
        parsed = ParsedRow(row=number)
        errors: list[RowError] = []
        for index, column in matched.items():
            raw = cells[index] if index < len(cells) else None
            try:
                value = column.parse(raw)
            except ValidationError as exc:
                errors.append(RowError(number, column.header, " ".join(exc.messages)))
                continue
            if value is None:
                continue
            target = parsed.person if column.owner == "person" else parsed.profile
            target[column.name] = value
        errors += _resolve_places(parsed, places)
        errors += _validate(kind, parsed, headers)
        parsed.display = " ".join(
            part
            for part in (parsed.person.get("given_names"), parsed.person.get("family_name"))
            if part
        )
        check.rows.append(parsed)
        check.errors += errors
    if not check.rows:
        check.errors.append(RowError(2, "", _("The file has no rows below the column names.")))
    check.warnings = _duplicate_warnings(check.rows)
    return check


def _resolve_places(parsed: ParsedRow, places: _Places) -> list[RowError]:
    errors = []
    name = parsed.person.pop("municipality", "")
    municipality = None
    if name:
        municipality = places.municipalities.get(normalise(name))
        if municipality is None:
            errors.append(
                RowError(
                    parsed.row,
                    "Gemeente",
                    _("Unknown municipality: “%(value)s”.") % {"value": name},
                )
            )
        else:
            parsed.person["municipality"] = municipality
    hood = parsed.person.pop("neighbourhood", "")
    if hood:
        found = municipality and places.neighbourhoods.get((municipality.pk, normalise(hood)))
        if not found:
            errors.append(
                RowError(
                    parsed.row,
                    "Wijk",
                    _("Unknown neighbourhood in this municipality: “%(value)s”.") % {"value": hood},
                )
            )
        else:
            parsed.person["neighbourhood"] = found
    referrer = parsed.profile.pop("referrer", "")
    if referrer:
        organisation = places.referrers.get(normalise(referrer))
        if organisation is None:
            errors.append(
                RowError(
                    parsed.row,
                    "Verwijzer",
                    _("Unknown organisation: “%(value)s”. Add it under Organisations first.")
                    % {"value": referrer},
                )
            )
        else:
            parsed.profile["referrer"] = organisation
    return errors


def _validate(kind: str, parsed: ParsedRow, headers: dict[str, str]) -> list[RowError]:
    """The models' own rules (``full_clean``), reported by spreadsheet column."""
    person = Person(**parsed.person)
    profile_model = Newcomer if kind == "newcomers" else Buddy
    profile = profile_model(**parsed.profile)
    errors = []
    for owner, obj, exclude in (("person", person, []), ("profile", profile, ["person"])):
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                header = headers.get(f"{owner}.{name}", name)
                errors += [RowError(parsed.row, header, message) for message in messages]
    if not errors:
        parsed.person = {name: getattr(person, name) for name in parsed.person}
    return errors


def _duplicate_warnings(rows: list[ParsedRow]) -> list[str]:
    """Rows that are probably already in the records (same e-mail or phone): a warning."""
    emails = {row.person["email"].lower(): row for row in rows if row.person.get("email")}
    phones = {str(row.person["phone"]): row for row in rows if row.person.get("phone")}
    warnings = []
    for person in Person.objects.filter(email__in=list(emails)).only("pk", "email"):
        row = emails[person.email]
        warnings.append(
            _("Row %(row)s: a person with this e-mail address is already in the records.")
            % {"row": row.row}
        )
    for person in Person.objects.filter(phone__in=list(phones)).only("pk", "phone"):
        row = phones.get(str(person.phone))
        if row is not None:
            warnings.append(
                _("Row %(row)s: a person with this phone number is already in the records.")
                % {"row": row.row}
            )
    return warnings


class ImportRefused(JobError):
    def __init__(self, check: ImportCheck):
        rows = ", ".join(str(row) for row in check.rows_with_errors[:20])
        super().__init__(
            _("Nothing was imported: rows with errors: %(rows)s. Upload the file again to see why.")
            % {"rows": rows or "–"}
        )
        self.check = check


@transaction.atomic
def import_commit(*, kind: str, content: bytes, filename: str, by) -> int:
    """Check the whole file again and write every row, or nothing. Returns the count."""
    check = import_check(kind=kind, content=content, filename=filename)
    if not check.ok:
        raise ImportRefused(check)
    for parsed in check.rows:
        person = Person()
        if kind == "newcomers":
            services.newcomer_register(
                person=person, person_fields=parsed.person, fields=parsed.profile, by=by
            )
        else:
            services.buddy_register(
                person=person,
                person_fields=parsed.person,
                fields=parsed.profile,
                by=by,
                source=Buddy.Source.IMPORT,
            )
    return len(check.rows)


# --- Export ---------------------------------------------------------------------------------------


def _export_columns(kind: str) -> list[Column]:
    status_labels = dict((Newcomer if kind == "newcomers" else Buddy).Status.choices)
    return [
        Column("Nummer", "person.pk"),
        *_columns_for(kind),
        Column("Status", "profile.status", show=lambda value: str(status_labels.get(value, value))),
    ]


def export_rows(kind: str, profiles: Iterable) -> Iterator[list[object]]:
    """The header and one row per profile, values as a person reads them."""
    columns = _export_columns(kind)
    yield [column.header for column in columns]
    for profile in profiles:
        row = []
        for column in columns:
            owner = profile.person if column.owner == "person" else profile
            value = column.show(getattr(owner, column.name))
            row.append("" if value is None else value)
        yield row
