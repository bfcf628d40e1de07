"""Fixed vocabularies shared by intake, matching and reporting.

Stored as codes (lists of codes in JSON fields), shown with their translated names. Codes
outside these lists are refused by the validators below, so an import or a form can never
store a language, interest, day-part or sector nobody knows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

#: ISO 639 codes (639-1 where one exists, else 639-3) of the languages the programme meets.
LANGUAGES: dict[str, str] = {
    "nl": _("Dutch"),
    "en": _("English"),
    "de": _("German"),
    "fr": _("French"),
    "es": _("Spanish"),
    "it": _("Italian"),
    "pt": _("Portuguese"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "apc": _("Levantine Arabic"),
    "ti": _("Tigrinya"),
    "tig": _("Tigre"),
    "am": _("Amharic"),
    "om": _("Oromo"),
    "so": _("Somali"),
    "fa": _("Persian (Farsi)"),
    "prs": _("Dari"),
    "ps": _("Pashto"),
    "ur": _("Urdu"),
    "hi": _("Hindi"),
    "tr": _("Turkish"),
    "ku": _("Kurdish"),
    "kmr": _("Kurmanji (Kurdish)"),
    "ckb": _("Sorani (Kurdish)"),
    "hy": _("Armenian"),
    "ka": _("Georgian"),
    "az": _("Azerbaijani"),
    "sw": _("Swahili"),
    "ln": _("Lingala"),
    "zh": _("Chinese"),
    "vi": _("Vietnamese"),
    "th": _("Thai"),
    "id": _("Indonesian"),
    "tl": _("Tagalog"),
    "fy": _("Frisian"),
}


class Interest(models.TextChoices):
    SPORTS = "sports", _("Sports")
    WALKING = "walking", _("Walking and cycling")
    COOKING = "cooking", _("Cooking")
    MUSIC = "music", _("Music")
    ART = "art", _("Art and crafts")
    READING = "reading", _("Reading")
    GARDENING = "gardening", _("Gardening and nature")
    TECHNOLOGY = "technology", _("Computers and technology")
    GAMES = "games", _("Games and puzzles")
    CULTURE = "culture", _("Museums and culture")
    CHILDREN = "children", _("Activities with children")
    FAITH = "faith", _("Faith and philosophy of life")
    VOLUNTEERING = "volunteering", _("Volunteering")
    LANGUAGE = "language", _("Languages")
    HISTORY = "history", _("History")
    FASHION = "fashion", _("Fashion and sewing")


class DayPart(models.TextChoices):
    """When someone can meet: the unit matching compares."""

    WEEKDAY_MORNING = "weekday_morning", _("Weekday mornings")
    WEEKDAY_AFTERNOON = "weekday_afternoon", _("Weekday afternoons")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekend")


class Sector(models.TextChoices):
    """Work and study sectors: a newcomer's work goal and a buddy's expertise use the same list."""

    CARE = "care", _("Health and care")
    EDUCATION = "education", _("Education and childcare")
    TECHNOLOGY = "technology", _("IT and technology")
    ENGINEERING = "engineering", _("Engineering and installation")
    CONSTRUCTION = "construction", _("Construction")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    LOGISTICS = "logistics", _("Transport and logistics")
    HOSPITALITY = "hospitality", _("Hospitality and catering")
    RETAIL = "retail", _("Retail and sales")
    AGRICULTURE = "agriculture", _("Agriculture and green")
    FINANCE = "finance", _("Finance and administration")
    GOVERNMENT = "government", _("Government and public service")
    LEGAL = "legal", _("Legal")
    CREATIVE = "creative", _("Creative and media")
    CLEANING = "cleaning", _("Cleaning and facility services")
    BUSINESS = "business", _("Entrepreneurship")
    SOCIAL = "social", _("Social work and welfare")
    OTHER = "other", _("Other")


def language_name(code: str) -> str:
    return str(LANGUAGES.get(code, code))


def language_choices() -> list[tuple[str, str]]:
    """The languages as form choices, sorted by their name in the current language."""
    return sorted(((code, str(name)) for code, name in LANGUAGES.items()), key=lambda c: c[1])


def _validate_codes(values: Iterable[str], known: Iterable[str], message) -> None:
    if not isinstance(values, list | tuple):
        raise ValidationError(_("Expected a list."), code="invalid")
    known = set(known)
    unknown = [value for value in values if value not in known]
    if unknown:
        raise ValidationError(
            message, code="unknown", params={"value": ", ".join(map(str, unknown))}
        )


def validate_languages(values) -> None:
    _validate_codes(values, LANGUAGES, _("Unknown language: %(value)s."))


def validate_interests(values) -> None:
    _validate_codes(values, Interest.values, _("Unknown interest: %(value)s."))


def validate_day_parts(values) -> None:
    _validate_codes(values, DayPart.values, _("Unknown day-part: %(value)s."))


def validate_sectors(values) -> None:
    _validate_codes(values, Sector.values, _("Unknown sector: %(value)s."))


def labels(values: Iterable[str], choices) -> str:
    """``"ar, ti"`` -> ``"Arabisch, Tigrinya"`` for a list of codes and a choices class or dict."""
    names = choices if isinstance(choices, dict) else dict(choices.choices)
    return ", ".join(str(names.get(value, value)) for value in values)


__all__ = [
    "LANGUAGES",
    "DayPart",
    "Interest",
    "Sector",
    "labels",
    "language_choices",
    "language_name",
    "validate_day_parts",
    "validate_interests",
    "validate_languages",
    "validate_sectors",
]


class Pillar(models.TextChoices):
    """The five pillars of the programme: the goals set at intake and the growth a certificate
    names at closing. A newcomer's goal for a pillar lives in the field ``goal_<value>``."""

    LANGUAGE = "language", _("Language")
    CULTURE = "culture", _("Culture")
    SOCIAL_CONTACTS = "social_contacts", _("Social contacts")
    HEALTH = "health", _("Health")
    WORK = "work", _("Work, internship or study")

    @property
    def goal_field(self) -> str:
        return f"goal_{self.value}"


#: The newcomer's goal fields, one per pillar, in the pillars' order.
GOAL_FIELDS: tuple[str, ...] = tuple(pillar.goal_field for pillar in Pillar)
