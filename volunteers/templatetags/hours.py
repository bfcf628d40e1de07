from decimal import Decimal

from django import template
from django.utils.formats import number_format

from volunteers import selectors
from volunteers.tables import hours_text

register = template.Library()


@register.filter
def hours(value) -> str:
    """1.50 -> "1,5" (in Dutch): hours without trailing zeros, in the reader's number format."""
    if value is None or value == "":
        return "\N{EN DASH}"
    return hours_text(Decimal(value))


@register.filter
def euros(value) -> str:
    return "€ " + number_format(
        Decimal(value).quantize(Decimal("1")), decimal_pos=0, force_grouping=True
    )


@register.inclusion_tag("volunteers/_home_panel.html", takes_context=True)
def hours_home_panel(context) -> dict:
    """The hours block of a volunteer's or coach's start page."""
    user = context["request"].user
    return {
        "request": context["request"],
        "totals": selectors.volunteer_totals(user),
        "recent": selectors.recent_combinations(user),
        "suggestion_count": selectors.open_suggestions(user).count(),
        "today": selectors.local_today(),
    }
