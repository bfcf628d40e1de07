"""The main navigation: each app lists its entries, each shown only to users its view lets in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import resolve, reverse

if TYPE_CHECKING:
    from vvsite.access import Rule



@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"  # a Bootstrap Icons name


@cache
def _rule_for(url_name: str) -> Rule:
    from vvsite.access import rule_of

    rule = rule_of(resolve(reverse(url_name)).func)
    if rule is None:
        raise LookupError(f"The view behind {url_name!r} declares no access rule")
    return rule


def nav_items_for(user) -> list[NavItem]:
    """The navigation entries ``user`` may open, in app order."""
    return [
        item
        for config in apps.get_app_configs()
        for item in getattr(config, "nav_items", ())
        if _rule_for(item.url_name).allows(user)
    ]
