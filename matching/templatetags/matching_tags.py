"""Showing scores: what each criterion saw, signed points, bar widths in whole steps (the
Content-Security-Policy allows no inline styles, so widths are classes ``w-0`` … ``w-100``)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching import selectors
from participants.vocab import LANGUAGES, DayPart, Interest, Sector, labels

register = template.Library()

_CODES = {
    "interests": Interest,
    "language": LANGUAGES,
    "expertise": Sector,
    "availability": DayPart,
}


@register.filter
def evidence(value, criterion: str) -> str:
    """What a criterion saw, in words: shared codes by name, km, years, yes or a note."""
    if criterion in _CODES:
        return labels(value or [], _CODES[criterion]) if value else ""
    if value is None or value == "":
        return _("unknown") if criterion in ("distance", "age") else ""
    if criterion == "distance":
        return _("%(km)s km") % {"km": number_format(value, decimal_pos=1)}
    if criterion == "age":
        return ngettext("%(years)s year apart", "%(years)s years apart", value) % {"years": value}
    if criterion == "household":
        return _("both have a family") if value else ""
    if criterion == "notes":
        return f"{value:+d}" if value else ""
    return str(value)


@register.filter
def signed(points) -> str:
    """Points with their sign, as a score shows them: +12, 0, −4."""
    points = int(points or 0)
    if points > 0:
        return f"+{points}"
    if points < 0:
        return f"\N{MINUS SIGN}{-points}"
    return "0"


@register.filter
def share(points, most) -> int:
    """``points`` as a whole percentage of ``most`` (0 to 100), for a bar segment's width."""
    try:
        points, most = int(points), int(most)
    except (TypeError, ValueError):
        return 0
    if most <= 0 or points <= 0:
        return 0
    return max(1, min(100, round(100 * points / most)))


@register.simple_tag
def matching_home_counts(user) -> dict:
    return selectors.home_counts(user)


@register.simple_tag
def matches_of_person(person) -> list:
    return selectors.matches_of_person(person.pk)


@register.simple_tag
def own_matches(user) -> list:
    return selectors.own_matches(user)
