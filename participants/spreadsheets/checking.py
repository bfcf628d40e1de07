"""Checking and importing a read spreadsheet (a ``Table``) under a column mapping.

Import is all-or-nothing: every row is checked first with the same rules as the forms
(``full_clean`` on the models); only when no row has an error are they all written, in one
transaction, through the same services the forms use. Errors name the row (as the spreadsheet
numbers it) and the column (as the file heads it), in Dutch.

Every column of the file with data is either mapped to a field or set aside by the coordinator:
``mapping_propose`` maps what it recognises (and what was mapped before for the same header row),
and a column left open stops the import until the coordinator decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participants import services
from participants.fields import phone_unallocated
from participants.models import (
    Buddy,
    ImportMapping,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
    ReferralChannel,
)
from participants.search import normalise
from participants.spreadsheets.columns import Column, columns_for, header_key
from participants.spreadsheets.reading import Table
from vvsite.jobs import JobError

#: Words in a referral that say how someone came when no organisation is named.
REFERRAL_WORDS = {
    ReferralChannel.SELF: ("eigen aanmelding", "zelf", "eigen initiatief", "self", "on their own"),
    ReferralChannel.FRIEND_FAMILY: ("vriend", "familie", "kennis", "buren", "friend", "family"),
}

#: What the coordinator decided for a referral no organisation is named by: keep it as text
#: (the default), create an organisation of that name, or link it to an organisation (its pk).
KEEP, CREATE = "", "new"

#: Columns our own export adds that an import does not take (the number and the workflow status
#: belong to the records that made the export): set aside without asking.
EXPORT_ONLY = {"nummer", "status"}


# --- Mapping --------------------------------------------------------------------------------------


def header_signature(table: Table) -> str:
    return "|".join(header_key(name) for name in table.header)


def mapping_propose(*, kind: str, table: Table) -> dict[str, str]:
    """Column index (as text) -> ``"person.x"``/``"profile.x"``, or ``""`` for set aside.

    The mapping remembered for this header row first; otherwise each header recognised by its
    name or a variant. A column without data (or one of ``EXPORT_ONLY``) is set aside; an unknown
    one with data stays open.
    """
    remembered = ImportMapping.objects.filter(kind=kind, header=header_signature(table)).first()
    if remembered is not None:
        return dict(remembered.mapping)
    by_key: dict[str, Column] = {}
    for column in columns_for(kind):
        for key in column.keys:
            by_key.setdefault(key, column)
    mapping: dict[str, str] = {}
    for index, header in enumerate(table.header):
        column = by_key.get(header_key(header))
        if column is not None and column.target not in mapping.values():
            mapping[str(index)] = column.target
        elif header_key(header) in EXPORT_ONLY or not table.has_data(index):
            mapping[str(index)] = ""
    return mapping


def mapping_remember(*, kind: str, table: Table, mapping: dict[str, str]) -> None:
    ImportMapping.objects.update_or_create(
        kind=kind, header=header_signature(table), defaults={"mapping": mapping}
    )


# --- Checking -------------------------------------------------------------------------------------


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
    #: A referral that names no organisation and no channel: the coordinator may decide.
    open_referral: str = ""
    #: The organisation to create for this row's referral (the coordinator's decision).
    new_organisation: str = ""

    @property
    def birth_date(self):
        return self.person.get("birth_date")

    @property
    def email(self) -> str:
        return self.person.get("email", "")


@dataclass
class FileColumn:
    """One column of the file as the preview shows it."""

    index: int
    header: str
    target: str | None  # None: not decided yet
    samples: list[str]


@dataclass
class ImportCheck:
    kind: str
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: list[FileColumn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def rows_with_errors(self) -> list[int]:
        return sorted({error.row for error in self.errors})

    @property
    def open_referrals(self) -> list[str]:
        return sorted({row.open_referral for row in self.rows if row.open_referral})

    @property
    def open_columns(self) -> list[FileColumn]:
        return [column for column in self.columns if column.target is None]


class _Places:
    """Municipalities, neighbourhoods and organisations by name: read once per import."""

    def __init__(self, referrals: dict[str, str]):
        self.referrals = referrals
        self.municipalities = {normalise(m.name): m for m in Municipality.objects.all()}
        self.neighbourhoods = {
            (n.municipality_id, normalise(n.name)): n for n in Neighbourhood.objects.all()
        }
        self.organisations = {normalise(o.name): o for o in Organisation.objects.all()}
        self.by_pk = {str(o.pk): o for o in self.organisations.values()}


def _file_columns(kind: str, table: Table, mapping: dict[str, str]) -> list[FileColumn]:
    targets = {column.target for column in columns_for(kind)}
    return [
        FileColumn(
            index,
            header,
            mapping[str(index)] if mapping.get(str(index)) in targets | {""} else None,
            table.samples(index),
        )
        for index, header in enumerate(table.header)
    ]


def _mapping_errors(check: ImportCheck) -> list[RowError]:
    errors = [
        RowError(1, column.header or "–", _("Choose the field this column holds or set it aside."))
        for column in check.open_columns
    ]
    seen: set[str] = set()
    for column in check.columns:
        if column.target and column.target in seen:
            errors.append(RowError(1, column.header, _("Another column holds this field too.")))
        seen.add(column.target or "")
    if "person.given_names" not in seen:
        errors.append(
            RowError(1, "Voornamen", _("The column “Voornamen” (given names) is missing."))
        )
    return errors


def import_check(
    *, kind: str, table: Table, mapping: dict[str, str], referrals: dict | None = None
) -> ImportCheck:
    """Check every row under the mapping without writing anything; ``referrals`` holds the
    coordinator's decision (``KEEP``, ``CREATE`` or an organisation's pk) per open referral."""
    check = ImportCheck(kind=kind, columns=_file_columns(kind, table, mapping))
    if not table.header:
        check.errors.append(RowError(1, "", _("The file is empty.")))
        return check
    check.errors = _mapping_errors(check)
    if check.errors:
        return check
    by_target = {column.target: column for column in columns_for(kind)}
    matched = {c.index: (by_target[c.target], c.header) for c in check.columns if c.target}
    headers = {column.target: header for column, header in matched.values()}
    places = _Places(referrals or {})
    for number, cells in table.rows:
        parsed, errors = _parse_row(number, cells, matched)
        errors += _resolve_places(parsed, places, headers)
        errors += _validate(kind, parsed, headers)
        check.rows.append(parsed)
        check.errors += errors
    if not check.rows:
        check.errors.append(RowError(2, "", _("The file has no rows below the column names.")))
    check.warnings = _phone_warnings(check.rows) + _duplicate_warnings(check.rows)
    return check


def _parse_row(number: int, cells: list[str], matched: dict) -> tuple[ParsedRow, list[RowError]]:
    parsed = ParsedRow(row=number)
    errors: list[RowError] = []
    for index, (column, header) in matched.items():
        raw = cells[index] if index < len(cells) else ""
        try:
            value = column.parse(raw)
        except ValidationError as exc:
            errors.append(RowError(number, header, " ".join(exc.messages)))
            continue
        if value is None:
            continue
        target = parsed.person if column.owner == "person" else parsed.profile
        target[column.name] = value
    names = (parsed.person.get("given_names"), parsed.person.get("family_name"))
    parsed.display = " ".join(part for part in names if part)
    return parsed, errors


def _resolve_places(parsed: ParsedRow, places: _Places, headers: dict) -> list[RowError]:
    errors = []
    name = parsed.person.pop("municipality", "")
    municipality = None
    if name:
        municipality = places.municipalities.get(normalise(name))
        if municipality is None:
            message = _("Unknown municipality: “%(value)s”.") % {"value": name}
            errors.append(RowError(parsed.row, headers["person.municipality"], message))
        else:
            parsed.person["municipality"] = municipality
    hood = parsed.person.pop("neighbourhood", "")
    if hood:
        found = municipality and places.neighbourhoods.get((municipality.pk, normalise(hood)))
        if not found:
            message = _("Unknown neighbourhood in this municipality: “%(value)s”.") % {
                "value": hood
            }
            errors.append(RowError(parsed.row, headers["person.neighbourhood"], message))
        else:
            parsed.person["neighbourhood"] = found
    _resolve_referral(parsed, places)
    return errors


def _resolve_referral(parsed: ParsedRow, places: _Places) -> None:
    """The referral as written: an organisation by its name, else the channel its words say,
    else what the coordinator decided (by default "other", kept as text). The text is kept
    unless it is just an organisation's name."""
    profile = parsed.profile
    text = profile.get("referral_text", "")
    if not text:
        return
    organisation = places.organisations.get(normalise(text))
    if organisation is None:
        words = normalise(text)
        for channel, markers in REFERRAL_WORDS.items():
            if any(marker in words for marker in markers):
                profile.setdefault("referral_channel", channel)
                return
        parsed.open_referral = text
        decision = places.referrals.get(text, KEEP)
        if decision == CREATE:
            parsed.new_organisation = text
        organisation = places.by_pk.get(decision)
        if organisation is None and decision != CREATE:
            profile.setdefault("referral_channel", ReferralChannel.OTHER)
            return
    profile["referrer"] = organisation
    profile["referral_text"] = ""
    profile.setdefault("referral_channel", ReferralChannel.ORGANISATION)


