from django import template

from participants.selectors import home_counts
from participants.vocab import LANGUAGES, DayPart, Interest, Sector, labels

register = template.Library()


@register.filter
def language_names(codes) -> str:
    return labels(codes or [], LANGUAGES)


@register.filter
def interest_names(codes) -> str:
    return labels(codes or [], Interest)


@register.filter
def day_part_names(codes) -> str:
    return labels(codes or [], DayPart)


@register.filter
def sector_names(codes) -> str:
    return labels(codes or [], Sector)


@register.simple_tag
def intake_counts(user) -> dict[str, int]:
    """The intake figures of a coordinator's start page."""
    return home_counts(user)
