"""Field-level rules for personal data: Dutch postcodes, birth dates and phone numbers."""

from __future__ import annotations

import re
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields, modelfields
from phonenumber_field.phonenumber import PhoneNumber, to_python

#: Minimum age of anyone in the programme, newcomer or buddy.
MINIMUM_AGE = 16

#: A Dutch postcode as stored: four digits (no leading zero), a space, two capitals, never SA/SD/SS.
POSTCODE_RE = r"^[1-9][0-9]{3} [A-Z]{2}$"
_POSTCODE_INPUT = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
_POSTCODE_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}


def normalise_postcode(value: str) -> str:
    """``"9401ab"`` -> ``"9401 AB"``; anything that is not a postcode comes back unchanged."""
    match = _POSTCODE_INPUT.match(value or "")
    if not match:
        return (value or "").strip()
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    if value and (not re.match(POSTCODE_RE, value) or value[-2:] in _POSTCODE_FORBIDDEN_LETTERS):
        raise ValidationError(
            _("Enter a Dutch postcode: four digits and two letters, like 9401 AB."),
            code="invalid_postcode",
        )


class PostcodeField(models.CharField):
    """A Dutch postcode, normalised to ``1234 AB`` whenever the model is cleaned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_postcode)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_postcode(value) if value else value

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", 10)  # allow "9401  ab " before normalising
        field = super().formfield(**kwargs)
        field.widget.attrs.setdefault("autocomplete", "postal-code")
        return field


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def validate_birth_date(value: date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date of birth lies in the future."), code="future")
    if age_on(value, today) < MINIMUM_AGE:
        raise ValidationError(
            _("Participants are at least %(age)s years old.") % {"age": MINIMUM_AGE},
            code="too_young",
        )
    if value.year < 1900:
        raise ValidationError(_("Check the year of birth."), code="too_old")


def validate_not_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("This date lies in the future."), code="future")


# --- Phone numbers --------------------------------------------------------------------------------
#
# Coordinators type the numbers people give them. A number the phone library finds *possible* (the
# right length for its country) is stored, as E.164; one in a range not (yet) allocated is kept with
# a warning where the caller can show one (``phone_unallocated``); only what cannot be a phone
# number at all is refused. The import and the forms share this rule.


def phone_possible(number: PhoneNumber) -> bool:
    return bool(number.country_code) and (
        phonenumbers.is_possible_number(number) or number.is_valid()
    )


def phone_unallocated(number: PhoneNumber | None) -> bool:
    """A possible number in a range the numbering plan does not (yet) give out."""
    return bool(number) and phone_possible(number) and not number.is_valid()


def validate_possible_phone(value) -> None:
    number = to_python(value)
    if isinstance(number, PhoneNumber) and number and not phone_possible(number):
        raise ValidationError(
            _("“%(value)s” cannot be a phone number: check the digits.")
            % {"value": number.raw_input or str(number)},
            code="invalid",
        )


def phone_parse(text: str, region: str = "NL") -> PhoneNumber | None:
    """Text as typed (``06-71980866``, ``+31 6 09103649``) to a number, or ``ValidationError``."""
    if not text:
        return None
    number = to_python(text, region=region)
    validate_possible_phone(number)
    return number


class PhoneNumberFormField(formfields.PhoneNumberField):
    """Accepts every possible number (see above); the library's field wants an allocated one."""

    default_validators = [validate_possible_phone]


class PhoneField(modelfields.PhoneNumberField):
    """A phone number stored as E.164 whenever it is possible, not only when it is allocated."""

    default_validators = [validate_possible_phone]

    def get_prep_value(self, value):
        number = to_python(value, region=self.region) if isinstance(value, str) else value
        if isinstance(number, PhoneNumber) and number and phone_possible(number):
            return number.as_e164
        return super().get_prep_value(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PhoneNumberFormField)
        return super().formfield(**kwargs)