def _validate(kind: str, parsed: ParsedRow, headers: dict[str, str]) -> list[RowError]:
    """The models' own rules (``full_clean``), reported by the file's column."""
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


def _phone_warnings(rows: list[ParsedRow]) -> list[str]:
    return [
        _(
            "Row %(row)s: the phone number %(phone)s is possible but not in a range given out; "
            "check it with the person."
        )
        % {"row": row.row, "phone": row.person["phone"].raw_input or row.person["phone"]}
        for row in rows
        if phone_unallocated(row.person.get("phone"))
    ]


def _duplicate_warnings(rows: list[ParsedRow]) -> list[str]:
    """Rows that are probably already in the records (same e-mail or phone): a warning."""
    emails = {row.person["email"].lower(): row for row in rows if row.person.get("email")}
    phones = {row.person["phone"].as_e164: row for row in rows if row.person.get("phone")}
    warnings = []
    for person in Person.objects.filter(email__in=list(emails)).only("pk", "email"):
        row = emails[person.email.lower()]
        warnings.append(
            _("Row %(row)s: a person with this e-mail address is already in the records.")
            % {"row": row.row}
        )
    for person in Person.objects.filter(phone__in=list(phones)).only("pk", "phone"):
        row = phones.get(person.phone.as_e164)
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
def import_commit(
    *, kind: str, table: Table, mapping: dict[str, str], by, referrals: dict | None = None
) -> int:
    """Check the whole file again and write every row, or nothing. Returns the count."""
    check = import_check(kind=kind, table=table, mapping=mapping, referrals=referrals)
    if not check.ok:
        raise ImportRefused(check)
    created = _organisations_create(check.rows, by=by)
    for parsed in check.rows:
        if parsed.new_organisation:
            parsed.profile["referrer"] = created[parsed.new_organisation]
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


def _organisations_create(rows: list[ParsedRow], *, by) -> dict[str, Organisation]:
    """The organisations the coordinator chose to create from referrals, once each."""
    names = sorted({row.new_organisation for row in rows if row.new_organisation})
    return {
        name: services.organisation_save(
            organisation=Organisation(name=name[:200], is_referrer=True), by=by
        )
        for name in names
    }
