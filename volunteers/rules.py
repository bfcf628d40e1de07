"""The rules for hours as plain functions: forms use them for quick feedback, services enforce them.

Each returns a translated message for what is wrong, or None.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from volunteers.models import MAX_HOURS_PER_DAY, QUARTER


def hours_problem(hours: Decimal | None) -> str | None:
    if hours is None:
        return _("Fill in the number of hours.")
    try:
        hours = Decimal(hours)
    except (InvalidOperation, TypeError, ValueError):
        return _("Fill in the number of hours as a number, for example 1.5.")
    if not hours.is_finite() or hours <= 0:
        return _("Log more than 0 hours.")
    if hours > MAX_HOURS_PER_DAY:
        return _("At most 12 hours can be logged for one day.")
    if hours % QUARTER:
        return _("Log hours in steps of a quarter of an hour: 0.25, 0.5, 0.75, 1 and so on.")
    return None


def date_problem(day: date, *, today: date, started_on: date) -> str | None:
    if day > today:
        return _("Hours cannot be logged for a date in the future.")
    if day < started_on:
        return _(
            "You started as a volunteer on %(date)s; hours before that date cannot be logged."
        ) % {"date": date_format(started_on, "j F Y")}
    return None


def period_label(year: int, month: int | None) -> str:
    """ "March 2025" (capitalised, in the reader's language), or "2025" for a whole year."""
    if month:
        return date_format(date(year, month, 1), "F Y").capitalize()
    return str(year)


def closed_message(year: int, month: int | None) -> str:
    return _("%(period)s has been closed: its hours can no longer be changed.") % {
        "period": period_label(year, month)
    }


def day_total_problem(day: date, *, already: Decimal, adding: Decimal) -> str | None:
    if already + adding > MAX_HOURS_PER_DAY:
        return _(
            "On %(date)s you have already logged %(hours)s hours; with these that would be more "
            "than 12 hours on one day."
        ) % {"date": date_format(day, "j F Y"), "hours": _number(already)}
    return None


def _number(value: Decimal) -> str:
    value = value.normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places)
