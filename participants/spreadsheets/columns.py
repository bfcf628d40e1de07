"""The columns of a list of newcomers or buddies: how coordinators head them, how a cell is read
and how a value is written back out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from participants.fields import phone_parse
from participants.models import (
    DutchLevel,
    Gender,
    Priority,
    RecruitmentChannel,
    ReferralChannel,
    TargetGroup,
)
from participants.search import normalise
from participants.vocab import LANGUAGES, DayPart, Interest, Sector

# --- Reading values -------------------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_date(value) -> date | None:
    text = _text(value)
    if not text:
        return None
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


def _phone(value):
    return phone_parse(_text(value))


def _as_written(value) -> str:
    """Text kept exactly as the cell holds it (only outer spaces go)."""
    return _text(value)


# --- Columns --------------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """A column name as it is compared: ``"Geb. datum"`` and ``"gebdatum"`` are the same."""
    return re.sub(r"\W", "", normalise(text))


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

    @property
    def keys(self) -> list[str]:
        return [header_key(name) for name in (self.header, self.name, *self.aliases)]


def _labels(choices) -> Callable[[object], str]:
    names = dict(choices)
    return lambda value: str(names.get(value, value or ""))


def _list_labels(names: dict) -> Callable[[list], str]:
    return lambda values: "; ".join(str(names.get(value, value)) for value in values or [])


def _pick(header: str, target: str, choices, what, aliases: tuple[str, ...]) -> Column:
    """A column holding one of ``choices``, written by code or by Dutch or English name."""
    return Column(header, target, _choice(_lookup(choices), what), _labels(choices), aliases)


def _many(header: str, target: str, names: dict, what, aliases: tuple[str, ...]) -> Column:
    """A column holding several of ``names``, separated by ``;``, ``,`` or ``/``."""
    parse = _codes(_lookup(names.items()), what)
    return Column(header, target, parse, _list_labels(names), aliases)


def _on(header: str, target: str, aliases: tuple[str, ...]) -> Column:
    """A column holding a date, written dd-mm-yyyy (or as an Excel date)."""
    return Column(header, target, parse_date, aliases=aliases)


def show_phone(value) -> str:
    if not value:
        return ""
    return value.as_national if value.country_code == 31 else value.as_international


def _person_columns() -> list[Column]:
    return [
        Column(
            "Voornamen",
            "person.given_names",
            aliases=("voornaam", "given names", "first name", "roepnaam en voornamen"),
        ),
        Column(
            "Achternaam",
            "person.family_name",
            aliases=("family name", "naam", "last name", "surname", "familienaam"),
        ),
        Column(
            "Naam in eigen schrift",
            "person.native_name",
            _as_written,
            aliases=("eigen schrift", "naam eigen schrift", "native name"),
        ),
        Column("Roepnaam", "person.preferred_name", aliases=("preferred name", "roepnaam")),
        _on(
            "Geboortedatum",
            "person.birth_date",
            ("date of birth", "geb datum", "geb", "geboren", "birth date", "dob"),
        ),
        _pick(
            "Geslacht",
            "person.gender",
            Gender.choices,
            gettext_lazy("gender"),
            aliases=("gender", "m/v", "sekse"),
        ),
        *_contact_columns(),
    ]


def _contact_columns() -> list[Column]:
    return [
        Column(
            "Telefoon",
            "person.phone",
            _phone,
            show_phone,
            aliases=("telefoonnummer", "phone", "tel", "mobiel", "gsm", "telnr", "mobile"),
        ),
        Column("E-mail", "person.email", aliases=("e-mailadres", "email", "mail")),
        Column("Straat en huisnummer", "person.street", aliases=("adres", "straat", "address")),
        Column("Postcode", "person.postcode", aliases=("postal code", "pc")),
        Column("Woonplaats", "person.place", aliases=("plaats", "town", "city")),
        Column("Gemeente", "person.municipality", show=lambda m: m.name if m else ""),
        Column("Wijk", "person.neighbourhood", show=lambda n: n.name if n else ""),
        _many(
            "Talen",
            "person.languages",
            LANGUAGES,
            gettext_lazy("language"),
            aliases=("languages", "gesproken talen", "spreekt"),
        ),
        _many(
            "Interesses",
            "person.interests",
            dict(Interest.choices),
            gettext_lazy("interest"),
            aliases=("interests", "hobby's", "hobbys"),
        ),
        _many(
            "Beschikbaarheid",
            "person.availability",
            dict(DayPart.choices),
            gettext_lazy("day-part"),
            aliases=("availability", "beschikbaar"),
        ),
    ]


def _registered_on() -> Column:
    return _on(
        "Aangemeld op",
        "profile.registered_on",
        ("aanmelddatum", "registered on", "datum aanmelding"),
    )


def newcomer_columns() -> list[Column]:
    return [
        *_person_columns(),
        _registered_on(),
        _pick(
            "Prioriteit",
            "profile.priority",
            Priority.choices,
            gettext_lazy("priority"),
            aliases=("priority", "urgentie"),
        ),
        Column(
            "Land van herkomst",
            "profile.country_of_origin",
            _country,
            lambda c: c.name,
            aliases=("herkomstland", "land", "country of origin", "nationaliteit"),
        ),
        _on(
            "Aankomst in gemeente",
            "profile.arrival_date",
            ("aankomst", "datum aankomst", "arrival", "in gemeente sinds"),
        ),
        _pick(
            "Doelgroep",
            "profile.target_group",
            TargetGroup.choices,
            gettext_lazy("target group"),
            aliases=("target group", "groep"),
        ),
        _pick(
            "Niveau Nederlands",
            "profile.dutch_level",
            DutchLevel.choices,
            gettext_lazy("Dutch level"),
            aliases=("taalniveau", "niveau nl", "taal", "niveau", "nt2", "dutch level"),
        ),
        _pick(
            "Soort verwijzing",
            "profile.referral_channel",
            ReferralChannel.choices,
            gettext_lazy("kind of referral"),
            aliases=("kanaal", "referral channel", "came through"),
        ),
        Column(
            "Verwijzer",
            "profile.referral_text",
            _as_written,
            aliases=("verwezen door", "aangemeld via", "verwijzing", "referrer", "referred by"),
        ),
    ]


def buddy_columns() -> list[Column]:
    return [
        *_person_columns(),
        _registered_on(),
        Column("Beroep", "profile.profession", aliases=("profession", "werk", "functie")),
        _many(
            "Sectoren",
            "profile.expertise_sectors",
            dict(Sector.choices),
            gettext_lazy("sector"),
            aliases=("sector", "sectors", "expertise"),
        ),
        _pick(
            "Via",
            "profile.recruitment_channel",
            RecruitmentChannel.choices,
            gettext_lazy("channel"),
            aliases=("geworven via", "aangemeld via", "channel"),
        ),
        Column("Motivatie", "profile.motivation", aliases=("motivation", "waarom")),
        _on("VOG aangevraagd", "profile.vog_requested_on", ("vog aanvraag", "vog requested")),
        _on("VOG ontvangen", "profile.vog_received_on", ("vog", "vog received")),
    ]


def columns_for(kind: str) -> list[Column]:
    return newcomer_columns() if kind == "newcomers" else buddy_columns()
